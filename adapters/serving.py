"""``factcheck serve``: the chat platforms, the health check, and a stop that loses no answer.

systemd, Docker and Kubernetes stop a service with SIGTERM (a terminal with
SIGINT), then kill it after a grace period. Killed at once, the process would
drop every question it had acknowledged and not yet answered. On either signal
it stops taking new events, gives the answers in hand up to
``FACTCHECK_DRAIN_SECONDS`` (20 by default, which must stay under the
supervisor's grace period) to go out, closes its connections and exits 0, with
one log line as the drain begins and one as it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Collection, Coroutine, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from adapters.discord_server import DiscordConfig, serve_discord
from adapters.drain import Work
from adapters.health import HEALTH_HOST, Health, serve_health
from adapters.slack_server import SlackConfig, serve_slack
from bot import messages
from bot.errors import ConfigError, FactCheckError
from bot.factchecker import FactChecker

log = logging.getLogger("factcheck")

DRAIN_SECONDS = 20
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    """What ``factcheck serve`` runs, parsed once at start-up (``from_env``) and handed down
    to each server, so that every setting is checked before anything connects."""

    slack: SlackConfig | None = None
    discord: DiscordConfig | None = None
    port: int = 3000
    """The port of Slack's HTTP endpoint, when ``slack.http``."""
    host: str | None = None
    """The address to listen on; None: all interfaces for Slack's HTTP endpoint, loopback for ``health_port``."""
    health_port: int | None = None
    drain_seconds: float = DRAIN_SECONDS

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str],
        *,
        platforms: Collection[str],
        http: bool = False,
        port: int = 3000,
        host: str | None = None,
        health_port: int | None = None,
    ) -> ServeOptions:
        """Serving ``platforms`` ("slack", "discord") with what they need from ``env``; the first
        setting found wrong (Slack's, then Discord's, then the drain time) is a ``ConfigError``."""
        return cls(
            slack=SlackConfig.from_env(env, http=http) if "slack" in platforms else None,
            discord=DiscordConfig.from_env(env) if "discord" in platforms else None,
            port=port,
            host=host,
            health_port=health_port,
            drain_seconds=drain_seconds(env),
        )

    @property
    def platforms(self) -> tuple[str, ...]:
        """Those served: "slack", "discord" or both."""
        served = (("slack", self.slack), ("discord", self.discord))
        return tuple(name for name, config in served if config is not None)


def drain_seconds(env: Mapping[str, str]) -> float:
    raw = env.get("FACTCHECK_DRAIN_SECONDS", "").strip()
    if not raw:
        return DRAIN_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ConfigError(messages.SECONDS_SETTING.format(name="FACTCHECK_DRAIN_SECONDS", raw=raw))
    return seconds


async def serve(checker: FactChecker, options: ServeOptions) -> None:
    """Serve until SIGTERM or SIGINT, then drain and return; a platform failing stops the rest."""
    work = Work()
    health = Health(checker, work, options.platforms)
    servers: list[Coroutine[Any, Any, None]] = []
    if options.slack is not None:
        servers.append(
            serve_slack(checker, options.slack, port=options.port, host=options.host, work=work, health=health)
        )
    if options.discord is not None:
        servers.append(serve_discord(checker, options.discord, work=work, health=health))
    if options.health_port is not None:
        servers.append(serve_health(health, host=options.host or HEALTH_HOST, port=options.health_port))
    stop = asyncio.Event()
    try:
        with _stopping_on_signals(stop):
            async with asyncio.TaskGroup() as group:
                running = [group.create_task(checker.warm()), *(group.create_task(server) for server in servers)]
                await stop.wait()
                await _drain(work, options.drain_seconds)
                for task in running:
                    task.cancel()
    except* FactCheckError as failed:
        raise failed.exceptions[0] from None


async def _drain(work: Work, seconds: float) -> None:
    log.warning("stopping: no new questions taken; finishing %d in hand (up to %g s)", work.running, seconds)
    work.stop_taking()
    unfinished = await work.finish(within=seconds)
    if unfinished:
        log.warning("stopped after %g s with %d answer(s) unfinished", seconds, unfinished)
    else:
        log.warning("stopped: every answer in hand went out")


@contextlib.contextmanager
def _stopping_on_signals(stop: asyncio.Event) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stop.set)
    try:
        yield
    finally:
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)

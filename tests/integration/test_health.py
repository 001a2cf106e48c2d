"""``GET /healthz``: 200 with a small JSON body when the index is warm and every configured
platform is connected, 503 otherwise; on the Slack HTTP endpoint, and with ``--health-port``
for Socket Mode, Discord and both. The real ``serve`` against the loopback fakes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from discord.gateway import DiscordWebSocket

from adapters.drain import Work
from adapters.health import Health
from adapters.serving import ServeOptions, serve
from bot.factchecker import FactChecker
from bot.settings import Settings
from fakes.discord_api import fake_discord
from fakes.slack_api import SIGNING_SECRET, FakeSlack, Fault, command_envelope, fake_slack
from tests.conftest import SEEDS
from tests.service_process import health, healthy

QUESTION = "Who is John Kirby?"


def slack_env(fake: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_APP_TOKEN": "xapp-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{fake.url}/api",
    }


@contextlib.asynccontextmanager
async def serving(checker: FactChecker, options: ServeOptions) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(serve(checker, options))
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def status_becomes(url: str, wanted: int, timeout: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    status, body = await health(url)
    while status != wanted:
        assert time.monotonic() < deadline, f"{url} stayed {status}: {body}"
        await asyncio.sleep(0.05)
        status, body = await health(url)
    return body


def stored_counts(settings: Settings) -> tuple[int, int]:
    with sqlite3.connect(settings.db_path) as db:
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        passages = db.execute("SELECT count(*) FROM passages").fetchone()[0]
    db.close()
    return int(articles), int(passages)


async def test_the_slack_http_endpoint_serves_healthz_with_the_archive_and_the_connection(
    checker: FactChecker, settings: Settings, unused_tcp_port: int
) -> None:
    async with fake_slack() as fake:
        options = ServeOptions.from_env(
            slack_env(fake), platforms=("slack",), http=True, port=unused_tcp_port, host="127.0.0.1"
        )
        async with serving(checker, options):
            body = await healthy(f"http://127.0.0.1:{unused_tcp_port}/healthz")
    articles, passages = stored_counts(settings)
    assert articles == len(list(SEEDS.glob("*.txt"))) and passages > articles
    assert body["status"] == "ok" and body["index_warm"] is True
    assert (body["articles"], body["passages"]) == (articles, passages)
    assert isinstance(body["index_generation"], int) and 0 <= body["uptime_seconds"] < 600
    assert body["platforms"] == {"slack": "connected"}


async def test_healthz_is_503_until_the_index_is_warm(checker: FactChecker) -> None:
    async def connected() -> bool:
        return True

    checks = Health(checker, Work(), ["discord"])
    checks.watch("discord", connected)
    app = web.Application()
    checks.add_to(app)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        url = str(server.make_url("/healthz"))
        status, body = await health(url)
        assert status == 503 and body["status"] == "unavailable" and body["index_warm"] is False
        await checker.warm()
        status, body = await health(url)
        assert status == 200 and body["status"] == "ok" and body["index_warm"] is True
    finally:
        await server.close()


async def test_socket_mode_serves_healthz_on_the_health_port_and_is_503_while_disconnected(
    checker: FactChecker, unused_tcp_port: int
) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/healthz"
    async with fake_slack() as fake:
        options = ServeOptions.from_env(slack_env(fake), platforms=("slack",), health_port=unused_tcp_port)
        async with serving(checker, options):
            assert (await healthy(url))["platforms"] == {"slack": "connected"}
            fake.fail("apps.connections.open", Fault(status=500))
            await fake.drop_socket(abruptly=False)
            body = await status_becomes(url, 503)
    assert body["platforms"] == {"slack": "disconnected"} and body["index_warm"] is True


async def test_serve_all_reports_both_platforms(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch, unused_tcp_port: int
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    async with fake_slack() as slack, fake_discord() as fake:
        env = slack_env(slack) | {
            "DISCORD_TOKEN": "test-token",
            "DISCORD_API_BASE": f"{fake.url}/api/v10",
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        options = ServeOptions.from_env(env, platforms=("slack", "discord"), health_port=unused_tcp_port)
        async with serving(checker, options):
            body = await healthy(f"http://127.0.0.1:{unused_tcp_port}/healthz")
    assert body["platforms"] == {"slack": "connected", "discord": "connected"}


async def test_a_real_sigterm_drains_socket_mode_with_healthz_503_meanwhile(
    checker: FactChecker, unused_tcp_port: int
) -> None:
    """The signal reaches the serving task's handler; the answer in hand still goes out and ``serve``
    returns (the process would exit 0), the Socket Mode connection closed."""
    url = f"http://127.0.0.1:{unused_tcp_port}/healthz"
    async with fake_slack() as fake:
        fake.fail("response_url", Fault(status=429, retry_after=2, times=1))
        options = ServeOptions.from_env(slack_env(fake), platforms=("slack",), health_port=unused_tcp_port)
        async with serving(checker, options) as served:
            await healthy(url)
            await fake.deliver(command_envelope(QUESTION, fake.response_url()))
            await fake.wait_for("response_url")
            os.kill(os.getpid(), signal.SIGTERM)
            body = await status_becomes(url, 503)
            await asyncio.wait_for(asyncio.shield(served), 30)
        assert served.done() and served.exception() is None
        assert fake.sockets[-1][1].closed
    assert body["status"] == "stopping"
    first, second = fake.sent("response_url")
    assert first == second and "Kirby" in second["text"]


@pytest.mark.parametrize("host", [None, "127.0.0.2"])
async def test_host_chooses_the_address_loopback_by_default_for_the_health_port(
    checker: FactChecker, unused_tcp_port_factory: Any, host: str | None
) -> None:
    """Linux answers on all of 127/8: a server bound to 127.0.0.1 alone refuses 127.0.0.2."""
    slack_port, health_port = unused_tcp_port_factory(), unused_tcp_port_factory()
    async with fake_slack() as fake:
        options = ServeOptions.from_env(
            slack_env(fake), platforms=("slack",), http=True, port=slack_port, host=host, health_port=health_port
        )
        async with serving(checker, options):
            if host is None:
                await healthy(f"http://127.0.0.2:{slack_port}/healthz")  # all interfaces, as before
                await healthy(f"http://127.0.0.1:{health_port}/healthz")
                refused = [f"http://127.0.0.2:{health_port}/healthz"]
            else:
                await healthy(f"http://127.0.0.2:{slack_port}/healthz")
                await healthy(f"http://127.0.0.2:{health_port}/healthz")
                refused = [f"http://127.0.0.1:{slack_port}/healthz", f"http://127.0.0.1:{health_port}/healthz"]
            for url in refused:
                with pytest.raises(aiohttp.ClientConnectionError):
                    await health(url)

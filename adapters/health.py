"""``GET /healthz``: whether this process answers well now, for a supervisor, a load balancer or a HEALTHCHECK.

200 when the index is loaded and warm (no question waits on the disk) and every
configured platform is connected; 503 otherwise, and from the moment the process
begins to stop, so that traffic moves elsewhere while it finishes. The body says
which, in a few fields:

    {"status": "ok", "articles": 12, "passages": 340, "index_generation": 7,
     "index_warm": true, "uptime_seconds": 81.4, "platforms": {"slack": "connected"}}

The Slack HTTP endpoint serves it beside ``/slack/events``; Socket Mode and
Discord, which listen on no port, serve it alone with ``--health-port``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from aiohttp import web

from adapters.drain import Work
from adapters.startup_errors import start_site
from bot.index_state import IndexState

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
HEALTH_HOST = "127.0.0.1"

Connected = Callable[[], Awaitable[bool]]


class Reporting(Protocol):
    """The part of ``bot.factchecker.FactChecker`` a health check reads."""

    async def index_state(self) -> IndexState: ...


class Health:
    """The state of the index and of each configured platform's connection."""

    def __init__(self, checker: Reporting, work: Work, platforms: Iterable[str]) -> None:
        self._checker = checker
        self._work = work
        self._started = time.monotonic()
        # A platform is configured from the start, so that one still connecting counts as down.
        self._connected: dict[str, Connected | None] = dict.fromkeys(platforms)

    def watch(self, platform: str, connected: Connected) -> None:
        """From now on, ``platform`` is connected when ``connected`` says so."""
        self._connected[platform] = connected

    async def report(self) -> tuple[bool, dict[str, object]]:
        """Whether all is well, and the body that says what is."""
        state = await self._checker.index_state()
        platforms = {
            name: "connected" if connected is not None and await connected() else "disconnected"
            for name, connected in self._connected.items()
        }
        up = state.warm and all(value == "connected" for value in platforms.values())
        healthy = up and self._work.taking
        status = "ok" if healthy else "unavailable" if self._work.taking else "stopping"
        return healthy, {
            "status": status,
            "articles": state.articles,
            "passages": state.passages,
            "index_generation": state.generation,
            "index_warm": state.warm,
            "uptime_seconds": round(time.monotonic() - self._started, 1),
            "platforms": platforms,
        }

    async def handle(self, request: web.Request) -> web.Response:
        healthy, body = await self.report()
        return web.json_response(body, status=200 if healthy else 503, headers={"Cache-Control": "no-store"})

    def add_to(self, app: web.Application) -> None:
        app.router.add_get(HEALTH_PATH, self.handle)


async def serve_health(health: Health, *, host: str, port: int) -> None:
    """Serve ``/healthz`` alone on ``host``:``port`` until cancelled."""
    app = web.Application()
    health.add_to(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host=host, port=port)
        await start_site(site, host=host, port=port, option="--health-port")
        log.warning("serving the health check at %s%s", site.name, HEALTH_PATH)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()

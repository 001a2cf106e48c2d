"""Run the Slack app: Socket Mode (no public URL needed) or an HTTP endpoint.

The tokens are read once from the environment (or ``.env``), kept in
``Secret`` wrappers so they never reach a log line, and a missing one is named
in a one-line error before anything connects. In Socket Mode slack_sdk's
client reconnects by itself (``auto_reconnect_enabled``, on by default), with
a fresh URL from ``apps.connections.open``: at once when Slack closes the socket
or asks it to (a ``disconnect`` message), and within a few ping intervals when
the connection dies without a word.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from adapters.asking import Checker
from adapters.slack_app import build_slack_app, slack_api_url
from adapters.slack_retries import slack_web_client
from bot.errors import ConfigError
from bot.settings import Secret

EVENTS_PATH = "/slack/events"
# Requests Bolt works on at once; the rest wait their turn. A burst of a thousand
# slash commands otherwise had the event loop run a thousand requests' parsing,
# signature checks and dispatch back to back, a quarter of a second in which no
# other task (an answer going out, a Discord heartbeat) got a turn.
REQUESTS_AT_ONCE = 16


@dataclass(frozen=True, slots=True)
class SlackConfig:
    bot_token: Secret
    app_token: Secret | None
    signing_secret: Secret | None
    api_url: str | None

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, http: bool) -> SlackConfig:
        needed = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET" if http else "SLACK_APP_TOKEN"]
        missing = [name for name in needed if not env.get(name, "").strip()]
        if missing:
            mode = "HTTP mode" if http else "Socket Mode"
            raise ConfigError(f"Slack {mode} needs {' and '.join(missing)} (set in the environment or .env)")

        def secret(name: str) -> Secret | None:
            value = env.get(name, "").strip()
            return Secret(value) if value else None

        return cls(
            bot_token=Secret(env["SLACK_BOT_TOKEN"].strip()),
            app_token=secret("SLACK_APP_TOKEN"),
            signing_secret=secret("SLACK_SIGNING_SECRET"),
            api_url=slack_api_url(env),
        )


async def serve_slack(
    checker: Checker, env: Mapping[str, str], *, http: bool, port: int = 3000, ping_interval: float = 10.0
) -> None:
    """Serve until cancelled: Socket Mode by default, ``/slack/events`` on ``port`` with ``http``.

    ``ping_interval`` (Socket Mode) is how often the connection is pinged and
    checked: a closed one is replaced at the next check, one that stops
    answering pings within two or three intervals."""
    config = SlackConfig.from_env(env, http=http)
    client = slack_web_client(config.bot_token.value, base_url=config.api_url)
    signing_secret = config.signing_secret.value if config.signing_secret else ""
    app = build_slack_app(checker, client=client, signing_secret=signing_secret)
    if not http:
        app_token = config.app_token.value if config.app_token else ""
        handler = AsyncSocketModeHandler(app, app_token, ping_interval=ping_interval)
        try:
            await handler.start_async()  # type: ignore[no-untyped-call]
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
        return
    runner = web.AppRunner(events_app(app, port=port))
    await runner.setup()
    await web.TCPSite(runner, port=port).start()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def events_app(app: AsyncApp, *, port: int = 3000) -> web.Application:
    """Bolt's aiohttp application for ``/slack/events``, taking ``REQUESTS_AT_ONCE`` requests at a time.

    A request's handler returns once its listener has acknowledged (the answer
    follows in a task of its own), so a turn is short and the 3-second deadline
    holds for a burst of a thousand."""
    web_app = app.web_app(path=EVENTS_PATH, port=port)
    turns = asyncio.Semaphore(REQUESTS_AT_ONCE)

    @web.middleware
    async def in_turn(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        async with turns:
            return await handler(request)

    web_app.middlewares.append(in_turn)
    return web_app

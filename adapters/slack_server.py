"""Run the Slack app: Socket Mode (no public URL needed) or an HTTP endpoint.

The tokens are read once from the environment (or ``.env``) at start-up
(``SlackConfig.from_env``), kept in ``Secret`` wrappers so they never reach a
log line, and a missing one is named in a one-line error before anything
connects; ``serve_slack`` is handed what was read. In Socket Mode slack_sdk's
client reconnects by itself (``auto_reconnect_enabled``, on by default), with
a fresh URL from ``apps.connections.open``: at once when Slack closes the socket
or asks it to (a ``disconnect`` message), and within a few ping intervals when
the connection dies without a word.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from aiohttp import ClientError, web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from adapters.asking import Checker
from adapters.drain import Work
from adapters.health import Health
from adapters.slack_app import build_slack_app, slack_api_url
from adapters.slack_retries import slack_web_client
from adapters.startup_errors import StartupError, refused_token, start_site, unreachable
from bot import messages
from bot.errors import ConfigError
from bot.settings import Secret

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# Requests Bolt works on at once; the rest wait their turn. Otherwise a burst of
# slash commands has the event loop run every request's parsing, signature check
# and dispatch back to back, while no other task (an answer going out, a Discord
# heartbeat) gets a turn.
REQUESTS_AT_ONCE = 16
# Slack's answers to a token it will not take: the app must be given another.
REFUSED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"}
)


@dataclass(frozen=True, slots=True)
class SlackConfig:
    bot_token: Secret
    app_token: Secret | None
    signing_secret: Secret | None
    api_url: str | None
    http: bool
    """Serve ``/slack/events`` over HTTP (with the signing secret) instead of Socket Mode (with the app token)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, http: bool) -> SlackConfig:
        needed = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET" if http else "SLACK_APP_TOKEN"]
        missing = [name for name in needed if not env.get(name, "").strip()]
        if missing:
            platform = "Slack HTTP mode" if http else "Slack Socket Mode"
            raise ConfigError(messages.NEEDS_SETTINGS.format(platform=platform, names=" and ".join(missing)))

        def secret(name: str) -> Secret | None:
            value = env.get(name, "").strip()
            return Secret(value) if value else None

        return cls(
            bot_token=Secret(env["SLACK_BOT_TOKEN"].strip()),
            app_token=secret("SLACK_APP_TOKEN"),
            signing_secret=secret("SLACK_SIGNING_SECRET"),
            api_url=slack_api_url(env),
            http=http,
        )


async def serve_slack(
    checker: Checker,
    config: SlackConfig,
    *,
    port: int = 3000,
    host: str | None = None,
    ping_interval: float = 10.0,
    work: Work | None = None,
    health: Health | None = None,
) -> None:
    """Serve until cancelled: Socket Mode, or ``/slack/events`` on ``host``:``port`` with ``config.http``
    (all interfaces without ``host``), ``/healthz`` beside it when given ``health``.

    The tokens are checked first (``auth.test``; Socket Mode's app token by opening
    its first connection), so that a refused one ends the start in one line instead
    of failing every request. Once ``work`` stops taking events, the port or the
    socket is closed and the answers in hand go on through the Web API.
    ``ping_interval`` (Socket Mode) is how often the connection is pinged and
    checked: a closed one is replaced at the next check, one that stops
    answering pings within two or three intervals."""
    client = slack_web_client(config.bot_token.value, base_url=config.api_url)
    api_url = config.api_url or client.base_url
    await _checked(client.auth_test(), "SLACK_BOT_TOKEN", api_url)
    app_token = config.app_token.value if config.app_token else ""
    # Opened before the app is built, so that a refused app token is the only line printed.
    socket_url = None if config.http else await _socket_url(client, app_token, api_url)
    work = work if work is not None else Work()
    signing_secret = config.signing_secret.value if config.signing_secret else ""
    app = build_slack_app(checker, client=client, signing_secret=signing_secret, work=work)
    if socket_url is None:
        await _serve_http(app, host=host, port=port, work=work, health=health)
        return
    handler = AsyncSocketModeHandler(app, app_token, ping_interval=ping_interval)
    handler.client.wss_uri = socket_url
    try:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        log.warning("serving Slack over Socket Mode")
        if health is not None:
            health.watch("slack", handler.client.is_connected)
        await work.stopped_taking()
        await handler.close_async()  # type: ignore[no-untyped-call]
        await asyncio.Event().wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


async def _serve_http(app: AsyncApp, *, host: str | None, port: int, work: Work, health: Health | None) -> None:
    runner = web.AppRunner(events_app(app, port=port, work=work, health=health))
    await runner.setup()
    try:
        site = web.TCPSite(runner, host=host, port=port)
        await start_site(site, host=host, port=port, option="--port")
        log.warning("serving Slack over HTTP at %s%s", site.name, EVENTS_PATH)
        if health is not None:
            health.watch("slack", _listening)
        await work.stopped_taking()
        await site.stop()
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


async def _socket_url(client: AsyncWebClient, app_token: str, api_url: str) -> str:
    """A Socket Mode URL, which checks the app token: the first connection uses it, so none is opened in vain."""
    opened = await _checked(client.apps_connections_open(app_token=app_token), "SLACK_APP_TOKEN", api_url)
    return str(opened["url"])


async def _checked(call: Awaitable[AsyncSlackResponse], variable: str, api_url: str) -> AsyncSlackResponse:
    """Slack's answer to a start-up call made with the token in ``variable``; a refusal
    or an API out of reach is one line (``adapters.startup_errors``)."""
    try:
        return await call
    except SlackApiError as exc:
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        if error in REFUSED:
            raise refused_token("Slack", variable, str(error), messages.SLACK_TOKEN_AGAIN) from None
        detail = f"HTTP {exc.response.status_code} {error or ''}".rstrip()
        raise StartupError(messages.API_FAILED_AT_START.format(platform="Slack", url=api_url, detail=detail)) from None
    except (ClientError, TimeoutError) as exc:
        raise unreachable("Slack", api_url, exc) from None


async def _listening() -> bool:
    """An HTTP endpoint has no connection to keep: it is up once its token is taken and it listens."""
    return True


def events_app(
    app: AsyncApp,
    *,
    port: int = 3000,
    work: Work | None = None,
    health: Health | None = None,
    requests_at_once: int = REQUESTS_AT_ONCE,
) -> web.Application:
    """Bolt's aiohttp application for ``/slack/events``, taking ``requests_at_once`` requests at a time,
    and ``/healthz`` with ``health``.

    A request's handler returns once its listener has acknowledged (the answer
    follows in a task of its own), so a turn is short and the 3-second deadline
    holds for a burst of a thousand. Once ``work`` stops taking events, a request
    that still comes (on a connection kept alive) gets 503, which Slack retries."""
    web_app = app.web_app(path=EVENTS_PATH, port=port)
    if health is not None:
        health.add_to(web_app)
    turns = asyncio.Semaphore(requests_at_once)

    @web.middleware
    async def in_turn(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if work is not None and not work.taking:
            return web.Response(status=503, text="stopping")
        async with turns:
            return await handler(request)

    web_app.middlewares.append(in_turn)
    return web_app

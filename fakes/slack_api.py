"""A loopback fake of the Slack Web API, of response URLs and of Socket Mode, recording what Slack would receive.

Faults are set per method (``fail``): rate limits with ``Retry-After``, server
errors, answers slower than the client's timeout, or a connection cut without
an answer, for a number of calls or for good. Every attempt is recorded, failed
ones included. ``apps.connections.open`` hands out the fake's own Socket Mode
URL (``/socket``), whose connections can be fed envelopes and dropped.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import WSMsgType, web
from slack_sdk.signature import SignatureVerifier

from fakes.loopback import serve_on_loopback
from fakes.waiting import wait_until

SIGNING_SECRET = "test-signing-secret"
BOT_USER = "UBOT"


@dataclass
class Fault:
    """How the fake answers a method while the fault lasts."""

    status: int = 500
    """The HTTP status; 200 with a ``delay`` is a slow but good answer."""
    retry_after: int | None = None
    """The ``Retry-After`` header, in seconds."""
    delay: float = 0.0
    """Seconds before answering: longer than the client's timeout makes a timeout."""
    times: int | None = None
    """How many calls it answers; None: every call."""
    cut: bool = False
    """Close the connection without answering, as a reset or a crashed proxy would."""


@dataclass
class FakeSlack:
    url: str = ""
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    """When each call arrived (``time.monotonic()``), in step with ``calls``."""
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    """Per method, the faults still to answer with, the first until its ``times`` are used up."""
    sockets: list[tuple[web.Request, web.WebSocketResponse]] = field(default_factory=list)
    """Every Socket Mode connection the app opened, the newest last."""
    not_in: set[str] = field(default_factory=set)
    """Conversations the bot is no member of: ``chat.postMessage`` there answers ``not_in_channel``."""
    refused_tokens: set[str] = field(default_factory=set)
    """Tokens answered with ``invalid_auth``, as Slack answers a revoked or mistyped one."""

    def response_url(self, name: str = "r1", *, kind: str = "commands") -> str:
        """A response URL shaped as Slack's (``/commands/TEAM/ID/SECRET``, ``/actions/...``, a shortcut's
        ``/app/...``), ``name`` its secret."""
        return f"{self.url}/{kind}/T1/1000/{name}"

    def fail(self, method: str, fault: Fault) -> None:
        """Answer ``method`` (a Web API method, or ``response_url``) with ``fault``, after the faults set before."""
        self.faults.setdefault(method, []).append(fault)

    def _record(self, method: str, body: dict[str, Any]) -> None:
        self.calls.append((method, body))
        self.times.append(time.monotonic())

    async def _fault(self, request: web.Request, method: str) -> web.Response | None:
        """The faulty answer for this call of ``method``, if one is due, after the fault's delay."""
        pending = self.faults.get(method)
        if not pending:
            return None
        fault = pending[0]
        if fault.times is not None:
            fault.times -= 1
            if fault.times <= 0:
                pending.pop(0)
        await asyncio.sleep(fault.delay)
        if fault.cut:
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)
        if fault.status == 200:
            return None
        headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
        if fault.status == 429:
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers=headers)
        return web.Response(status=fault.status, text="upstream connect error", headers=headers)

    def sent(self, method: str) -> list[dict[str, Any]]:
        return [body for called, body in self.calls if called == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        await wait_until(
            lambda: len(self.sent(method)) >= count,
            lambda: f"Slack never received {count} {method}; got {self.calls}",
            timeout=timeout,
        )
        return self.sent(method)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await _body(request)
        self._record(method, body)
        if faulty := await self._fault(request, method):
            return faulty
        if method == "chat.postMessage" and body.get("channel") in self.not_in:
            return web.json_response({"ok": False, "error": "not_in_channel"})
        if request.headers.get("Authorization", "").removeprefix("Bearer ") in self.refused_tokens:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        answers: dict[str, dict[str, Any]] = {
            "auth.test": {"ok": True, "user_id": BOT_USER, "team_id": "T1", "bot_id": "B1", "user": "factcheck"},
            "chat.postMessage": {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"},
            "apps.connections.open": {"ok": True, "url": self.url.replace("http://", "ws://", 1) + "/socket"},
        }
        return web.json_response(answers.get(method, {"ok": True}))

    async def _respond(self, request: web.Request) -> web.Response:
        self._record("response_url", await _body(request))
        if faulty := await self._fault(request, "response_url"):
            return faulty
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """A Socket Mode connection: ``hello`` first, then every message the app sends is recorded as ``socket``."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append((request, ws))
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self._record("socket", json.loads(message.data))
        return ws

    async def wait_for_sockets(self, count: int, timeout: float = 10.0) -> None:
        await wait_until(
            lambda: len(self.sockets) >= count,
            lambda: f"Socket Mode connected {len(self.sockets)} times, not {count}",
            timeout=timeout,
        )

    async def deliver(self, envelope: dict[str, Any]) -> None:
        """Send a Socket Mode envelope down the newest connection."""
        await self.sockets[-1][1].send_json(envelope)

    async def drop_socket(self, *, abruptly: bool) -> None:
        """End the newest connection: with a close frame as Slack does, or by cutting the TCP connection."""
        request, ws = self.sockets[-1]
        if abruptly:
            assert request.transport is not None
            request.transport.close()
        else:
            await ws.close(code=1001, message=b"going away")


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.text()
    if request.content_type == "application/json":
        return dict(json.loads(raw or "{}"))
    return dict(await request.post())


@asynccontextmanager
async def fake_slack(fake: FakeSlack | None = None) -> AsyncIterator[FakeSlack]:
    """``fake`` (a plain ``FakeSlack`` by default, or a subclass that records more) served on loopback."""
    fake = fake or FakeSlack()
    app = web.Application()
    app.router.add_post("/api/{method}", fake._api)
    app.router.add_post("/{kind:commands|actions|app}/{team}/{hook}/{name}", fake._respond)
    app.router.add_get("/socket", fake._socket)
    async with serve_on_loopback(app) as url:
        fake.url = url
        yield fake


def signed_headers(body: str, *, content_type: str, secret: str = SIGNING_SECRET, age: int = 0) -> dict[str, str]:
    timestamp = str(int(time.time()) - age)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None, "slack_sdk signs any timestamp and body given"
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }


def command_body(text: str, response_url: str, *, user: str = "U1") -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "channel_id": "C1",
            "user_id": user,
            "command": "/factcheck",
            "text": text,
            "response_url": response_url,
            "trigger_id": "1.2.3",
            "api_app_id": "A1",
        }
    )


def _event_envelope(event: dict[str, Any], event_id: str) -> str:
    """``event`` as the Events API delivers it to this workspace's bot."""
    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}],
        }
    )


def mention_body(
    text: str, *, event_id: str = "Ev1", ts: str = "1700000000.000100", thread_ts: str | None = None
) -> str:
    event: dict[str, Any] = {"type": "app_mention", "user": "U1", "text": text, "ts": ts, "channel": "C1"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return _event_envelope(event, event_id)


def channel_message_body(
    text: str, *, ts: str, thread_ts: str | None = None, event_id: str = "", user: str = "U1", **more: str
) -> str:
    """A ``message.channels`` event: ``text`` written by ``user`` in the channel C1, in the thread
    ``thread_ts`` when given; ``more`` adds fields such as ``bot_id`` or ``subtype``."""
    event = {"type": "message", "channel": "C1", "channel_type": "channel", "user": user, "text": text, "ts": ts}
    event |= {"event_ts": ts, **({"thread_ts": thread_ts} if thread_ts else {}), **more}
    return _event_envelope(event, event_id or f"EvMessage{ts}")


def events_envelope(body: str, *, envelope_id: str) -> dict[str, Any]:
    """An Events API request body as Socket Mode delivers it."""
    return {
        "envelope_id": envelope_id,
        "type": "events_api",
        "payload": json.loads(body),
        "accepts_response_payload": False,
    }


def direct_message_body(text: str, *, event_id: str = "EvDm1", user: str = "U1", **more: str) -> str:
    """A ``message.im`` event: ``text`` sent to the bot in the direct message D1; ``more`` adds fields
    such as ``bot_id`` or ``subtype``."""
    event = {"type": "message", "channel": "D1", "channel_type": "im", "user": user, "text": text}
    event |= {"ts": "1700000000.000300", "event_ts": "1700000000.000300", **more}
    return _event_envelope(event, event_id)


def shortcut_body(
    text: str, response_url: str, *, channel: str = "C1", ts: str = "1700000000.000400", thread_ts: str | None = None
) -> str:
    """*Fact-check this message* used by U1 on a message of U2's, as Slack posts a ``message_action``."""
    message: dict[str, Any] = {"type": "message", "user": "U2", "text": text, "ts": ts}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "message_action",
        "callback_id": "factcheck_message",
        "trigger_id": "1.2.3",
        "action_ts": "1700000001.000000",
        "message_ts": ts,
        "team": {"id": "T1", "domain": "newsroom"},
        "user": {"id": "U1", "name": "desk"},
        "channel": {"id": channel, "name": "news"},
        "message": message,
        "response_url": response_url,
        "token": "legacy",
    }
    return urlencode({"payload": json.dumps(payload)})


def action_body(action_id: str, value: str, response_url: str, *, channel: str = "C1") -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "api_app_id": "A1",
        "channel": {"id": channel},
        "container": {"type": "message", "channel_id": channel, "is_ephemeral": True},
        "trigger_id": "1.2.3",
        "response_url": response_url,
        "actions": [{"type": "button", "action_id": action_id, "block_id": "factcheck_feedback", "value": value}],
    }
    return urlencode({"payload": json.dumps(payload)})


def command_envelope(text: str, response_url: str, *, envelope_id: str = "env1") -> dict[str, Any]:
    """A slash command as Socket Mode delivers it: the same fields as the HTTP form, in an envelope."""
    return {
        "envelope_id": envelope_id,
        "type": "slash_commands",
        "payload": dict(parse_qsl(command_body(text, response_url))),
        "accepts_response_payload": True,
    }

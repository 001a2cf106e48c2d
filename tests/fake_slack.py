"""A loopback fake of the Slack Web API and of response URLs, recording what Slack would receive."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from .loopback import serve_on_loopback

SIGNING_SECRET = "test-signing-secret"
BOT_USER = "UBOT"


@dataclass
class FakeSlack:
    url: str = ""
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}/respond/{name}"

    def sent(self, method: str) -> list[dict[str, Any]]:
        return [body for called, body in self.calls if called == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.sent(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"Slack never received {count} {method}; got {self.calls}")
            await asyncio.sleep(0.01)
        return self.sent(method)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await _body(request)
        self.calls.append((method, body))
        answers: dict[str, dict[str, Any]] = {
            "auth.test": {"ok": True, "user_id": BOT_USER, "team_id": "T1", "bot_id": "B1", "user": "factcheck"},
            "chat.postMessage": {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"},
        }
        return web.json_response(answers.get(method, {"ok": True}))

    async def _respond(self, request: web.Request) -> web.Response:
        self.calls.append(("response_url", await _body(request)))
        return web.Response(text="ok")


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.text()
    if request.content_type == "application/json":
        return dict(json.loads(raw or "{}"))
    return dict(await request.post())


@asynccontextmanager
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    app = web.Application()
    app.router.add_post("/api/{method}", fake._api)
    app.router.add_post("/respond/{name}", fake._respond)
    async with serve_on_loopback(app) as url:
        fake.url = url
        yield fake


def signed_headers(body: str, *, content_type: str, secret: str = SIGNING_SECRET, age: int = 0) -> dict[str, str]:
    timestamp = str(int(time.time()) - age)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
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


def mention_body(
    text: str, *, event_id: str = "Ev1", ts: str = "1700000000.000100", thread_ts: str | None = None
) -> str:
    event: dict[str, Any] = {"type": "app_mention", "user": "U1", "text": text, "ts": ts, "channel": "C1"}
    if thread_ts:
        event["thread_ts"] = thread_ts
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


def action_body(action_id: str, value: str, response_url: str) -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "api_app_id": "A1",
        "channel": {"id": "C1"},
        "container": {"type": "message", "channel_id": "C1", "is_ephemeral": True},
        "trigger_id": "1.2.3",
        "response_url": response_url,
        "actions": [{"type": "button", "action_id": action_id, "block_id": "factcheck_feedback", "value": value}],
    }
    return urlencode({"payload": json.dumps(payload)})

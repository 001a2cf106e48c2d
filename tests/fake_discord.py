"""A loopback fake of Discord's REST API, and raw gateway payloads, for driving real discord.py."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .loopback import serve_on_loopback

APP_ID, BOT_ID, GUILD_ID, CHANNEL_ID, USER_ID = "800", "1000", "700", "600", "42"
BOT_USER = {
    "id": BOT_ID,
    "username": "factcheck",
    "discriminator": "0",
    "avatar": None,
    "bot": True,
    "global_name": None,
}
REPORTER = {"id": USER_ID, "username": "reporter", "discriminator": "0", "avatar": None, "global_name": "Reporter"}
MEMBER = {"roles": [], "joined_at": "2022-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0}


def message_payload(content: str, *, message_id: str = "1001", author: dict[str, Any] = REPORTER) -> dict[str, Any]:
    mentions = [BOT_USER] if f"<@{BOT_ID}>" in content else []
    return {
        "id": message_id,
        "channel_id": CHANNEL_ID,
        "guild_id": GUILD_ID,
        "author": author,
        "member": MEMBER,
        "content": content,
        "timestamp": "2026-11-24T10:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        "components": [],
    }


def interaction_payload(data: dict[str, Any], *, kind: int = 2, interaction_id: str = "900") -> dict[str, Any]:
    return {
        "id": interaction_id,
        "application_id": APP_ID,
        "type": kind,
        "token": f"token-{interaction_id}",
        "version": 1,
        "guild_id": GUILD_ID,
        "channel_id": CHANNEL_ID,
        "member": {**MEMBER, "user": REPORTER, "permissions": "0"},
        "data": data,
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0,
        "attachment_size_limit": 8 * 1024 * 1024,
    }


def command_payload(question: str, *, private: bool | None = None, interaction_id: str = "900") -> dict[str, Any]:
    options: list[dict[str, Any]] = [{"name": "question", "type": 3, "value": question}]
    if private is not None:
        options.append({"name": "private", "type": 5, "value": private})
    return interaction_payload(
        {"id": "801", "name": "factcheck", "type": 1, "options": options}, interaction_id=interaction_id
    )


def button_payload(custom_id: str, *, interaction_id: str = "901") -> dict[str, Any]:
    payload = interaction_payload({"custom_id": custom_id, "component_type": 2}, kind=3, interaction_id=interaction_id)
    button = {"type": 2, "style": 2, "label": "vote", "custom_id": custom_id}
    payload["message"] = {
        **message_payload("", message_id="1002", author=BOT_USER),
        "components": [{"type": 1, "components": [button]}],
    }
    return payload


@dataclass
class FakeDiscord:
    url: str = ""
    requests: list[tuple[str, str, Any, float]] = field(default_factory=list)
    token_valid: bool = True

    def sent(self, method: str, path_part: str) -> list[Any]:
        return [body for m, path, body, _ in self.requests if m == method and path_part in path]

    def when(self, method: str, path_part: str) -> float:
        return next(at for m, path, _, at in self.requests if m == method and path_part in path)

    async def wait_for(self, method: str, path_part: str, count: int = 1, timeout: float = 10.0) -> list[Any]:
        deadline = time.monotonic() + timeout
        while len(self.sent(method, path_part)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"Discord never received {method} {path_part}: {self.requests}")
            await asyncio.sleep(0.01)
        return self.sent(method, path_part)

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.path.removeprefix("/api/v10")
        body = await _body(request)
        self.requests.append((request.method, path, body, time.monotonic()))
        if path == "/users/@me":
            if not self.token_valid:
                return _json({"message": "401: Unauthorized", "code": 0}, status=401)
            return _json(BOT_USER)
        if path == "/oauth2/applications/@me":
            return _json(
                {
                    "id": APP_ID,
                    "name": "factcheck",
                    "icon": None,
                    "description": "",
                    "rpc_origins": [],
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "summary": "",
                    "verify_key": "k",
                    "flags": 0,
                    "owner": REPORTER,
                }
            )
        if path.endswith("/commands") and request.method == "PUT":
            return _json(
                [{**c, "id": "801", "application_id": APP_ID, "version": "1", "type": c.get("type", 1)} for c in body]
            )
        if path.endswith("/callback"):
            interaction = path.split("/")[2]
            return _json({"interaction": {"id": interaction, "type": 2, "response_message_loading": True}})
        if request.method == "POST" and ("/messages" in path or path.startswith("/webhooks/")):
            sent = body if isinstance(body, dict) else {}
            return _json(
                {
                    **message_payload(sent.get("content") or "", message_id="2001", author=BOT_USER),
                    "embeds": sent.get("embeds", []),
                }
            )
        return _json({})


async def _body(request: web.Request) -> Any:
    if request.content_type == "multipart/form-data":
        form = await request.post()
        return json.loads(str(form["payload_json"]))
    raw = await request.text()
    return json.loads(raw) if raw else None


def _json(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json": discord.py does not parse a charset suffix as JSON.
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


@asynccontextmanager
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake._handle)
    async with serve_on_loopback(app) as url:
        fake.url = url
        yield fake

"""A loopback fake of Discord's REST API and gateway, and raw gateway payloads, for driving real discord.py.

Faults are set per route (``fail``): rate limits with ``retry_after``, server
errors, or a connection cut without an answer. Every attempt is recorded,
failed ones included. The gateway (``/gateway``) says HELLO, answers IDENTIFY
with READY and RESUME with RESUMED, acknowledges heartbeats, and can be
dropped with a close code. After READY it sends GUILD_CREATE for each server
the bot is in (``guilds``), as Discord does; leaving one (``DELETE
/users/@me/guilds/{id}``) answers GUILD_DELETE.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import discord
from aiohttp import WSMsgType, web

from fakes.loopback import serve_on_loopback
from fakes.waiting import wait_until

if TYPE_CHECKING:
    # discord.py imports its payload types only for the type checker: at run time they import in a circle.
    from discord.types.gateway import InteractionCreateEvent, MessageCreateEvent
    from discord.types.guild import Guild as GuildCreateEvent

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
DM_CHANNEL_ID = "650"
THREAD_ID = "610"
CLIENT_ERRORS = {403: (50007, "Cannot send messages to this user"), 404: (10062, "Unknown interaction")}
MEMBER = {"roles": [], "joined_at": "2022-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0}


# The payloads are plain dicts, so that a test can change a field or leave one out as a
# faulty Discord might. discord.py's TypedDicts ask for more than its parsers read (an
# interaction's ``channel`` object, which these payloads leave out), so the two functions
# that hand a payload to the real parser give it the gateway event's type.
def deliver_message(client: discord.Client, payload: dict[str, Any]) -> None:
    """``payload`` through discord.py's own MESSAGE_CREATE parser, as the gateway hands it over."""
    client._connection.parse_message_create(cast("MessageCreateEvent", payload))


def deliver_interaction(client: discord.Client, payload: dict[str, Any]) -> None:
    """``payload`` through discord.py's own INTERACTION_CREATE parser, as the gateway hands it over."""
    client._connection.parse_interaction_create(cast("InteractionCreateEvent", payload))


def deliver_guild(client: discord.Client, payload: dict[str, Any]) -> None:
    """``payload`` through discord.py's own GUILD_CREATE parser, which caches the server, its channels and threads."""
    client._connection.parse_guild_create(cast("GuildCreateEvent", payload))


def message_payload(
    content: str, *, message_id: str = "1001", author: dict[str, Any] = REPORTER, guild_id: str | None = GUILD_ID
) -> dict[str, Any]:
    """A message in a server's channel, or with ``guild_id`` None a direct message. The users its
    text mentions are in its ``mentions``, as Discord lists them."""
    mentioned = dict.fromkeys(re.findall(r"<@!?(\d+)>", content))
    mentions = [
        BOT_USER if user == BOT_ID else {**REPORTER, "id": user, "username": f"user{user}"} for user in mentioned
    ]
    where = {"guild_id": guild_id, "member": MEMBER} if guild_id else {}
    return {
        "id": message_id,
        "channel_id": CHANNEL_ID if guild_id else DM_CHANNEL_ID,
        **where,
        "author": author,
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


def answer_payload(answered: dict[str, Any], *, message_id: str = "2001") -> dict[str, Any]:
    """The bot's answer to the message ``answered``, as Discord sends it inside a reply to it: a
    reply itself, naming the message it answered."""
    return {
        **message_payload("", message_id=message_id, author=BOT_USER, guild_id=answered.get("guild_id")),
        "channel_id": answered["channel_id"],
        "type": 19,
        "message_reference": {"type": 0, "message_id": int(answered["id"]), "channel_id": answered["channel_id"]},
    }


def reply_payload(content: str, to: dict[str, Any], *, message_id: str, ping: bool = True) -> dict[str, Any]:
    """A reply to the message ``to``; with ``ping`` (Discord's default) it mentions ``to``'s author."""
    reply = message_payload(content, message_id=message_id, guild_id=to.get("guild_id"))
    pinged = [to["author"]] if ping and to["author"] not in reply["mentions"] else []
    return {
        **reply,
        "channel_id": to["channel_id"],
        "type": 19,
        "mentions": [*reply["mentions"], *pinged],
        "message_reference": {"type": 0, "message_id": int(to["id"]), "channel_id": to["channel_id"]},
        "referenced_message": to,
    }


def in_thread(message: dict[str, Any]) -> dict[str, Any]:
    """``message`` written in the thread ``THREAD_ID`` (see ``deliver_guild``) instead of its channel."""
    return {**message, "channel_id": THREAD_ID}


def interaction_payload(
    data: dict[str, Any], *, kind: int = 2, interaction_id: str = "900", guild_id: str | None = GUILD_ID
) -> dict[str, Any]:
    """An interaction in a server, or with ``guild_id`` None in the bot's direct messages."""
    if guild_id:
        where = {
            "guild_id": guild_id,
            "guild_locale": "en-US",
            "member": {**MEMBER, "user": REPORTER, "permissions": "0"},
        }
    else:
        where = {"user": REPORTER}
    return {
        "id": interaction_id,
        "application_id": APP_ID,
        "type": kind,
        "token": f"token-{interaction_id}",
        "version": 1,
        "channel_id": CHANNEL_ID if guild_id else DM_CHANNEL_ID,
        **where,
        "data": data,
        "locale": "en-US",
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {"0": guild_id} if guild_id else {"1": USER_ID},
        "context": 0 if guild_id else 1,
        "attachment_size_limit": 8 * 1024 * 1024,
    }


def command_payload(
    question: str,
    *,
    private: bool | None = None,
    interaction_id: str = "900",
    guild_id: str | None = GUILD_ID,
    **filters: str,
) -> dict[str, Any]:
    """``/factcheck`` with its options; ``filters`` are the optional outlet, by, after and before."""
    return _slash("factcheck", {"question": question, "private": private, **filters}, interaction_id, guild_id)


def timeline_payload(topic: str, *, interaction_id: str = "900", guild_id: str | None = GUILD_ID) -> dict[str, Any]:
    return _slash("timeline", {"topic": topic}, interaction_id, guild_id)


def verify_payload(
    claim: str,
    *,
    who: str | None = None,
    private: bool | None = None,
    interaction_id: str = "900",
    guild_id: str | None = GUILD_ID,
) -> dict[str, Any]:
    return _slash("verify", {"claim": claim, "who": who, "private": private}, interaction_id, guild_id)


def message_menu_payload(
    message: dict[str, Any], *, interaction_id: str = "900", guild_id: str | None = GUILD_ID
) -> dict[str, Any]:
    """*Fact-check* chosen in ``message``'s menu: Discord sends the message itself, resolved."""
    data = {
        "id": "803",
        "name": "Fact-check",
        "type": 3,
        "target_id": message["id"],
        "resolved": {"messages": {message["id"]: message}},
    }
    return interaction_payload(data, interaction_id=interaction_id, guild_id=guild_id)


def _slash(
    name: str, values: dict[str, str | bool | None], interaction_id: str, guild_id: str | None
) -> dict[str, Any]:
    """A slash command with the options given (None: left out), strings and booleans as Discord types them."""
    options = [
        {"name": option, "type": 5 if isinstance(value, bool) else 3, "value": value}
        for option, value in values.items()
        if value is not None
    ]
    return interaction_payload(
        {"id": "801", "name": name, "type": 1, "options": options}, interaction_id=interaction_id, guild_id=guild_id
    )


def button_payload(custom_id: str, *, interaction_id: str = "901", guild_id: str | None = GUILD_ID) -> dict[str, Any]:
    data = {"custom_id": custom_id, "component_type": 2}
    payload = interaction_payload(data, kind=3, interaction_id=interaction_id, guild_id=guild_id)
    button = {"type": 2, "style": 2, "label": "vote", "custom_id": custom_id}
    payload["message"] = {
        **message_payload("", message_id="1002", author=BOT_USER, guild_id=guild_id),
        "components": [{"type": 1, "components": [button]}],
    }
    return payload


def guild_payload(guild_id: str, name: str | None = None) -> dict[str, Any]:
    """GUILD_CREATE's server, with what discord.py reads of it."""
    return {
        "id": guild_id,
        "name": name or f"Server {guild_id}",
        "owner_id": USER_ID,
        "member_count": 2,
        "roles": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "channels": [],
        "threads": [],
        "members": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "large": False,
    }


def guild_with_thread_payload() -> dict[str, Any]:
    """The server ``GUILD_ID`` with its text channel ``CHANNEL_ID`` and an open thread in it, ``THREAD_ID``."""
    channel = {"id": CHANNEL_ID, "type": 0, "name": "news", "position": 0, "permission_overwrites": []}
    metadata = {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": "2026-11-24T09:00:00+00:00"}
    thread = {
        "id": THREAD_ID,
        "guild_id": GUILD_ID,
        "parent_id": CHANNEL_ID,
        "owner_id": USER_ID,
        "name": "arms deal",
        "type": 11,
        "message_count": 1,
        "member_count": 1,
        "thread_metadata": metadata,
    }
    return {**guild_payload(GUILD_ID), "channels": [channel], "threads": [thread]}


@dataclass
class Fault:
    """How the fake answers a route while the fault lasts."""

    status: int = 500
    retry_after: float = 0.0
    """For a 429: the seconds Discord asks to wait."""
    times: int | None = None
    """How many calls it answers; None: every call."""
    cut: bool = False
    """Close the connection without answering, as a reset or a crashed proxy would."""


@dataclass
class FakeDiscord:
    url: str = ""
    requests: list[tuple[str, str, Any, float]] = field(default_factory=list)
    token_valid: bool = True
    faults: list[tuple[str, str, Fault]] = field(default_factory=list)
    gateway_sessions: list[list[dict[str, Any]]] = field(default_factory=list)
    """What each gateway connection received, in order: IDENTIFY, RESUME, heartbeats."""
    guilds: dict[str, str] = field(default_factory=dict)
    """The servers the bot is in, id to name."""
    _gateway: web.WebSocketResponse | None = None
    _sequence: int = 0

    def fail(self, method: str, path_part: str, fault: Fault) -> None:
        """Answer ``method`` on paths containing ``path_part`` with ``fault`` from now on."""
        self.faults.append((method, path_part, fault))

    def _fault(self, method: str, path: str) -> Fault | None:
        for index, (m, part, fault) in enumerate(self.faults):
            if m == method and part in path:
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        del self.faults[index]
                return fault
        return None

    def sent(self, method: str, path_part: str) -> list[Any]:
        return [body for m, path, body, _ in self.requests if m == method and path_part in path]

    def when(self, method: str, path_part: str) -> float:
        return next(at for m, path, _, at in self.requests if m == method and path_part in path)

    async def wait_for(self, method: str, path_part: str, count: int = 1, timeout: float = 10.0) -> list[Any]:
        await wait_until(
            lambda: len(self.sent(method, path_part)) >= count,
            lambda: f"Discord never received {method} {path_part}: {self.requests}",
            timeout=timeout,
        )
        return self.sent(method, path_part)

    @property
    def gateway_url(self) -> str:
        return self.url.replace("http://", "ws://", 1) + "/gateway"

    async def _gateway_socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        received: list[dict[str, Any]] = []
        self.gateway_sessions.append(received)
        self._gateway = ws
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45_000}})
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            payload = json.loads(message.data)
            received.append(payload)
            if payload["op"] == 1:
                await ws.send_json({"op": 11})
            elif payload["op"] == 2:
                ready = {
                    "v": 10,
                    "user": BOT_USER,
                    "guilds": [{"id": guild, "unavailable": True} for guild in self.guilds],
                    "session_id": "session-1",
                    "resume_gateway_url": self.gateway_url,
                    "application": {"id": APP_ID, "flags": 0},
                }
                await self.dispatch("READY", ready)
                for guild, name in self.guilds.items():
                    await self.dispatch("GUILD_CREATE", {**guild_payload(guild, name), "unavailable": False})
                # Ask for a heartbeat: the one that answers carries READY's sequence number
                # once the client has taken READY in.
                await ws.send_json({"op": 1, "d": None})
            elif payload["op"] == 6:
                await self.dispatch("RESUMED", {})
        return ws

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event down the newest connection."""
        assert self._gateway is not None, "no gateway connection"
        self._sequence += 1
        await self._gateway.send_json({"op": 0, "t": event, "s": self._sequence, "d": data})

    async def drop_gateway(self, code: int) -> None:
        assert self._gateway is not None, "no gateway connection"
        await self._gateway.close(code=code)

    async def wait_for_gateway(
        self, op: int, session: int, data: object = ..., timeout: float = 10.0
    ) -> dict[str, Any]:
        """The first payload with opcode ``op`` (and ``data`` as its ``d``, if given) received on the
        ``session``-th connection (0 the first)."""
        deadline = time.monotonic() + timeout
        while True:
            if len(self.gateway_sessions) > session:
                found = [p for p in self.gateway_sessions[session] if p["op"] == op and (data is ... or p["d"] == data)]
                if found:
                    return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"gateway connection {session} never sent op {op}: {self.gateway_sessions}")
            await asyncio.sleep(0.01)

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.path.removeprefix("/api/v10")
        body = await _body(request)
        self.requests.append((request.method, path, body, time.monotonic()))
        fault = self._fault(request.method, path)
        if fault is not None:
            return _faulty(request, fault)
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
        if path.startswith("/users/@me/guilds/") and request.method == "DELETE":
            left = path.rsplit("/", 1)[1]
            self.guilds.pop(left, None)
            await self.dispatch("GUILD_DELETE", {"id": left})
            return web.Response(status=204)
        if path == "/users/@me/channels" and request.method == "POST":
            return _json({"id": DM_CHANNEL_ID, "type": 1, "recipients": [REPORTER], "last_message_id": None})
        if path.endswith("/commands") and request.method == "PUT":
            # As Discord answers: a message menu command has an empty description.
            return _json(
                [
                    {"description": "", **c, "id": str(801 + n), "application_id": APP_ID, "version": "1"}
                    | {"type": c.get("type", 1)}
                    for n, c in enumerate(body)
                ]
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


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": discord.py does not parse a charset suffix as JSON.
    headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=headers)


def _faulty(request: web.Request, fault: Fault) -> web.Response:
    if fault.cut:
        assert request.transport is not None
        request.transport.close()
        return web.Response(status=500)
    if fault.status == 429:
        # Discord's rate limits come through its proxy, with a Via header; discord.py reads a
        # 429 without one as a Cloudflare ban and does not retry it.
        limited = {"message": "You are being rate limited.", "retry_after": fault.retry_after, "global": False}
        return _json(limited, status=429, headers={"Via": "1.1 google", "Retry-After": str(fault.retry_after)})
    if fault.status in CLIENT_ERRORS:
        code, message = CLIENT_ERRORS[fault.status]
        return _json({"message": message, "code": code}, status=fault.status)
    return web.Response(status=fault.status, text="upstream connect error", content_type="text/plain")


@asynccontextmanager
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    app = web.Application()
    app.router.add_get("/gateway", fake._gateway_socket)
    app.router.add_route("*", "/{tail:.*}", fake._handle)
    async with serve_on_loopback(app) as url:
        fake.url = url
        yield fake

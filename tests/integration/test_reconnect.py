"""A lost Socket Mode or gateway connection is replaced, and the bot goes on answering: the real
``serve_slack`` and ``serve_discord`` against loopback fakes that drop the connection on purpose."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket

from adapters.discord_server import DiscordConfig, serve_discord
from adapters.slack_server import SlackConfig, serve_slack
from bot.factchecker import FactChecker
from fakes.discord_api import BOT_ID, fake_discord, message_payload
from fakes.slack_api import command_envelope, fake_slack

QUESTION = "Who is John Kirby?"


@asynccontextmanager
async def serving(server: Coroutine[Any, Any, None]) -> AsyncIterator[None]:
    task = asyncio.create_task(server)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.mark.parametrize("abruptly", [False, True], ids=["close frame", "cut connection"])
async def test_socket_mode_reconnects_and_still_answers(checker: FactChecker, abruptly: bool) -> None:
    async with fake_slack() as fake:
        env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": f"{fake.url}/api"}
        async with serving(serve_slack(checker, SlackConfig.from_env(env, http=False), ping_interval=0.2)):
            await fake.wait_for_sockets(1)
            await fake.drop_socket(abruptly=abruptly)
            await fake.wait_for_sockets(2)
            assert len(fake.sent("apps.connections.open")) == 2, "a fresh URL for each connection"

            await fake.deliver(command_envelope(QUESTION, fake.response_url(), envelope_id="after-drop"))
            (ack,) = await fake.wait_for("socket")
            (reply,) = await fake.wait_for("response_url")
    assert ack == {"envelope_id": "after-drop"}
    assert reply["response_type"] == "in_channel" and "Kirby" in reply["text"]


async def test_the_gateway_resumes_after_a_resumable_close_and_still_answers(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    async with fake_discord() as fake:
        env = {
            "DISCORD_TOKEN": "test-token",
            "DISCORD_API_BASE": f"{fake.url}/api/v10",
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        async with serving(serve_discord(checker, DiscordConfig.from_env(env))):
            identify = await fake.wait_for_gateway(op=2, session=0)
            await fake.wait_for_gateway(op=1, session=0, data=1)  # READY (sequence 1) taken in
            await fake.drop_gateway(code=4000)

            resume = await fake.wait_for_gateway(op=6, session=1)
            await fake.dispatch("MESSAGE_CREATE", message_payload(f"<@{BOT_ID}> {QUESTION}"))
            (reply,) = await fake.wait_for("POST", "/channels/600/messages")
    assert identify["d"]["intents"] == discord.Intents.default().value
    assert resume["d"]["session_id"] == "session-1" and resume["d"]["seq"] == 1
    assert [p["op"] for p in fake.gateway_sessions[1]].count(2) == 0, "resumed, not identified again"
    assert int(reply["message_reference"]["message_id"]) == 1001 and reply["embeds"]

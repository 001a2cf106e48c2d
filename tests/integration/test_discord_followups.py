"""Follow-up questions on Discord (replies to an answer, threads, direct messages), driven through
real discord.py against a loopback fake API."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket

from adapters.discord_app import FactCheckBot
from adapters.discord_server import DiscordConfig, serve_discord
from bot import messages
from bot.factchecker import FactChecker
from bot.settings import Settings
from fakes.discord_api import (
    BOT_ID,
    BOT_USER,
    DM_CHANNEL_ID,
    THREAD_ID,
    FakeDiscord,
    Fault,
    answer_payload,
    deliver_guild,
    deliver_message,
    fake_discord,
    guild_with_thread_payload,
    in_thread,
    message_payload,
    reply_payload,
)
from tests.integration.test_discord import WatchedBot, logged_in_as
from tests.integration.test_reconnect import serving

FIRST = f"<@{BOT_ID}> who denied the arms deal?"
FOLLOW_UP = "when did he say that?"
CHANNEL_REPLIES = "/channels/600/messages"


@pytest.fixture
async def discord_bot(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[WatchedBot, FakeDiscord]]:
    async for pair in logged_in_as(WatchedBot(checker), monkeypatch):
        yield pair


def logged(settings: Settings) -> list[tuple[str, str | None]]:
    """The questions in the query log, as typed and as read."""
    with sqlite3.connect(settings.db_path) as db:
        return list(db.execute("SELECT question, read_as FROM query_log ORDER BY id"))


def opening(sentence: str) -> str:
    """The words of a conversation's opening sentence before ``stop``, which Discord's escaping marks."""
    return sentence.split(";")[0]


async def mention(bot: FactCheckBot, fake: FakeDiscord, text: str, message_id: str) -> dict[str, Any]:
    """Mention the bot; return the answer as Discord would carry it in a reply to it."""
    question = message_payload(text, message_id=message_id)
    before = len(fake.sent("POST", CHANNEL_REPLIES))
    deliver_message(bot, question)
    await fake.wait_for("POST", CHANNEL_REPLIES, count=before + 1)
    return answer_payload(question, message_id=f"2{message_id}")


async def test_a_reply_to_a_mention_answer_is_read_against_that_answer_not_the_latest(
    discord_bot: tuple[WatchedBot, FakeDiscord], settings: Settings
) -> None:
    bot, fake = discord_bot
    denial = await mention(bot, fake, FIRST, "1001")
    await mention(bot, fake, f"<@{BOT_ID}> who is John Kirby?", "1002")
    first, _ = fake.sent("POST", CHANNEL_REPLIES)
    assert opening(messages.CONVERSATION_BY_REPLY) in first["content"]
    deliver_message(bot, reply_payload(FOLLOW_UP, denial, message_id="1003"))
    *_, answer = await fake.wait_for("POST", CHANNEL_REPLIES, count=3)
    assert int(answer["message_reference"]["message_id"]) == 1003
    assert "Reading this as" in answer["content"] and "official" in answer["content"]
    assert opening(messages.CONVERSATION_BY_REPLY) not in answer["content"]
    question, reading = logged(settings)[-1]
    assert question == FOLLOW_UP and reading is not None and "Kirby" not in reading


async def test_a_reply_to_a_follow_ups_answer_goes_on_from_it(discord_bot: tuple[WatchedBot, FakeDiscord]) -> None:
    bot, fake = discord_bot
    denial = await mention(bot, fake, FIRST, "1001")
    follow_up = reply_payload(FOLLOW_UP, denial, message_id="1002")
    deliver_message(bot, follow_up)
    await fake.wait_for("POST", CHANNEL_REPLIES, count=2)
    deliver_message(bot, reply_payload("and what about Kirby?", answer_payload(follow_up), message_id="1003"))
    *_, answer = await fake.wait_for("POST", CHANNEL_REPLIES, count=3)
    assert "Reading this as" in answer["content"] and "Kirby" in answer["content"]


async def test_a_second_reply_to_an_answer_is_read_against_that_answer_again(
    discord_bot: tuple[WatchedBot, FakeDiscord], settings: Settings
) -> None:
    bot, fake = discord_bot
    denial = await mention(bot, fake, FIRST, "1001")
    deliver_message(bot, reply_payload("What did Kirby say about the shipments?", denial, message_id="1002"))
    await fake.wait_for("POST", CHANNEL_REPLIES, count=2)
    deliver_message(bot, reply_payload(FOLLOW_UP, denial, message_id="1003"))
    await fake.wait_for("POST", CHANNEL_REPLIES, count=3)
    question, reading = logged(settings)[-1]
    assert question == FOLLOW_UP and reading is not None and "Kirby" not in reading


async def test_stop_in_reply_to_a_follow_ups_answer_ends_the_whole_chain(
    discord_bot: tuple[WatchedBot, FakeDiscord], settings: Settings
) -> None:
    bot, fake = discord_bot
    denial = await mention(bot, fake, FIRST, "1001")
    follow_up = reply_payload(FOLLOW_UP, denial, message_id="1002")
    deliver_message(bot, follow_up)
    await fake.wait_for("POST", CHANNEL_REPLIES, count=2)
    deliver_message(bot, reply_payload("stop", answer_payload(follow_up), message_id="1003"))
    *_, ended = await fake.wait_for("POST", CHANNEL_REPLIES, count=3)
    assert ended["content"] == messages.CONVERSATION_ENDED
    deliver_message(bot, reply_payload("and what about Kirby?", denial, message_id="1004"))
    await bot.wait_handled(4)
    assert len(fake.sent("POST", CHANNEL_REPLIES)) == 3 and len(logged(settings)) == 2


async def test_a_ping_alone_counts_only_in_a_conversation_a_mention_in_the_text_always(
    discord_bot: tuple[WatchedBot, FakeDiscord],
) -> None:
    bot, fake = discord_bot
    denial = await mention(bot, fake, FIRST, "1001")
    slash_answer = message_payload("", message_id="2050", author=BOT_USER)
    deliver_message(bot, reply_payload(FOLLOW_UP, denial, message_id="1002", ping=False))
    deliver_message(bot, reply_payload("who is John Kirby?", slash_answer, message_id="1003"))
    deliver_message(bot, reply_payload(f"<@{BOT_ID}> {FOLLOW_UP}", denial, message_id="1004", ping=False))
    await bot.wait_handled(4)
    replies = fake.sent("POST", CHANNEL_REPLIES)
    assert [int(reply["message_reference"]["message_id"]) for reply in replies] == [1001, 1004]
    assert "Reading this as" in replies[-1]["content"]


async def test_thanks_someone_elses_question_and_bots_are_ignored_in_a_conversation(
    discord_bot: tuple[WatchedBot, FakeDiscord], settings: Settings
) -> None:
    bot, fake = discord_bot
    denial = await mention(bot, fake, FIRST, "1001")
    deliver_message(bot, reply_payload("thanks!", denial, message_id="1002"))
    deliver_message(bot, reply_payload("<@77> who said it first?", denial, message_id="1003"))
    deliver_message(bot, {**reply_payload(FOLLOW_UP, denial, message_id="1004"), "author": {**BOT_USER, "id": "99"}})
    deliver_message(bot, reply_payload(FOLLOW_UP, denial, message_id="1005"))
    await bot.wait_handled(5)
    replies = fake.sent("POST", CHANNEL_REPLIES)
    assert [int(reply["message_reference"]["message_id"]) for reply in replies] == [1001, 1005]
    assert [question for question, _ in logged(settings)] == ["who denied the arms deal?", FOLLOW_UP]


async def test_stop_ends_the_conversation(discord_bot: tuple[WatchedBot, FakeDiscord], settings: Settings) -> None:
    bot, fake = discord_bot
    denial = await mention(bot, fake, FIRST, "1001")
    deliver_message(bot, reply_payload("Stop", denial, message_id="1002"))
    _, ended = await fake.wait_for("POST", CHANNEL_REPLIES, count=2)
    assert ended["content"] == messages.CONVERSATION_ENDED
    deliver_message(bot, reply_payload(FOLLOW_UP, denial, message_id="1003"))
    await bot.wait_handled(3)
    assert len(fake.sent("POST", CHANNEL_REPLIES)) == 2 and len(logged(settings)) == 1


async def test_a_conversation_goes_on_after_a_restart(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    async with FactChecker.open(settings) as checker:
        async for bot, fake in logged_in_as(WatchedBot(checker), monkeypatch):
            denial = await mention(bot, fake, FIRST, "1001")
    async with FactChecker.open(settings) as checker:
        async for bot, fake in logged_in_as(WatchedBot(checker), monkeypatch):
            deliver_message(bot, reply_payload(FOLLOW_UP, denial, message_id="1002"))
            (answer,) = await fake.wait_for("POST", CHANNEL_REPLIES)
    assert "Reading this as" in answer["content"] and "official" in answer["content"]


async def test_a_mention_in_a_thread_the_bot_answered_is_a_follow_up(
    discord_bot: tuple[WatchedBot, FakeDiscord],
) -> None:
    bot, fake = discord_bot
    deliver_guild(bot, guild_with_thread_payload())
    deliver_message(bot, in_thread(message_payload(FIRST, message_id="1001")))
    (first,) = await fake.wait_for("POST", f"/channels/{THREAD_ID}/messages")
    assert opening(messages.CONVERSATION_IN_DISCORD_THREAD) in first["content"]
    deliver_message(bot, in_thread(message_payload(f"<@{BOT_ID}> {FOLLOW_UP}", message_id="1002")))
    _, answer = await fake.wait_for("POST", f"/channels/{THREAD_ID}/messages", count=2)
    assert "Reading this as" in answer["content"] and "official" in answer["content"]


async def test_each_direct_message_follows_up_the_one_before_until_stop(
    discord_bot: tuple[WatchedBot, FakeDiscord], settings: Settings
) -> None:
    bot, fake = discord_bot
    for n, text in enumerate(["who denied the arms deal?", FOLLOW_UP, "stop", FOLLOW_UP]):
        deliver_message(bot, message_payload(text, message_id=f"100{n}", guild_id=None))
    first, second, ended, fresh = await fake.wait_for("POST", f"/channels/{DM_CHANNEL_ID}/messages", count=4)
    assert opening(messages.CONVERSATION_BY_REPLY) not in first["content"]
    assert "Reading this as" in second["content"] and ended["content"] == messages.DIRECT_CONVERSATION_ENDED
    assert "Reading this as" not in fresh["content"]
    assert [reading is not None for _, reading in logged(settings)] == [False, True, False]


async def test_follow_ups_are_answered_in_the_order_they_came(discord_bot: tuple[WatchedBot, FakeDiscord]) -> None:
    bot, fake = discord_bot
    denial = await mention(bot, fake, FIRST, "1001")
    # discord.py gives up on a 503 at once and the bot tries again a second later: time enough for
    # the second answer to overtake the first, were the conversation's turn let go before posting.
    fake.fail("POST", CHANNEL_REPLIES, Fault(503, times=1))
    deliver_message(bot, reply_payload(FOLLOW_UP, denial, message_id="1002"))
    deliver_message(bot, reply_payload("and what about Kirby?", denial, message_id="1003"))
    replies = await fake.wait_for("POST", CHANNEL_REPLIES, count=4)
    assert [int(reply["message_reference"]["message_id"]) for reply in replies] == [1001, 1002, 1002, 1003]


async def test_a_ping_outside_a_conversation_is_not_answered_stored_or_logged_at_debug(
    checker: FactChecker, settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Over the gateway, whose client logs each event it receives at DEBUG: a reply to a ``/factcheck``
    answer with the ping on reaches the bot with its text, and is no question for it."""
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    slash_answer = message_payload("", message_id="2050", author=BOT_USER)
    async with fake_discord() as fake:
        env = {"DISCORD_TOKEN": "t", "DISCORD_API_BASE": f"{fake.url}/api/v10", "DISCORD_GATEWAY_URL": fake.gateway_url}
        async with serving(serve_discord(checker, DiscordConfig.from_env(env))):
            await fake.wait_for_gateway(op=1, session=0, data=1)  # READY taken in
            private = reply_payload("who told you? the source in Seoul", slash_answer, message_id="1002")
            await fake.dispatch("MESSAGE_CREATE", private)
            await fake.dispatch("MESSAGE_CREATE", message_payload("who is John Kirby?", guild_id=None))
            await fake.wait_for("POST", f"/channels/{DM_CHANNEL_ID}/messages")
            await asyncio.sleep(0.2)
    assert fake.sent("POST", CHANNEL_REPLIES) == [], "only the direct message is answered"
    assert [question for question, _ in logged(settings)] == ["who is John Kirby?"]
    assert "WebSocket Event" in caplog.text, "the gateway client logged at DEBUG"
    assert "Seoul" not in caplog.text, "no message's text, at any level"

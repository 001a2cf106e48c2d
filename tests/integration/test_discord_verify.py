"""``/verify``, the message menu's *Fact-check* and direct messages, driven through real discord.py
objects against the loopback fake API, and over the fake gateway where the intents matter."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket

from adapters.discord_app import FactCheckBot
from adapters.discord_guilds import ServedGuilds
from adapters.discord_server import DiscordConfig, serve_discord
from bot import messages
from bot.factchecker import FactChecker
from bot.settings import Settings
from fakes.discord_api import (
    APP_ID,
    BOT_USER,
    DM_CHANNEL_ID,
    FakeDiscord,
    button_payload,
    command_payload,
    deliver_interaction,
    deliver_message,
    fake_discord,
    message_menu_payload,
    message_payload,
    timeline_payload,
    verify_payload,
)
from tests.conftest import ingest_texts
from tests.integration.test_discord import custom_ids, discord_bot, ephemeral_text, logged_in, logged_in_at_one_a_minute
from tests.integration.test_reconnect import serving

__all__ = ["discord_bot"]  # the fixture, shared with the slash command's tests

CHANGED = "We have never exported arms or ammunition to China"
MARKED_UP = (
    "Pyongyang denial\n\nThe spokesman said: “We have *never* sold shells to the <@&123> army, ever,” "
    "on state television.\n"
)
OTHER_BOT = {"id": "77", "username": "another-bot", "discriminator": "0", "avatar": None, "bot": True}
PRIVILEGED = {"members": 1 << 1, "presences": 1 << 8, "message_content": 1 << 15}
DIRECT_MESSAGES = 1 << 12


def shared_once(bot: FactCheckBot, fake: FakeDiscord, private: dict[str, Any]) -> asyncio.Task[list[Any]]:
    """Press a private answer's Share button twice; the task gives the two interaction responses."""
    (share,) = [c for c in custom_ids(private) if c.startswith("factcheck:share:")]
    for press in range(2):
        deliver_interaction(bot, button_payload(share, interaction_id=f"91{press}"))

    async def responses() -> list[Any]:
        return [(await fake.wait_for("POST", f"/interactions/91{n}/token-91{n}/callback"))[0] for n in range(2)]

    return asyncio.create_task(responses())


async def test_verify_shows_the_escaped_article_with_the_claims_words_struck_and_its_own_bold(
    discord_bot: tuple[FactCheckBot, FakeDiscord], checker: FactChecker, tmp_path: Path
) -> None:
    bot, fake = discord_bot
    await ingest_texts(checker, tmp_path / "marked", {"marked": MARKED_UP})
    claim = "We have never sold rockets to the 123 army @everyone"
    deliver_interaction(bot, verify_payload(claim, who="<@42> John Kirby"))
    (defer,) = await fake.wait_for("POST", "/interactions/900/token-900/callback")
    (follow_up,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    assert defer["type"] == 5 and not follow_up.get("flags", 0) & 64
    assert follow_up["allowed_mentions"] == {"parse": []}
    assert follow_up["content"].splitlines()[1].startswith("Altered: “rockets” where the article says “shells”")
    (embed,) = follow_up["embeds"]
    diff, warning = embed["description"].split("\n\n")
    assert diff.startswith(r"We have \*never\* sold ~~rockets~~ **shells** to the \<@&123> army")
    assert r"not to \<@42> John Kirby" in warning
    assert embed["title"].startswith("1. altered: “Pyongyang denial”")
    assert {f["name"] for f in embed["fields"]} == {"Who", "When"} and embed["footer"]["text"].startswith("marked.txt")
    assert [c.split(":")[1] for c in custom_ids(follow_up)] == ["up", "down"]


async def test_a_claim_no_article_holds_is_said_not_found(discord_bot: tuple[FactCheckBot, FakeDiscord]) -> None:
    bot, fake = discord_bot
    deliver_interaction(bot, verify_payload("North Korean soldiers are fighting in Kursk"))
    (follow_up,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    assert messages.NOT_IN_ARCHIVE in follow_up["content"] and follow_up["embeds"] == []


async def test_a_private_verify_is_ephemeral_and_shared_once_as_seen(
    discord_bot: tuple[FactCheckBot, FakeDiscord],
) -> None:
    bot, fake = discord_bot
    deliver_interaction(bot, verify_payload(CHANGED, private=True))
    (defer,) = await fake.wait_for("POST", "/interactions/900/token-900/callback")
    (private,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    assert defer["data"]["flags"] & 64 and private["flags"] & 64
    assert "~~China~~ **Russia**" in private["embeds"][0]["description"]
    shared, again = await shared_once(bot, fake, private)
    assert shared["type"] == 4 and not shared["data"].get("flags", 0) & 64
    assert shared["data"]["embeds"] == private["embeds"] and shared["data"]["allowed_mentions"] == {"parse": []}
    assert ephemeral_text(again) == messages.ALREADY_SHARED


async def test_fact_check_on_a_message_verifies_its_quotation_privately_without_pings(
    discord_bot: tuple[FactCheckBot, FakeDiscord], settings: Settings
) -> None:
    bot, fake = discord_bot
    said = f"@everyone <@42> <@&5> “{CHANGED}”, according to Kirby."
    deliver_interaction(bot, message_menu_payload(message_payload(said, message_id="1005")))
    (defer,) = await fake.wait_for("POST", "/interactions/900/token-900/callback")
    (private,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    assert defer["type"] == 5 and defer["data"]["flags"] & 64 and private["flags"] & 64
    assert private["allowed_mentions"] == {"parse": []}
    assert private["content"].startswith(f"**{CHANGED}**\nAltered:")
    description = private["embeds"][0]["description"]
    assert "~~China~~ **Russia**" in description and "not to Kirby" in description
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT origin, question FROM query_log").fetchall() == [("discord:700/42", CHANGED)]

    shared, again = await shared_once(bot, fake, private)
    assert shared["type"] == 4 and shared["data"]["embeds"] == private["embeds"]
    assert shared["data"]["allowed_mentions"] == {"parse": []}
    assert ephemeral_text(again) == messages.ALREADY_SHARED
    assert fake.sent("POST", "/channels/") == [], "nothing posted but the interaction responses"


async def test_fact_check_on_a_message_without_a_quotation_asks_its_text(
    discord_bot: tuple[FactCheckBot, FakeDiscord], settings: Settings
) -> None:
    bot, fake = discord_bot
    asked = "Who denied the arms deal and when? @here"
    deliver_interaction(bot, message_menu_payload(message_payload(asked, message_id="1006")))
    (private,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    assert private["flags"] & 64 and "never had" in private["embeds"][0]["description"]
    assert private["content"] == r"**Who denied the arms deal and when? @here**"
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT origin, question FROM query_log").fetchall() == [("discord:700/42", asked)]


async def test_fact_check_on_a_message_without_text_says_so(discord_bot: tuple[FactCheckBot, FakeDiscord]) -> None:
    bot, fake = discord_bot
    deliver_interaction(bot, message_menu_payload(message_payload("", message_id="1007")))
    (said,) = await fake.wait_for("POST", "/interactions/900/token-900/callback")
    assert ephemeral_text(said) == messages.NOTHING_TO_CHECK


async def test_fact_check_and_its_share_count_against_the_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    async for bot, fake in logged_in_at_one_a_minute(monkeypatch):
        said = message_payload(f"Kirby said “{CHANGED}”", message_id="1005")
        deliver_interaction(bot, message_menu_payload(said))
        (private,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
        deliver_interaction(bot, message_menu_payload(said, interaction_id="902"))
        (refused,) = await fake.wait_for("POST", "/interactions/902/token-902/callback")
        refused_share, _ = await shared_once(bot, fake, private)
    assert ephemeral_text(refused) == messages.RATE_LIMITED
    assert ephemeral_text(refused_share) == messages.SHARE_RATE_LIMITED
    assert len(fake.sent("POST", f"/webhooks/{APP_ID}/")) == 1


async def test_a_direct_message_is_answered_in_the_dm_even_outside_the_served_servers(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    async for bot, fake in logged_in(checker, monkeypatch, served=ServedGuilds(frozenset({999}))):
        deliver_message(bot, message_payload("who is John Kirby? @everyone", guild_id=None))
        (reply,) = await fake.wait_for("POST", f"/channels/{DM_CHANNEL_ID}/messages")
    assert int(reply["message_reference"]["message_id"]) == 1001 and reply["embeds"]
    assert reply["allowed_mentions"] == {"parse": [], "replied_user": False}
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT origin FROM query_log").fetchall() == [("discord:dm/42",)]


async def test_direct_messages_from_bots_and_system_messages_are_ignored(
    discord_bot: tuple[FactCheckBot, FakeDiscord],
) -> None:
    bot, fake = discord_bot
    deliver_message(bot, message_payload("who is John Kirby?", author=BOT_USER, guild_id=None))
    deliver_message(bot, message_payload("who is John Kirby?", author=OTHER_BOT, guild_id=None))
    deliver_message(bot, {**message_payload("", message_id="1009", guild_id=None), "type": 6})
    await asyncio.sleep(0.3)
    assert fake.sent("POST", "/channels/") == []


async def test_direct_messages_are_rate_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    async for bot, fake in logged_in_at_one_a_minute(monkeypatch):
        for message_id in ("1001", "1002"):
            deliver_message(bot, message_payload("who is John Kirby?", message_id=message_id, guild_id=None))
        replies = await fake.wait_for("POST", f"/channels/{DM_CHANNEL_ID}/messages", count=2)
    (answer,) = [reply for reply in replies if reply.get("embeds")]
    assert int(answer["message_reference"]["message_id"]) == 1001
    assert [reply["content"] for reply in replies if reply is not answer] == [messages.RATE_LIMITED]


async def test_direct_messages_arrive_over_the_gateway_with_no_privileged_intent(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    async with fake_discord() as fake:
        env = {"DISCORD_TOKEN": "t", "DISCORD_API_BASE": f"{fake.url}/api/v10", "DISCORD_GATEWAY_URL": fake.gateway_url}
        async with serving(serve_discord(checker, DiscordConfig.from_env(env))):
            identify = await fake.wait_for_gateway(op=2, session=0)
            await fake.wait_for_gateway(op=1, session=0, data=1)  # READY taken in
            await fake.dispatch("MESSAGE_CREATE", message_payload("who is John Kirby?", guild_id=None))
            (reply,) = await fake.wait_for("POST", f"/channels/{DM_CHANNEL_ID}/messages")
    intents = identify["d"]["intents"]
    assert intents & DIRECT_MESSAGES, "direct messages are subscribed to"
    assert not [name for name, bit in PRIVILEGED.items() if intents & bit]
    assert reply["embeds"]


async def test_the_timeline_command_lists_events_by_date_escaped(
    discord_bot: tuple[FactCheckBot, FakeDiscord],
) -> None:
    bot, fake = discord_bot
    deliver_interaction(bot, timeline_payload("north korea arms sales russia denial"))
    (follow_up,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    (embed,) = follow_up["embeds"]
    lines = embed["description"].splitlines()
    dates = [line.split("**")[1] for line in lines]
    assert dates == sorted(dates) and dates[0].startswith("2022-09")
    assert any("John Kirby:" in line for line in lines) and follow_up["allowed_mentions"] == {"parse": []}


async def test_the_factcheck_filter_options_narrow_the_answer(discord_bot: tuple[FactCheckBot, FakeDiscord]) -> None:
    bot, fake = discord_bot
    deliver_interaction(bot, command_payload("Who denied the arms deal?", outlet="Asia News", after="2022-12-01"))
    (follow_up,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    assert "No article from Asia News after 2022-12-01." in follow_up["content"]
    deliver_interaction(bot, command_payload("Who denied the arms deal?", interaction_id="901", before="2022-13-45"))
    (refused,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-901")
    assert "before:" in refused["content"] and refused["embeds"] == []

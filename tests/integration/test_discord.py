"""The Discord adapter, driven through real discord.py objects against a loopback fake API."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import discord
import pytest
from discord.gateway import DiscordWebSocket

from adapters.asking import Checker
from adapters.discord_app import FactCheckBot
from adapters.discord_server import DiscordConfig, serve_discord
from bot import messages
from bot.errors import ConfigError
from bot.factchecker import FactChecker
from bot.settings import Settings
from fakes.discord_api import (
    APP_ID,
    BOT_ID,
    BOT_USER,
    FakeDiscord,
    button_payload,
    command_payload,
    deliver_interaction,
    deliver_message,
    fake_discord,
    message_payload,
)
from fakes.waiting import wait_until
from tests.checkers import BrokenChecker, SlowChecker

WANTED_VERIFY_OPTIONS = {"claim": True, "who": False, "private": False}


Bot = TypeVar("Bot", bound=FactCheckBot)


async def logged_in(
    checker: Checker, monkeypatch: pytest.MonkeyPatch, **kwargs: Any
) -> AsyncIterator[tuple[FactCheckBot, FakeDiscord]]:
    async for pair in logged_in_as(FactCheckBot(checker, **kwargs), monkeypatch):
        yield pair


async def logged_in_as(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[Bot, FakeDiscord]]:
    """``bot`` logged in to a fake Discord on loopback."""
    async with fake_discord() as fake:
        monkeypatch.setattr(discord.http.Route, "BASE", f"{fake.url}/api/v10")
        await bot.login("test-token")
        try:
            yield bot, fake
        finally:
            await bot.close()


class WatchedBot(FactCheckBot):
    """The bot, counting the messages its handler has returned from, so that a test can wait for
    the handler to finish before it checks what the handler did not send."""

    handled = 0

    async def on_message(self, message: discord.Message) -> None:
        try:
            await super().on_message(message)
        finally:
            self.handled += 1

    async def wait_handled(self, count: int) -> None:
        await wait_until(lambda: self.handled >= count, lambda: f"{self.handled} messages handled, not {count}")


async def logged_in_at_one_a_minute(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[FactCheckBot, FakeDiscord]]:
    """A bot whose core lets each person ask once a minute."""
    monkeypatch.setenv("FACTCHECK_RATE_PER_USER", "1")
    async with FactChecker.open(Settings.load()) as checker:
        async for pair in logged_in(checker, monkeypatch):
            yield pair


def ephemeral_text(response: dict[str, Any]) -> str:
    """The text of an interaction response that only the presser sees."""
    assert response["type"] == 4 and response["data"]["flags"] & 64
    return str(response["data"]["content"])


@pytest.fixture
async def discord_bot(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[FactCheckBot, FakeDiscord]]:
    async for pair in logged_in(checker, monkeypatch):
        yield pair


async def test_the_commands_are_synced_with_readable_help(discord_bot: tuple[FactCheckBot, FakeDiscord]) -> None:
    _, fake = discord_bot
    (commands,) = fake.sent("PUT", f"/applications/{APP_ID}/commands")
    synced = {command["name"]: command for command in commands}
    assert set(synced) == {"factcheck", "verify", "timeline", "Fact-check"}
    assert "quotes" in synced["factcheck"]["description"] and "quotation" in synced["verify"]["description"]
    factcheck_options = {"question": True, "private": False, "outlet": False, "by": False, "after": False}
    for name, wanted in (
        ("factcheck", {**factcheck_options, "before": False}),
        ("verify", WANTED_VERIFY_OPTIONS),
        ("timeline", {"topic": True, "private": False}),
    ):
        options = {o["name"]: o for o in synced[name]["options"]}
        assert {option: o["required"] for option, o in options.items()} == wanted
        assert all(o["description"] for o in options.values())
    assert synced["Fact-check"]["type"] == 3, "a message menu command"


async def test_a_guild_id_syncs_to_that_guild_for_instant_updates(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> None:
    async for _, fake in logged_in(checker, monkeypatch, guild_id=700):
        assert fake.sent("PUT", f"/applications/{APP_ID}/guilds/700/commands")


async def test_the_slash_command_defers_then_follows_up_with_embeds(
    discord_bot: tuple[FactCheckBot, FakeDiscord],
) -> None:
    bot, fake = discord_bot
    deliver_interaction(bot, command_payload("Who denied the arms deal and when?"))
    (defer,) = await fake.wait_for("POST", "/interactions/900/token-900/callback")
    assert defer["type"] == 5 and not (defer.get("data") or {}).get("flags", 0) & 64
    (follow_up,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    assert follow_up["allowed_mentions"] == {"parse": []}
    embed = follow_up["embeds"][0]
    assert "never had" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "2022-11-08" in fields["When"] and "defense" in fields["Who"].lower() and "Also reported by:" in fields
    buttons = [c["custom_id"] for row in follow_up["components"] for c in row["components"]]
    assert [b.split(":")[1] for b in buttons] == ["up", "down"]


async def test_a_private_question_is_answered_ephemerally(discord_bot: tuple[FactCheckBot, FakeDiscord]) -> None:
    bot, fake = discord_bot
    deliver_interaction(bot, command_payload("Who is John Kirby?", private=True))
    (defer,) = await fake.wait_for("POST", "/callback")
    assert defer["data"]["flags"] & 64
    (follow_up,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/")
    assert follow_up["flags"] & 64


async def test_a_slow_answer_is_deferred_within_the_deadline(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> None:
    async for bot, fake in logged_in(SlowChecker(checker, 1.5), monkeypatch):
        started = time.monotonic()
        deliver_interaction(bot, command_payload("Who is John Kirby?"))
        await fake.wait_for("POST", "/callback")
        assert fake.when("POST", "/callback") - started < 1.0
        await fake.wait_for("POST", f"/webhooks/{APP_ID}/")
        assert fake.when("POST", f"/webhooks/{APP_ID}/") - started >= 1.5


async def test_a_mention_is_answered_as_a_reply_without_pings(discord_bot: tuple[FactCheckBot, FakeDiscord]) -> None:
    bot, fake = discord_bot
    deliver_message(bot, message_payload(f"<@{BOT_ID}> who is John Kirby? @everyone"))
    (reply,) = await fake.wait_for("POST", "/channels/600/messages")
    assert int(reply["message_reference"]["message_id"]) == 1001
    assert reply["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert reply["embeds"] and "@everyone" in reply["content"]


async def test_messages_from_bots_and_without_a_mention_are_ignored(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> None:
    async for bot, fake in logged_in_as(WatchedBot(checker), monkeypatch):
        deliver_message(bot, message_payload(f"<@{BOT_ID}> who is John Kirby?", author=BOT_USER))
        deliver_message(bot, message_payload("who is John Kirby?", message_id="1003"))
        await bot.wait_handled(2)
        assert fake.sent("POST", "/channels/") == []


async def test_an_empty_mention_gets_the_usage(discord_bot: tuple[FactCheckBot, FakeDiscord]) -> None:
    bot, fake = discord_bot
    deliver_message(bot, message_payload(f"<@{BOT_ID}>"))
    (reply,) = await fake.wait_for("POST", "/channels/600/messages")
    assert "/factcheck" in reply["content"]


async def test_feedback_buttons_are_stored_with_who_pressed(
    discord_bot: tuple[FactCheckBot, FakeDiscord], checker: FactChecker, settings: Settings
) -> None:
    bot, fake = discord_bot
    answer = await checker.ask("Who is John Kirby?")
    deliver_interaction(bot, button_payload(f"factcheck:down:{answer.query_id}"))
    (response,) = await fake.wait_for("POST", "/interactions/901/token-901/callback")
    assert response["type"] == 4 and response["data"]["flags"] & 64
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT query_id, user, helpful FROM feedback").fetchall() == [
            (answer.query_id, "discord:700/42", 0)
        ]


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components", []) for c in row["components"]]


async def private_answer_with_share_button(bot: FactCheckBot, fake: FakeDiscord) -> tuple[dict[str, Any], str]:
    deliver_interaction(bot, command_payload("Who is John Kirby?", private=True))
    (follow_up,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    (share,) = [c for c in custom_ids(follow_up) if c.startswith("factcheck:share:")]
    return follow_up, share


async def test_a_private_answer_is_shared_once_as_the_asker_saw_it(
    discord_bot: tuple[FactCheckBot, FakeDiscord],
) -> None:
    bot, fake = discord_bot
    follow_up, share = await private_answer_with_share_button(bot, fake)
    for press in range(3):
        deliver_interaction(bot, button_payload(share, interaction_id=f"91{press}"))
    (shared,) = await fake.wait_for("POST", "/interactions/910/token-910/callback")
    assert shared["type"] == 4 and not shared["data"].get("flags", 0) & 64, "a message everyone in the channel sees"
    assert shared["data"]["embeds"] == follow_up["embeds"] and shared["data"]["content"] == follow_up["content"]
    assert custom_ids(shared["data"]) == [c for c in custom_ids(follow_up) if c != share]
    assert shared["data"]["allowed_mentions"] == {"parse": []}
    for press in (1, 2):
        (again,) = await fake.wait_for("POST", f"/interactions/91{press}/token-91{press}/callback")
        assert again["data"]["flags"] & 64 and again["data"]["content"] == messages.ALREADY_SHARED


async def test_a_share_button_from_before_a_restart_gets_an_ephemeral_message(
    discord_bot: tuple[FactCheckBot, FakeDiscord],
) -> None:
    bot, fake = discord_bot
    deliver_interaction(bot, button_payload("factcheck:share:kept-before-restart"))
    (notice,) = await fake.wait_for("POST", "/interactions/901/token-901/callback")
    assert ephemeral_text(notice) == messages.SHARE_GONE


async def test_a_share_counts_against_the_pressers_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    async for bot, fake in logged_in_at_one_a_minute(monkeypatch):
        _, share = await private_answer_with_share_button(bot, fake)
        deliver_interaction(bot, button_payload(share))
        (refused,) = await fake.wait_for("POST", "/interactions/901/token-901/callback")
        assert ephemeral_text(refused) == messages.SHARE_RATE_LIMITED


async def test_an_internal_failure_gets_a_short_message_and_a_log_entry(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    async for bot, fake in logged_in(BrokenChecker(checker, 0), monkeypatch):
        deliver_interaction(bot, command_payload("Who is John Kirby?"))
        (follow_up,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/")
    assert "went wrong" in follow_up["content"] and "secret detail" not in str(follow_up)
    assert "secret detail" in caplog.text


def test_no_privileged_intent_is_requested(checker: FactChecker) -> None:
    intents = FactCheckBot(checker).intents
    assert not intents.message_content and not intents.members and not intents.presences
    assert intents.guild_messages


def test_only_the_token_is_required_and_it_never_shows() -> None:
    with pytest.raises(ConfigError, match="DISCORD_TOKEN"):
        DiscordConfig.from_env({})
    config = DiscordConfig.from_env({"DISCORD_TOKEN": "very-secret-token"})
    assert config.guild_id is None and config.api_base is None
    assert "very-secret-token" not in repr(config)


async def test_serve_discord_uses_the_configured_api_and_names_a_refused_token(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    async with fake_discord() as fake:
        fake.token_valid = False
        env = {
            "DISCORD_TOKEN": "bad-token",
            "DISCORD_API_BASE": f"{fake.url}/api/v10/",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway",
        }
        with pytest.raises(ConfigError, match="refused DISCORD_TOKEN"):
            await serve_discord(checker, DiscordConfig.from_env(env))
        assert fake.sent("GET", "/users/@me") == [None]
    assert str(DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:9/gateway"


async def test_no_interaction_token_reaches_the_log_at_debug(
    discord_bot: tuple[FactCheckBot, FakeDiscord], caplog: pytest.LogCaptureFixture
) -> None:
    """discord.py logs every request's URL at DEBUG, and an interaction's answer is posted to a
    URL holding its token."""
    bot, fake = discord_bot
    caplog.set_level(logging.DEBUG)
    deliver_interaction(bot, command_payload("Who is John Kirby?", interaction_id="931"))
    await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-931")
    urls = [r.getMessage() for r in caplog.records if r.name.startswith("discord.") and "/931/" in r.getMessage()]
    assert urls and all("<token>" in line for line in urls)
    assert "token-931" not in caplog.text

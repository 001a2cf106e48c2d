"""Only the newsroom's Discord servers are served: the bot leaves any other, through discord.py's own
gateway handling, and refuses what arrives from elsewhere before it has gone."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from adapters import discord_server
from adapters.cli import main
from adapters.discord_app import FactCheckBot
from adapters.discord_guilds import ServedGuilds
from adapters.discord_server import DiscordConfig, serve_discord
from bot.errors import ConfigError
from bot.factchecker import FactChecker
from fakes.discord_api import (
    APP_ID,
    BOT_ID,
    FakeDiscord,
    button_payload,
    command_payload,
    deliver_interaction,
    deliver_message,
    fake_discord,
    message_payload,
)
from fakes.waiting import wait_until
from tests.integration.test_discord import WatchedBot, logged_in_as
from tests.integration.test_reconnect import serving

NEWSROOM, ELSEWHERE = "700", "701"
ANY_SERVER = "serving any server"


@pytest.fixture
def endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve_discord`` points discord.py at the fake for good: put it back after the test."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)


def config_for(fake: FakeDiscord, **settings: str) -> DiscordConfig:
    return DiscordConfig.from_env(
        {
            "DISCORD_TOKEN": "test-token",
            "DISCORD_API_BASE": f"{fake.url}/api/v10",
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            **settings,
        }
    )


class GuildWatchedBot(WatchedBot):
    """The bot, counting also the servers it has decided about (stayed in or left), so that a test
    can wait for every decision before it checks which servers were not left."""

    decided = 0

    async def on_guild_available(self, guild: discord.Guild) -> None:
        try:
            await super().on_guild_available(guild)
        finally:
            self.decided += 1

    async def on_guild_join(self, guild: discord.Guild) -> None:
        try:
            await super().on_guild_join(guild)
        finally:
            self.decided += 1

    async def wait_decided(self, count: int) -> None:
        await wait_until(lambda: self.decided >= count, lambda: f"{self.decided} servers decided about, not {count}")


@pytest.fixture
def served_bots(monkeypatch: pytest.MonkeyPatch) -> list[GuildWatchedBot]:
    """The bots ``serve_discord`` builds, watched."""
    bots: list[GuildWatchedBot] = []

    def build(*args: Any, **kwargs: Any) -> GuildWatchedBot:
        bots.append(GuildWatchedBot(*args, **kwargs))
        return bots[-1]

    monkeypatch.setattr(discord_server, "FactCheckBot", build)
    return bots


@pytest.fixture
async def newsroom_bot(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[WatchedBot, FakeDiscord]]:
    served = ServedGuilds(frozenset({int(NEWSROOM)}))
    async for pair in logged_in_as(WatchedBot(checker, served=served), monkeypatch):
        yield pair


async def handled(bot: FactCheckBot, payload: dict[str, Any]) -> None:
    """Deliver the interaction ``payload`` and wait, bounded, for the tasks discord.py starts for it
    to return: the command tree's or the button's, which run the server check and any handler to
    the end. discord.py offers no handler around an interaction that a subclass could count."""
    before = asyncio.all_tasks()
    deliver_interaction(bot, payload)
    started = asyncio.all_tasks() - before
    assert started, "discord.py started nothing for the interaction"
    _, running = await asyncio.wait(started, timeout=10)
    assert not running, f"the interaction still in hand after 10 s: {running}"


def deleted(fake: FakeDiscord) -> list[str]:
    """The servers the bot left."""
    return [path.rsplit("/", 1)[1] for method, path, _, _ in fake.requests if method == "DELETE"]


def left_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "left Discord server" in r.getMessage()]


async def test_at_start_up_it_leaves_every_server_not_listed_with_one_line_each(
    checker: FactChecker, endpoints: None, served_bots: list[GuildWatchedBot], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with fake_discord() as fake:
        fake.guilds = {NEWSROOM: "Newsroom", ELSEWHERE: "Stranger's server", "702": "Another"}
        async with serving(serve_discord(checker, config_for(fake, DISCORD_GUILDS=f" {NEWSROOM} ,"))):
            await wait_until(lambda: bool(served_bots), lambda: "serve_discord built no bot")
            await served_bots[0].wait_decided(3)
    assert sorted(deleted(fake)) == [ELSEWHERE, "702"]
    assert sorted(left_lines(caplog)) == [
        f'left Discord server "Stranger\'s server" ({ELSEWHERE}): DISCORD_GUILDS does not list it',
        "left Discord server 'Another' (702): DISCORD_GUILDS does not list it",
    ]
    assert ANY_SERVER not in caplog.text


async def test_invited_to_a_server_not_listed_it_leaves_it(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with fake_discord() as fake:
        monkeypatch.setattr(discord.http.Route, "BASE", f"{fake.url}/api/v10")
        monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
        bot = GuildWatchedBot(checker, served=ServedGuilds(frozenset({int(NEWSROOM)})))
        async with bot, serving(bot.start("test-token")):
            await asyncio.wait_for(bot.wait_until_ready(), 10)
            await fake.dispatch("GUILD_CREATE", {"id": NEWSROOM, "name": "Newsroom"})
            await fake.dispatch("GUILD_CREATE", {"id": ELSEWHERE, "name": "Stranger's server"})
            await bot.wait_decided(2)
            # Discord's GUILD_DELETE for the server left comes on the gateway, apart from the reply to DELETE.
            await wait_until(
                lambda: int(ELSEWHERE) not in {g.id for g in bot.guilds}, lambda: f"the bot is still in {bot.guilds}"
            )
            assert [g.id for g in bot.guilds] == [int(NEWSROOM)]
    assert deleted(fake) == [ELSEWHERE]
    assert len(left_lines(caplog)) == 1


async def test_a_slash_command_from_another_server_is_refused_privately_at_once(
    newsroom_bot: tuple[WatchedBot, FakeDiscord],
) -> None:
    bot, fake = newsroom_bot
    started = time.monotonic()
    await handled(bot, command_payload("Who is John Kirby?", guild_id=ELSEWHERE))
    (refusal,) = fake.sent("POST", "/interactions/900/token-900/callback")
    assert fake.when("POST", "/callback") - started < 1.0
    assert refusal["type"] == 4 and refusal["data"]["flags"] & 64
    assert refusal["data"]["content"] == "This bot is not set up for this server."
    assert fake.sent("POST", "/webhooks/") == [], "nothing from the archive"


@pytest.mark.parametrize("button", ["feedback", "share"])
async def test_a_button_from_another_server_is_refused_privately(
    newsroom_bot: tuple[WatchedBot, FakeDiscord], checker: FactChecker, button: str
) -> None:
    bot, fake = newsroom_bot
    answer = await checker.ask("Who is John Kirby?")
    custom_id = (
        f"factcheck:up:{answer.query_id}" if button == "feedback" else f"factcheck:share:{bot.shares.keep(answer)}"
    )
    await handled(bot, button_payload(custom_id, guild_id=ELSEWHERE))
    (refusal,) = fake.sent("POST", "/interactions/901/token-901/callback")
    assert refusal["data"]["content"] == "This bot is not set up for this server." and refusal["data"]["flags"] & 64


async def test_a_mention_from_another_server_is_not_answered(newsroom_bot: tuple[WatchedBot, FakeDiscord]) -> None:
    bot, fake = newsroom_bot
    deliver_message(bot, message_payload(f"<@{BOT_ID}> who is John Kirby?", guild_id=ELSEWHERE))
    deliver_message(bot, message_payload(f"<@{BOT_ID}> who is John Kirby?", message_id="1003"))
    await bot.wait_handled(2)
    assert [int(reply["message_reference"]["message_id"]) for reply in fake.sent("POST", "/messages")] == [1003]


async def test_direct_messages_are_answered_when_servers_are_listed(
    newsroom_bot: tuple[WatchedBot, FakeDiscord],
) -> None:
    bot, fake = newsroom_bot
    deliver_interaction(bot, command_payload("Who is John Kirby?", guild_id=None))
    (defer,) = await fake.wait_for("POST", "/interactions/900/token-900/callback")
    (follow_up,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-900")
    assert defer["type"] == 5 and follow_up["embeds"]
    deliver_message(bot, message_payload(f"<@{BOT_ID}> who is John Kirby?", guild_id=None))
    (reply,) = await fake.wait_for("POST", "/channels/650/messages")
    assert reply["embeds"]


async def test_with_no_server_listed_it_warns_once_that_it_serves_any(
    checker: FactChecker, endpoints: None, served_bots: list[GuildWatchedBot], caplog: pytest.LogCaptureFixture
) -> None:
    async with fake_discord() as fake:
        fake.guilds = {ELSEWHERE: "Anyone's server"}
        async with serving(serve_discord(checker, config_for(fake))):
            await wait_until(lambda: bool(served_bots), lambda: "serve_discord built no bot")
            await served_bots[0].wait_decided(1)
    assert [r.levelname for r in caplog.records if ANY_SERVER in r.getMessage()] == ["WARNING"]
    assert fake.sent("DELETE", "/users/@me/guilds/") == []


def test_the_servers_default_to_the_guild_id_which_still_chooses_where_commands_sync() -> None:
    token = {"DISCORD_TOKEN": "t"}
    assert DiscordConfig.from_env(token).served.ids is None
    only = DiscordConfig.from_env({**token, "DISCORD_GUILD_ID": "700"})
    assert only.served.ids == frozenset({700}) and only.guild_id == 700
    both = DiscordConfig.from_env({**token, "DISCORD_GUILD_ID": "700", "DISCORD_GUILDS": "700, 701,702"})
    assert both.served.ids == frozenset({700, 701, 702}) and both.guild_id == 700
    assert DiscordConfig.from_env({**token, "DISCORD_GUILDS": "701"}).guild_id is None
    with pytest.raises(ConfigError, match="DISCORD_GUILD_ID 700 is not in DISCORD_GUILDS"):
        DiscordConfig.from_env({**token, "DISCORD_GUILD_ID": "700", "DISCORD_GUILDS": "701"})


@pytest.mark.parametrize(
    ("value", "named"),
    [("700,newsroom", "'newsroom'"), ("700 701", "'700 701'"), (",", "','"), ("7\u00b2", "'7²'")],
)
def test_a_malformed_server_list_is_one_clear_line(value: str, named: str) -> None:
    with pytest.raises(ConfigError, match=f"DISCORD_GUILDS must be server ids .*{named}"):
        DiscordConfig.from_env({"DISCORD_TOKEN": "t", "DISCORD_GUILDS": value})


def test_serve_refuses_a_malformed_server_list_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "t")
    monkeypatch.setenv("DISCORD_GUILDS", "700;701")
    assert main(["serve", "discord"]) != 0
    # After the line naming the database, one line of error.
    using, err = capsys.readouterr().err.split("\n", 1)
    assert using.startswith("Using the database ")
    assert err.count("\n") == 1 and "DISCORD_GUILDS" in err and "'700;701'" in err and "Traceback" not in err

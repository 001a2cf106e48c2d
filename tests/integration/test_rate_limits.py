"""Rate limits: a few questions a minute pass; a flood is stopped with a private notice."""

from __future__ import annotations

import json

import pytest

from bot.factchecker import FactChecker
from bot.rate_limits import WINDOW_SECONDS, RateLimiter
from bot.settings import Settings
from tests.clock import Clock


def test_a_user_over_the_limit_waits_for_the_window_to_move() -> None:
    clock = Clock()
    limiter = RateLimiter(per_user=3, per_channel=100, clock=clock)
    assert [limiter.admit("u1", "c1") for _ in range(4)] == [True, True, True, False]
    assert limiter.admit("u2", "c1"), "another user is not limited by u1"
    clock.now += WINDOW_SECONDS + 1
    assert limiter.admit("u1", "c1")


def test_a_channel_limit_holds_across_users_and_zero_turns_a_limit_off() -> None:
    limiter = RateLimiter(per_user=0, per_channel=2, clock=Clock())
    assert [limiter.admit(f"u{n}", "c1") for n in range(3)] == [True, True, False]
    assert limiter.admit("u9", "c2")


def test_old_keys_are_forgotten_so_memory_stays_bounded() -> None:
    clock = Clock()
    limiter = RateLimiter(per_user=5, per_channel=5, clock=clock)
    for n in range(1000):
        limiter.admit(f"user{n}", f"channel{n}")
    clock.now += 2 * WINDOW_SECONDS
    limiter.admit("late", "late")
    assert len(limiter) == 2


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_RATE_PER_USER", "7")
    monkeypatch.setenv("FACTCHECK_RATE_PER_CHANNEL", "0")
    settings = Settings.load()
    assert (settings.questions_per_user_per_minute, settings.questions_per_channel_per_minute) == (7, 0)
    monkeypatch.setenv("FACTCHECK_RATE_PER_USER", "many")
    with pytest.raises(Exception, match="FACTCHECK_RATE_PER_USER"):
        Settings.load()


async def test_a_flooding_slack_user_gets_a_private_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    from fakes.slack_api import command_body
    from tests.integration.test_slack import running

    monkeypatch.setenv("FACTCHECK_RATE_PER_USER", "2")
    async with FactChecker.open(Settings.load()) as checker:
        async for slack in running(checker):
            replies = []
            for _ in range(3):
                response = await slack.post(command_body("Who is John Kirby?", slack.fake.response_url()))
                replies.append(await response.text())
            await slack.fake.wait_for("response_url", count=2)
    notice = json.loads(replies[2])
    assert notice["response_type"] == "ephemeral" and "wait a minute" in notice["text"]
    assert len(slack.fake.sent("response_url")) == 2


async def test_a_flooding_discord_user_gets_an_ephemeral_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    from fakes.discord_api import APP_ID, command_payload, deliver_interaction
    from tests.integration.test_discord import logged_in

    monkeypatch.setenv("FACTCHECK_RATE_PER_USER", "1")
    async with FactChecker.open(Settings.load()) as checker:
        async for bot, fake in logged_in(checker, monkeypatch):
            deliver_interaction(bot, command_payload("Who is John Kirby?", interaction_id="1"))
            deliver_interaction(bot, command_payload("Who is John Kirby?", interaction_id="2"))
            await fake.wait_for("POST", f"/webhooks/{APP_ID}/token-1")
            (notice,) = await fake.wait_for("POST", "/interactions/2/token-2/callback")
    assert notice["type"] == 4 and notice["data"]["flags"] & 64 and "wait a minute" in notice["data"]["content"]
    assert fake.sent("POST", f"/webhooks/{APP_ID}/token-2") == []

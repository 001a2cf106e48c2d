"""Slack and Discord API failures, through the real libraries against loopback fakes that fail on purpose:
what is retried (and after how long), what reaches the platform in the end, and what is logged when
nothing gets through, while the bot keeps serving."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator

import pytest

from adapters.discord_app import FactCheckBot
from adapters.discord_delivery import Redelivery
from bot.factchecker import FactChecker
from bot.settings import Settings
from fakes.discord_api import (
    APP_ID,
    BOT_ID,
    DM_CHANNEL_ID,
    FakeDiscord,
    command_payload,
    deliver_interaction,
    deliver_message,
    message_payload,
)
from fakes.discord_api import Fault as DiscordFault
from fakes.slack_api import Fault, command_body, mention_body
from tests.integration.test_discord import logged_in
from tests.integration.test_slack import Slack, running

JSON = "application/json"
QUESTION = "Who is John Kirby?"


@pytest.fixture
async def slack(checker: FactChecker) -> AsyncIterator[Slack]:
    async for running_slack in running(checker):
        yield running_slack


def call_times(slack: Slack, method: str) -> list[float]:
    return [at for (called, _), at in zip(slack.fake.calls, slack.fake.times, strict=True) if called == method]


async def wait_for_log(caplog: pytest.LogCaptureFixture, text: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not any(text in message for message in caplog.messages):
        assert time.monotonic() < deadline, f"nothing logged about {text}: {caplog.messages}"
        await asyncio.sleep(0.01)


# Slack


async def test_a_rate_limited_post_waits_for_retry_after_then_gets_through(slack: Slack) -> None:
    slack.fake.fail("chat.postMessage", Fault(429, retry_after=1, times=1))
    await slack.post(mention_body(f"<@UBOT> {QUESTION}"), content_type=JSON)
    first, second = await slack.fake.wait_for("chat.postMessage", count=2)
    assert first == second and first["thread_ts"] == "1700000000.000100"
    tried, retried = call_times(slack, "chat.postMessage")
    assert retried - tried >= 1.0


async def test_a_rate_limited_response_url_post_is_retried(slack: Slack) -> None:
    """Bolt's own respond() would return the 429 and drop the answer."""
    slack.fake.fail("response_url", Fault(429, retry_after=0, times=1))
    await slack.post(command_body(QUESTION, slack.fake.response_url()))
    first, second = await slack.fake.wait_for("response_url", count=2)
    assert first == second and second["response_type"] == "in_channel" and second["blocks"]


@pytest.mark.parametrize("statuses", [(500, 503), (502, 504)], ids=["500 then 503", "gateway errors"])
async def test_server_errors_are_retried_with_backoff(slack: Slack, statuses: tuple[int, int]) -> None:
    for status in statuses:
        slack.fake.fail("response_url", Fault(status, times=1))
    await slack.post(command_body(QUESTION, slack.fake.response_url()))
    replies = await slack.fake.wait_for("response_url", count=3)
    assert replies[0] == replies[1] == replies[2]


async def test_dropped_connections_are_retried_more_than_slack_sdk_does_by_default(slack: Slack) -> None:
    """slack_sdk's default handler retries a dropped connection once; the answer needs the third try here."""
    slack.fake.fail("response_url", Fault(cut=True, times=2))
    await slack.post(command_body(QUESTION, slack.fake.response_url()))
    replies = await slack.fake.wait_for("response_url", count=3)
    assert replies[0] == replies[2] and replies[2]["response_type"] == "in_channel"


async def test_a_timed_out_post_is_sent_again(checker: FactChecker) -> None:
    async for slack in running(checker, timeout=1):
        slack.fake.fail("chat.postMessage", Fault(200, delay=1.5, times=1))
        await slack.post(mention_body(f"<@UBOT> {QUESTION}"), content_type=JSON)
        first, second = await slack.fake.wait_for("chat.postMessage", count=2)
    assert first == second


async def test_a_post_that_keeps_failing_is_logged_and_the_bot_keeps_serving(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="adapters")
    slack.fake.fail("chat.postMessage", Fault(503))
    await slack.post(mention_body(f"<@UBOT> {QUESTION}", event_id="EvLost"), content_type=JSON)
    await slack.fake.wait_for("chat.postMessage", count=3)
    await wait_for_log(caplog, "chat.postMessage")
    (record,) = [r for r in caplog.records if "chat.postMessage" in r.getMessage()]
    assert record.name == "adapters.slack_delivery" and record.levelno == logging.ERROR
    assert record.getMessage() == "Slack chat.postMessage to C1 failed: HTTP 503"
    assert "xoxb-test" not in caplog.text
    assert len(slack.fake.sent("chat.postMessage")) == 3, "two retries, then reported"

    del slack.fake.faults["chat.postMessage"]
    await slack.post(mention_body(f"<@UBOT> {QUESTION}", event_id="EvNext", ts="1700000001.000100"), content_type=JSON)
    *_, answered = await slack.fake.wait_for("chat.postMessage", count=4)
    assert answered["thread_ts"] == "1700000001.000100"


async def test_a_response_url_that_keeps_failing_is_logged_without_the_url(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="adapters")
    slack.fake.fail("response_url", Fault(500))
    response = await slack.post(command_body(QUESTION, slack.fake.response_url("secret-hook")))
    assert response.status == 200
    await slack.fake.wait_for("response_url", count=3)
    await wait_for_log(caplog, "response_url")
    assert "Slack response_url post failed: HTTP 500 upstream connect error" in caplog.messages
    assert "secret-hook" not in caplog.text


@pytest.mark.parametrize("level", [logging.INFO, logging.DEBUG], ids=["-v", "debug"])
async def test_a_retried_response_url_post_is_logged_without_the_url(
    slack: Slack, caplog: pytest.LogCaptureFixture, level: int
) -> None:
    """slack_sdk's retry handler logs the URL it retries at INFO, which ``-v`` shows."""
    caplog.set_level(level)
    slack.fake.fail("response_url", Fault(503, times=1))
    await slack.post(command_body(QUESTION, slack.fake.response_url("secret-hook")))
    await slack.fake.wait_for("response_url", count=2)
    retried = [r for r in caplog.records if r.name == "slack_sdk.webhook.async_client" and "retry" in r.getMessage()]
    assert [r.getMessage() for r in retried] == [
        "A retry handler found: ServerErrorRetry for POST <response_url> - status: 503"
    ]
    assert "secret-hook" not in caplog.text


async def test_a_rate_limit_longer_than_the_cap_is_reported_at_once(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="adapters")
    slack.fake.fail("chat.postMessage", Fault(429, retry_after=120))
    await slack.post(mention_body(f"<@UBOT> {QUESTION}"), content_type=JSON)
    await wait_for_log(caplog, "ratelimited")
    assert caplog.messages == ["Slack chat.postMessage to C1 failed: HTTP 429 ratelimited"]
    assert len(slack.fake.sent("chat.postMessage")) == 1


async def test_an_unreachable_response_url_is_logged_without_the_url(
    slack: Slack, caplog: pytest.LogCaptureFixture, unused_tcp_port: int
) -> None:
    caplog.set_level(logging.ERROR, logger="adapters")
    await slack.post(command_body(QUESTION, f"http://127.0.0.1:{unused_tcp_port}/hooks/secret-hook"))
    await wait_for_log(caplog, "response_url")
    (message,) = caplog.messages
    assert message.startswith("Slack response_url post failed: ClientConnectorError")
    assert "secret-hook" not in caplog.text


# Discord

FAST_REDELIVERY = Redelivery(backoff=0.01)
REPLY = "/channels/600/messages"
FOLLOW_UP = f"/webhooks/{APP_ID}/token-900"


@pytest.fixture
async def discord_bot(
    checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[FactCheckBot, FakeDiscord]]:
    async for pair in logged_in(checker, monkeypatch, redelivery=FAST_REDELIVERY):
        yield pair


def ask(bot: FactCheckBot, path: str, *, message_id: str = "1001") -> None:
    """Ask the question the way whose answer goes to ``path``: a mention (reply) or the slash command."""
    if path == REPLY:
        deliver_message(bot, message_payload(f"<@{BOT_ID}> {QUESTION}", message_id=message_id))
    else:
        deliver_interaction(bot, command_payload(QUESTION))


def attempt_times(fake: FakeDiscord, path: str) -> list[float]:
    return [at for method, p, _, at in fake.requests if method == "POST" and p == path]


@pytest.mark.parametrize("path", [REPLY, FOLLOW_UP], ids=["mention reply", "follow-up"])
async def test_discord_py_waits_out_a_429_for_its_retry_after(
    discord_bot: tuple[FactCheckBot, FakeDiscord], path: str
) -> None:
    bot, fake = discord_bot
    fake.fail("POST", path, DiscordFault(429, retry_after=0.3, times=1))
    ask(bot, path)
    first, second = await fake.wait_for("POST", path, count=2)
    assert first == second and first["embeds"] and first["allowed_mentions"]["parse"] == []
    tried, retried = attempt_times(fake, path)
    assert retried - tried >= 0.3


@pytest.mark.parametrize("path", [REPLY, FOLLOW_UP], ids=["mention reply", "follow-up"])
async def test_discord_py_retries_a_502_after_a_second(
    discord_bot: tuple[FactCheckBot, FakeDiscord], path: str
) -> None:
    bot, fake = discord_bot
    fake.fail("POST", path, DiscordFault(502, times=1))
    ask(bot, path)
    first, second = await fake.wait_for("POST", path, count=2)
    assert first == second
    tried, retried = attempt_times(fake, path)
    assert retried - tried >= 1.0


async def test_a_rate_limited_deferral_is_retried(discord_bot: tuple[FactCheckBot, FakeDiscord]) -> None:
    bot, fake = discord_bot
    fake.fail("POST", "/interactions/900/token-900/callback", DiscordFault(429, retry_after=0.05, times=1))
    ask(bot, FOLLOW_UP)
    first, second = await fake.wait_for("POST", "/callback", count=2)
    assert first == second and first["type"] == 5
    await fake.wait_for("POST", FOLLOW_UP)


async def test_a_503_on_a_reply_is_retried_here_with_the_same_nonce(
    discord_bot: tuple[FactCheckBot, FakeDiscord],
) -> None:
    """discord.py's REST client raises a 503 at once; a repeated nonce lets Discord keep one message only."""
    bot, fake = discord_bot
    fake.fail("POST", REPLY, DiscordFault(503, times=1))
    ask(bot, REPLY)
    first, second = await fake.wait_for("POST", REPLY, count=2)
    assert first == second
    assert first["nonce"] == "1001" and first["enforce_nonce"] is True


async def test_a_cut_connection_on_a_follow_up_is_retried_here(
    discord_bot: tuple[FactCheckBot, FakeDiscord],
) -> None:
    bot, fake = discord_bot
    fake.fail("POST", FOLLOW_UP, DiscordFault(cut=True, times=1))
    ask(bot, FOLLOW_UP)
    first, second = await fake.wait_for("POST", FOLLOW_UP, count=2)
    assert first == second and first["embeds"]


async def test_a_reply_that_keeps_failing_is_logged_and_the_bot_keeps_serving(
    discord_bot: tuple[FactCheckBot, FakeDiscord], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="adapters")
    bot, fake = discord_bot
    fake.fail("POST", REPLY, DiscordFault(503))
    ask(bot, REPLY)
    await wait_for_log(caplog, "answer reply")
    assert caplog.messages == [
        "Discord answer reply to message 1001 failed (3 attempt(s)): HTTP 503 (code 0) upstream connect error"
    ]
    assert len(fake.sent("POST", REPLY)) == 3 and "test-token" not in caplog.text

    fake.faults.clear()
    ask(bot, REPLY, message_id="1005")
    *_, answered = await fake.wait_for("POST", REPLY, count=4)
    assert int(answered["message_reference"]["message_id"]) == 1005


async def test_an_expired_follow_up_is_logged_at_once_without_the_token(
    discord_bot: tuple[FactCheckBot, FakeDiscord], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="adapters")
    bot, fake = discord_bot
    fake.fail("POST", FOLLOW_UP, DiscordFault(404))
    ask(bot, FOLLOW_UP)
    await wait_for_log(caplog, "follow-up")
    assert caplog.messages == [
        "Discord follow-up answer failed (1 attempt(s)): HTTP 404 (code 10062) Unknown interaction"
    ]
    assert "token-900" not in caplog.text and len(fake.sent("POST", FOLLOW_UP)) == 1


async def test_a_refused_rate_limit_notice_is_logged_not_dropped(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="adapters")
    monkeypatch.setenv("FACTCHECK_RATE_PER_USER", "1")
    async with FactChecker.open(Settings.load()) as checker:
        async for bot, fake in logged_in(checker, monkeypatch, redelivery=FAST_REDELIVERY):
            fake.fail("POST", f"/channels/{DM_CHANNEL_ID}/messages", DiscordFault(403))
            ask(bot, REPLY)
            await fake.wait_for("POST", REPLY)
            ask(bot, REPLY, message_id="1002")
            await wait_for_log(caplog, "direct message")
    (record,) = [r for r in caplog.records if "direct message" in r.getMessage()]
    message = record.getMessage()
    assert record.levelno == logging.INFO
    assert message.startswith("Discord rate-limit notice by direct message to discord:")
    assert message.endswith("failed (1 attempt(s)): HTTP 403 (code 50007) Cannot send messages to this user")

"""Follow-up questions in a Slack thread and a direct message, through the real Bolt app on loopback."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator

import pytest

from adapters.slack_server import SlackConfig, serve_slack
from bot import messages
from bot.factchecker import FactChecker
from bot.settings import Settings
from fakes.slack_api import (
    Fault,
    channel_message_body,
    direct_message_body,
    events_envelope,
    fake_slack,
    mention_body,
)
from tests.integration.test_reconnect import serving
from tests.integration.test_slack import Slack, running

JSON = "application/json"
THREAD = "1700000000.000100"
"""The mention's ts: the bot answers it in a thread under it."""
FIRST = "<@UBOT> who denied the arms deal?"
FOLLOW_UP = "and when did he say that?"


def logged(settings: Settings) -> list[tuple[str, str | None]]:
    """The questions in the query log, as typed and as read."""
    with sqlite3.connect(settings.db_path) as db:
        return list(db.execute("SELECT question, read_as FROM query_log ORDER BY id"))


@pytest.fixture
async def slack(checker: FactChecker) -> AsyncIterator[Slack]:
    async for running_slack in running(checker):
        yield running_slack


async def start_conversation(slack: Slack) -> dict[str, object]:
    """Mention the bot in the channel; its answer opens a conversation in the thread under the mention."""
    await slack.post(mention_body(FIRST, ts=THREAD), content_type=JSON)
    (answer,) = await slack.fake.wait_for("chat.postMessage")
    return answer


async def say(slack: Slack, text: str, ts: str, *, thread: str | None = THREAD, **more: str) -> None:
    response = await slack.post(channel_message_body(text, ts=ts, thread_ts=thread, **more), content_type=JSON)
    assert response.status == 200


def thread_posts(slack: Slack) -> list[str]:
    return [str(body["text"]) for body in slack.fake.sent("chat.postMessage")]


async def test_a_follow_up_in_the_thread_is_answered_there_read_in_context(slack: Slack, settings: Settings) -> None:
    first = await start_conversation(slack)
    assert first["thread_ts"] == THREAD and messages.CONVERSATION_STARTED.split(";")[0] in str(first["blocks"])
    await say(slack, FOLLOW_UP, "1700000000.000200")
    _, answer = await slack.fake.wait_for("chat.postMessage", count=2)
    assert answer["channel"] == "C1" and answer["thread_ts"] == THREAD
    assert "Reading this as" in str(answer["blocks"]) and "never had" in str(answer["blocks"])
    assert messages.CONVERSATION_STARTED.split(";")[0] not in str(answer["blocks"])
    (_, reading) = logged(settings)[1]
    assert logged(settings)[1][0] == FOLLOW_UP and reading is not None and "official" in reading


async def test_a_reply_also_sent_to_the_channel_is_a_thread_message(slack: Slack) -> None:
    await start_conversation(slack)
    await say(slack, FOLLOW_UP, "1700000000.000200", subtype="thread_broadcast")
    _, answer = await slack.fake.wait_for("chat.postMessage", count=2)
    assert answer["thread_ts"] == THREAD and "Reading this as" in str(answer["blocks"])


async def test_thanks_and_messages_for_other_people_are_ignored_and_not_stored(
    slack: Slack, settings: Settings
) -> None:
    await start_conversation(slack)
    for n, text in enumerate(["thanks!", "<@U2> can you check?", "<!here> who saw this?", "good catch"]):
        await say(slack, text, f"1700000000.00030{n}")
    await say(slack, FOLLOW_UP, "1700000000.000309")
    await slack.work.wait_finished(6)
    assert len(thread_posts(slack)) == 2, "the question answered, the rest not"
    assert [question for question, _ in logged(settings)] == ["who denied the arms deal?", FOLLOW_UP]


async def test_messages_in_a_thread_the_bot_has_not_answered_and_outside_threads_are_ignored(
    slack: Slack, settings: Settings
) -> None:
    await start_conversation(slack)
    await say(slack, "who is John Kirby?", "1700000000.000400", thread="1700000000.000009")
    await say(slack, "who is John Kirby?", "1700000000.000401", thread=None)
    await say(slack, "who is John Kirby?", "1700000000.000402", thread="1700000000.000402")
    await say(slack, "who is John Kirby?", "1700000000.000403")
    await slack.work.wait_finished(5)
    assert len(thread_posts(slack)) == 2, "answered in the conversation's thread only"
    assert [question for question, _ in logged(settings)] == ["who denied the arms deal?", "who is John Kirby?"]


async def test_the_bots_own_other_bots_edits_and_deletions_are_ignored(slack: Slack, settings: Settings) -> None:
    await start_conversation(slack)
    await say(slack, "Who is John Kirby?", "1700000000.000500", user="UBOT", bot_id="B1")
    await say(slack, "Who is John Kirby?", "1700000000.000501", user="U9", bot_id="B9")
    await say(slack, "Who is John Kirby?", "1700000000.000502", subtype="bot_message", bot_id="B8")
    await say(slack, "Who is John Kirby?", "1700000000.000503", subtype="message_changed")
    await say(slack, "Who is John Kirby?", "1700000000.000504", subtype="message_deleted")
    await say(slack, FOLLOW_UP, "1700000000.000505")
    await slack.fake.wait_for("chat.postMessage", count=2)
    await asyncio.sleep(0.3)
    assert len(thread_posts(slack)) == 2
    assert [question for question, _ in logged(settings)] == ["who denied the arms deal?", FOLLOW_UP]


@pytest.mark.parametrize("stop", ["stop", "Stop.", "<@UBOT> STOP"])
async def test_stop_ends_the_conversation_until_the_next_mention(slack: Slack, settings: Settings, stop: str) -> None:
    await start_conversation(slack)
    if stop.startswith("<@UBOT>"):
        await slack.post(
            mention_body(stop, ts="1700000000.000600", thread_ts=THREAD, event_id="EvStop"), content_type=JSON
        )
    await say(slack, stop, "1700000000.000600")
    _, ended = await slack.fake.wait_for("chat.postMessage", count=2)
    assert (ended["text"], ended["thread_ts"]) == (messages.CONVERSATION_ENDED, THREAD)
    await say(slack, FOLLOW_UP, "1700000000.000601")
    await slack.work.wait_finished(4 if stop.startswith("<@UBOT>") else 3)
    assert len(thread_posts(slack)) == 2 and len(logged(settings)) == 1
    await slack.post(mention_body(f"<@UBOT> {FOLLOW_UP}", ts="1700000000.000602", thread_ts=THREAD), content_type=JSON)
    *_, fresh = await slack.fake.wait_for("chat.postMessage", count=3)
    assert "Reading this as" not in str(fresh["blocks"]), "a new conversation: the question is read on its own"


@pytest.mark.parametrize("message_first", [True, False], ids=["message first", "app_mention first"])
async def test_a_mention_in_an_active_thread_is_answered_once_in_context(
    slack: Slack, settings: Settings, message_first: bool
) -> None:
    await start_conversation(slack)
    text, ts = f"<@UBOT> {FOLLOW_UP}", "1700000000.000700"
    deliveries = [
        channel_message_body(text, ts=ts, thread_ts=THREAD, event_id="EvAsMessage"),
        mention_body(text, ts=ts, thread_ts=THREAD, event_id="EvAsMention"),
    ]
    for body in deliveries if message_first else deliveries[::-1]:
        await slack.post(body, content_type=JSON)
    await slack.work.wait_finished(3)
    assert len(thread_posts(slack)) == 2
    assert "Reading this as" in str(slack.fake.sent("chat.postMessage")[1]["blocks"])
    assert len(logged(settings)) == 2


async def test_a_conversation_goes_on_after_a_restart(settings: Settings) -> None:
    async with FactChecker.open(settings) as checker:
        async for slack in running(checker):
            await start_conversation(slack)
    async with FactChecker.open(settings) as checker:
        async for slack in running(checker):
            await say(slack, FOLLOW_UP, "1700000000.000800")
            (answer,) = await slack.fake.wait_for("chat.postMessage")
    assert answer["thread_ts"] == THREAD and "Reading this as" in str(answer["blocks"])


async def test_follow_ups_are_answered_in_the_order_they_came(slack: Slack) -> None:
    await start_conversation(slack)
    slack.fake.fail("chat.postMessage", Fault(429, retry_after=1, times=1))
    await say(slack, FOLLOW_UP, "1700000000.000900")
    await say(slack, "what about Kirby?", "1700000000.000901")
    await slack.fake.wait_for("chat.postMessage", count=4)
    posted = thread_posts(slack)
    assert FOLLOW_UP in posted[1], "the first follow-up's answer, refused once with a 429"
    assert posted[2] == posted[1] and "what about Kirby?" in posted[3], "posted again before the second's"


async def test_each_direct_message_follows_up_the_one_before_until_stop(slack: Slack, settings: Settings) -> None:
    await slack.post(direct_message_body("who denied the arms deal?", ts="1700000000.001000"), content_type=JSON)
    await slack.post(direct_message_body(FOLLOW_UP, ts="1700000000.001001", event_id="EvDm2"), content_type=JSON)
    first, second = await slack.fake.wait_for("chat.postMessage", count=2)
    assert first["channel"] == second["channel"] == "D1" and "thread_ts" not in second
    assert messages.CONVERSATION_STARTED.split(";")[0] not in str(first["blocks"])
    assert "Reading this as" in str(second["blocks"])
    await slack.post(direct_message_body("stop", ts="1700000000.001002", event_id="EvDm3"), content_type=JSON)
    await slack.post(direct_message_body(FOLLOW_UP, ts="1700000000.001003", event_id="EvDm4"), content_type=JSON)
    *_, ended, fresh = await slack.fake.wait_for("chat.postMessage", count=4)
    assert ended["text"] == messages.DIRECT_CONVERSATION_ENDED
    assert "Reading this as" not in str(fresh["blocks"])
    assert [reading is not None for _, reading in logged(settings)] == [False, True, False]


async def test_a_channel_message_outside_an_answered_thread_is_not_answered_stored_or_logged_at_debug(
    checker: FactChecker, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Over Socket Mode, whose client logs each envelope it receives at DEBUG."""
    caplog.set_level(logging.DEBUG)
    private = ["Kirby's source in Seoul is the deputy minister", "who is the source in Seoul?"]
    async with fake_slack() as fake:
        env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": f"{fake.url}/api"}
        async with serving(serve_slack(checker, SlackConfig.from_env(env, http=False))):
            await fake.wait_for_sockets(1)
            ignored = [
                channel_message_body(private[0], ts="1700000000.002000"),
                channel_message_body(private[1], ts="1700000000.002001", thread_ts="1700000000.000009"),
                channel_message_body(private[1], ts="1700000000.002002", user="UBOT", bot_id="B1"),
                channel_message_body(private[1], ts="1700000000.002003", subtype="message_changed"),
            ]
            for n, body in enumerate(ignored):
                await fake.deliver(events_envelope(body, envelope_id=f"env{n}"))
            await fake.deliver(events_envelope(direct_message_body("who is John Kirby?"), envelope_id="envDm"))
            await fake.wait_for("chat.postMessage")
            await fake.wait_for("socket", count=len(ignored) + 1)
            await asyncio.sleep(0.2)
    assert len(fake.sent("chat.postMessage")) == 1, "only the direct message is answered"
    assert [question for question, _ in logged(settings)] == ["who is John Kirby?"]
    assert "Received message" in caplog.text, "the Socket Mode client logged at DEBUG"
    assert "Seoul" not in caplog.text, "no message's text, at any level"

"""*Fact-check this message* and direct messages, through the real Bolt app on loopback."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.slack_blocks import SHARE_IN_THREAD
from bot import messages
from bot.factchecker import FactChecker
from bot.settings import Settings
from fakes.slack_api import action_body, direct_message_body, shortcut_body
from tests.integration.test_slack import Slack, running
from tests.integration.test_slack_verify import styled

JSON = "application/json"
ALTERED_CLAIM = "we have never exported arms or ammunition to China"
MESSAGE = f"Kirby told reporters “{ALTERED_CLAIM}” on Tuesday"


@pytest.fixture
async def slack(checker: FactChecker) -> AsyncIterator[Slack]:
    async for running_slack in running(checker):
        yield running_slack


def logged(settings: Settings) -> list[tuple[str, str]]:
    with sqlite3.connect(settings.db_path) as db:
        return [(origin, question) for origin, question in db.execute("SELECT origin, question FROM query_log")]


def share_in_thread_value(reply: dict[str, Any]) -> str:
    actions = next(b for b in reply["blocks"] if b["type"] == "actions")
    return str(next(e for e in actions["elements"] if e["action_id"] == SHARE_IN_THREAD)["value"])


def without_buttons_to_share(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**b, "elements": [e for e in b["elements"] if e["action_id"] != SHARE_IN_THREAD]}
        if b["type"] == "actions"
        else b
        for b in blocks
    ]


async def use_shortcut(slack: Slack, text: str, name: str = "s1", **message: str) -> None:
    response = await slack.post(shortcut_body(text, slack.fake.response_url(name, kind="app"), **message))
    assert response.status == 200


async def press_share_in_thread(slack: Slack, value: str, name: str) -> None:
    response = await slack.post(action_body(SHARE_IN_THREAD, value, slack.fake.response_url(name, kind="actions")))
    assert response.status == 200


async def test_the_shortcut_verifies_a_quoted_message_privately_where_the_bot_is_no_member(
    slack: Slack, settings: Settings
) -> None:
    slack.fake.not_in.add("C1")
    await use_shortcut(slack, MESSAGE)
    (reply,) = await slack.fake.wait_for("response_url")
    assert reply["response_type"] == "ephemeral"
    assert styled(reply["blocks"], "strike") == ["China"] and "Russia" in styled(reply["blocks"], "bold")
    assert share_in_thread_value(reply)
    await asyncio.sleep(0.1)
    assert slack.fake.sent("chat.postMessage") == []
    assert logged(settings) == [("slack:T1/U1", ALTERED_CLAIM)], "stored like a question: audit log, retention, forget"


async def test_the_shortcut_asks_a_message_without_quotations_as_a_question(slack: Slack, settings: Settings) -> None:
    await use_shortcut(slack, "Who denied the arms deal and when?")
    (reply,) = await slack.fake.wait_for("response_url")
    assert reply["response_type"] == "ephemeral"
    assert "never had" in json.dumps(reply["blocks"]) and not styled(reply["blocks"], "strike")
    assert logged(settings) == [("slack:T1/U1", "Who denied the arms deal and when?")]


async def test_the_shortcut_on_a_message_without_text_says_so(slack: Slack) -> None:
    await use_shortcut(slack, "  <@U2>  ")
    (reply,) = await slack.fake.wait_for("response_url")
    assert (reply["response_type"], reply["text"]) == ("ephemeral", messages.NOTHING_TO_CHECK)


@pytest.mark.parametrize(
    ("message", "thread"),
    [({}, "1700000000.000400"), ({"thread_ts": "1700000000.000001"}, "1700000000.000001")],
    ids=["message in the channel", "message in a thread"],
)
async def test_share_in_thread_posts_the_answer_once_in_the_messages_thread(
    slack: Slack, message: dict[str, str], thread: str
) -> None:
    await use_shortcut(slack, MESSAGE, **message)
    (reply,) = await slack.fake.wait_for("response_url")
    value = share_in_thread_value(reply)
    await press_share_in_thread(slack, value, "share1")
    (posted,) = await slack.fake.wait_for("chat.postMessage")
    assert posted["channel"] == "C1" and posted["thread_ts"] == thread
    assert posted["blocks"] == without_buttons_to_share(reply["blocks"])
    await press_share_in_thread(slack, value, "share2")
    _, refused = await slack.fake.wait_for("response_url", count=2)
    assert (refused["response_type"], refused["text"]) == ("ephemeral", messages.ALREADY_SHARED)
    assert len(slack.fake.sent("chat.postMessage")) == 1


async def test_share_in_thread_where_the_bot_may_not_post_goes_to_the_channel_through_the_response_url(
    slack: Slack,
) -> None:
    slack.fake.not_in.add("C1")
    await use_shortcut(slack, MESSAGE)
    (reply,) = await slack.fake.wait_for("response_url")
    await press_share_in_thread(slack, share_in_thread_value(reply), "share")
    _, shared = await slack.fake.wait_for("response_url", count=2)
    assert shared["response_type"] == "in_channel" and shared["replace_original"] is False
    assert shared["blocks"] == without_buttons_to_share(reply["blocks"])
    assert len(slack.fake.sent("chat.postMessage")) == 1, "tried in the thread first"


async def test_shortcuts_and_their_shares_count_against_the_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_RATE_PER_USER", "2")
    async with FactChecker.open(Settings.load()) as checker:
        async for slack in running(checker):
            await use_shortcut(slack, MESSAGE, "first")
            (reply,) = await slack.fake.wait_for("response_url")
            await press_share_in_thread(slack, share_in_thread_value(reply), "share")
            await slack.fake.wait_for("chat.postMessage")
            await use_shortcut(slack, MESSAGE, "second")
            _, refused = await slack.fake.wait_for("response_url", count=2)
    assert (refused["response_type"], refused["text"]) == ("ephemeral", messages.RATE_LIMITED)


async def test_a_direct_message_is_answered_in_the_direct_message(slack: Slack) -> None:
    await slack.post(direct_message_body("<@UBOT> who denied the arms deal?"), content_type=JSON)
    (posted,) = await slack.fake.wait_for("chat.postMessage")
    assert posted["channel"] == "D1" and "thread_ts" not in posted
    assert "never had" in json.dumps(posted["blocks"])


async def test_the_bot_answers_people_and_ignores_its_own_and_other_bots_direct_messages(slack: Slack) -> None:
    ignored = [
        direct_message_body("Who is John Kirby?", event_id="EvOwn", user="UBOT", bot_id="B1"),
        direct_message_body("Who is John Kirby?", event_id="EvOtherBot", user="U9", bot_id="B9"),
        direct_message_body("Who is John Kirby?", event_id="EvClassicBot", subtype="bot_message", bot_id="B8"),
        direct_message_body("Who is John Kirby?", event_id="EvEdit", subtype="message_changed"),
    ]
    for body in ignored:
        assert (await slack.post(body, content_type=JSON)).status == 200
    await slack.post(direct_message_body("who denied the arms deal?", event_id="EvPerson"), content_type=JSON)
    await slack.fake.wait_for("chat.postMessage")
    await asyncio.sleep(0.3)
    (posted,) = slack.fake.sent("chat.postMessage")
    assert "arms deal" in posted["text"]

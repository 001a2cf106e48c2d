"""The Slack adapter, driven through the real Bolt app with signed requests on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.asking import Checker
from adapters.drain import Work
from adapters.slack_app import build_slack_app
from adapters.slack_blocks import HELPFUL, SHARE, UNHELPFUL
from adapters.slack_retries import SlackRetries, slack_web_client
from adapters.slack_server import EVENTS_PATH, SlackConfig, events_app, serve_slack
from bot import messages
from bot.errors import ConfigError
from bot.factchecker import FactChecker
from bot.settings import Settings
from fakes.slack_api import (
    SIGNING_SECRET,
    FakeSlack,
    Fault,
    action_body,
    command_body,
    fake_slack,
    mention_body,
    signed_headers,
)
from fakes.waiting import wait_until
from tests.checkers import BrokenChecker, SlowChecker

FORM = "application/x-www-form-urlencoded"


class Signing(TypedDict, total=False):
    """How ``signed_headers`` signs a request, where a test signs it wrongly."""

    secret: str
    age: int


class WatchedWork(Work):
    """The app's work, counting the listeners that have returned, so that a test can wait for a
    listener to finish before it checks what the listener did not send."""

    def __init__(self) -> None:
        super().__init__()
        self.finished = 0

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        try:
            async with super().held():
                yield
        finally:
            self.finished += 1

    async def wait_finished(self, count: int) -> None:
        await wait_until(lambda: self.finished >= count, lambda: f"{self.finished} listeners returned, not {count}")


@dataclass
class Slack:
    """A running Bolt app on loopback, the fake Slack it talks to, and a way to post to it."""

    fake: FakeSlack
    url: str
    session: aiohttp.ClientSession
    work: WatchedWork

    async def post(self, body: str, *, content_type: str = FORM, **sign: Unpack[Signing]) -> aiohttp.ClientResponse:
        headers = signed_headers(body, content_type=content_type, **sign)
        return await self.session.post(self.url, data=body.encode(), headers=headers)


FAST_RETRIES = SlackRetries(backoff=0.01)


async def running(checker: Checker, *, timeout: int = 30) -> AsyncIterator[Slack]:
    """The app with its client built as ``serve_slack`` builds it, but with tiny backoff."""
    async with fake_slack() as fake:
        client = slack_web_client("xoxb-test", base_url=f"{fake.url}/api/", retries=FAST_RETRIES, timeout=timeout)
        work = WatchedWork()
        app = build_slack_app(checker, client=client, signing_secret=SIGNING_SECRET, work=work)
        server = TestServer(events_app(app), host="127.0.0.1")
        await server.start_server()
        async with aiohttp.ClientSession() as session:
            yield Slack(fake, str(server.make_url(EVENTS_PATH)), session, work)
        await server.close()


@pytest.fixture
async def slack(checker: FactChecker) -> AsyncIterator[Slack]:
    async for running_slack in running(checker):
        yield running_slack


async def test_slash_command_answers_in_channel_through_the_response_url(slack: Slack) -> None:
    response = await slack.post(command_body("Who denied the arms deal and when?", slack.fake.response_url()))
    assert response.status == 200
    (reply,) = await slack.fake.wait_for("response_url")
    assert reply["response_type"] == "in_channel"
    quote_block = next(b for b in reply["blocks"] if b["type"] == "rich_text")
    quote = quote_block["elements"][0]["elements"][0]["text"]
    assert quote_block["elements"][0]["type"] == "rich_text_quote"
    assert "never had" in quote
    details = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "Who:" in details and "When:" in details and "2022-11-08" in details and "Also reported by" in details
    assert reply["text"], "a plain-text fallback for notifications"


async def test_private_answers_only_the_asker_with_a_share_button(slack: Slack) -> None:
    await slack.post(command_body("private Who is John Kirby?", slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    assert reply["response_type"] == "ephemeral"
    buttons = [e["action_id"] for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [HELPFUL, UNHELPFUL, SHARE]


@pytest.mark.parametrize("text", ["", "help", "  HELP "])
async def test_help_or_an_empty_command_shows_the_usage(slack: Slack, text: str) -> None:
    response = await slack.post(command_body(text, slack.fake.response_url()))
    body = await response.json()
    assert body["response_type"] == "ephemeral" and "/factcheck private" in body["text"]
    await slack.work.wait_finished(1)
    assert slack.fake.sent("response_url") == []


async def test_the_ack_comes_within_3_seconds_while_the_answer_is_slow(checker: FactChecker) -> None:
    async for slack in running(SlowChecker(checker, delay=2.0)):
        started = time.monotonic()
        response = await slack.post(command_body("Who is John Kirby?", slack.fake.response_url()))
        acked = time.monotonic() - started
        assert response.status == 200 and acked < 1.0
        assert slack.fake.sent("response_url") == []
        await slack.fake.wait_for("response_url")


async def test_a_mention_answers_in_a_thread_under_the_message(slack: Slack) -> None:
    response = await slack.post(mention_body("<@UBOT> who denied the arms deal?"), content_type="application/json")
    assert response.status == 200
    (posted,) = await slack.fake.wait_for("chat.postMessage")
    assert posted["channel"] == "C1" and posted["thread_ts"] == "1700000000.000100"
    assert any(b["type"] == "rich_text" for b in posted["blocks"])
    assert "link_names" not in posted and "parse" not in posted


async def test_a_mention_inside_a_thread_answers_in_that_thread(slack: Slack) -> None:
    body = mention_body("<@UBOT> who is John Kirby?", ts="1700000000.000200", thread_ts="1700000000.000001")
    await slack.post(body, content_type="application/json")
    (posted,) = await slack.fake.wait_for("chat.postMessage")
    assert posted["thread_ts"] == "1700000000.000001"


async def test_a_retried_event_is_answered_once(slack: Slack) -> None:
    body = mention_body("<@UBOT> who is John Kirby?", event_id="EvRetry")
    await slack.post(body, content_type="application/json")
    retry_headers = signed_headers(body, content_type="application/json")
    retry_headers |= {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    await slack.session.post(slack.url, data=body.encode(), headers=retry_headers)
    await slack.work.wait_finished(2)
    assert len(slack.fake.sent("chat.postMessage")) == 1


@pytest.mark.parametrize(
    "sign",
    [{"secret": "wrong-secret"}, {"age": 600}],
    ids=["wrong signature", "stale timestamp"],
)
async def test_badly_signed_requests_are_rejected(slack: Slack, sign: Signing) -> None:
    response = await slack.post(command_body("Who is John Kirby?", slack.fake.response_url()), **sign)
    assert response.status == 401


async def test_an_unsigned_request_is_rejected(slack: Slack) -> None:
    body = command_body("Who is John Kirby?", slack.fake.response_url())
    response = await slack.session.post(slack.url, data=body.encode(), headers={"Content-Type": FORM})
    assert response.status == 401
    # Bolt refuses the request before it looks for a listener: none started, so none can still post.
    assert (slack.work.running, slack.work.finished) == (0, 0)
    assert slack.fake.calls == []


async def test_hostile_question_text_is_escaped_and_cannot_ping(slack: Slack) -> None:
    await slack.post(
        command_body("<!channel> <@U999> @everyone who is John Kirby? <http://evil|click>", slack.fake.response_url())
    )
    (reply,) = await slack.fake.wait_for("response_url")
    sent = json.dumps(reply, ensure_ascii=False)
    assert "<!channel>" not in sent and "<@U999>" not in sent and "<http://evil" not in sent
    assert "&lt;!channel&gt;" in sent


async def test_feedback_buttons_are_stored_with_who_pressed(slack: Slack, settings: Settings) -> None:
    await slack.post(command_body("Who is John Kirby?", slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    actions = next(b for b in reply["blocks"] if b["type"] == "actions")
    down = next(e for e in actions["elements"] if e["action_id"] == UNHELPFUL)
    response = await slack.post(action_body(UNHELPFUL, down["value"], slack.fake.response_url("r2")))
    assert response.status == 200
    await slack.fake.wait_for("response_url", count=2)
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT query_id, user, helpful FROM feedback").fetchall() == [
            (int(down["value"]), "slack:T1/U1", 0)
        ]


def share_value(reply: dict[str, Any]) -> str:
    actions = next(b for b in reply["blocks"] if b["type"] == "actions")
    return str(next(e for e in actions["elements"] if e["action_id"] == SHARE)["value"])


def without_share_button(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**b, "elements": [e for e in b["elements"] if e["action_id"] != SHARE]} if b["type"] == "actions" else b
        for b in blocks
    ]


async def press_share(slack: Slack, value: str, name: str, *, channel: str = "C1") -> None:
    response = await slack.post(
        action_body(SHARE, value, slack.fake.response_url(name, kind="actions"), channel=channel)
    )
    assert response.status == 200


def in_channel(slack: Slack) -> list[dict[str, Any]]:
    """What the channel sees: posts through a response URL for everyone, and the bot's own messages."""
    public = [r for r in slack.fake.sent("response_url") if r.get("response_type") == "in_channel"]
    return public + slack.fake.sent("chat.postMessage")


async def test_share_posts_the_answer_the_asker_saw_once_however_often_it_is_pressed(slack: Slack) -> None:
    await slack.post(command_body("private Who is John Kirby?", slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    value = share_value(reply)
    assert len(value) < 100, "an id, not the question"
    for press in range(25):
        await press_share(slack, value, f"press{press}")
    await slack.fake.wait_for("response_url", count=26)
    (shared,) = in_channel(slack)
    assert shared["replace_original"] is False, "a new message; the private answer stays"
    assert shared["blocks"] == without_share_button(reply["blocks"]), "the same answer, its query id included"
    refusals = [r for r in slack.fake.sent("response_url")[1:] if r is not shared]
    assert len(refusals) == 24
    assert all(r["response_type"] == "ephemeral" and r["text"] == messages.ALREADY_SHARED for r in refusals)


async def test_a_share_counts_against_the_pressers_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_RATE_PER_USER", "3")
    async with FactChecker.open(Settings.load()) as checker:
        async for slack in running(checker):
            for name in ("first", "second"):
                await slack.post(command_body("private Who is John Kirby?", slack.fake.response_url(name)))
            first, second = await slack.fake.wait_for("response_url", count=2)
            await press_share(slack, share_value(first), "share1")
            await slack.fake.wait_for("response_url", count=3)
            await press_share(slack, share_value(second), "share2")
            *_, refused = await slack.fake.wait_for("response_url", count=4)
    assert refused["response_type"] == "ephemeral" and refused["text"] == messages.SHARE_RATE_LIMITED
    assert len(in_channel(slack)) == 1, "two questions and one share use up three a minute"


async def test_a_share_button_from_before_a_restart_gets_a_private_message(checker: FactChecker) -> None:
    async for before in running(checker):
        await before.post(command_body("private Who is John Kirby?", before.fake.response_url()))
        (reply,) = await before.fake.wait_for("response_url")
    earlier_version = json.dumps({"q": "Who is John Kirby?", "n": 1})
    async for after in running(checker):
        for press, value in enumerate([share_value(reply), earlier_version, ""]):
            await press_share(after, value, f"press{press}")
        await after.work.wait_finished(3)
        notices = after.fake.sent("response_url")
        assert [(n["response_type"], n["text"]) for n in notices] == [("ephemeral", messages.SHARE_GONE)] * 3
        assert in_channel(after) == []


@pytest.mark.parametrize("channel", ["C1", "D1"], ids=["channel the bot has not joined", "direct message"])
async def test_share_where_the_bot_is_no_member_posts_through_the_response_url(slack: Slack, channel: str) -> None:
    slack.fake.not_in.add(channel)
    await slack.post(command_body("private Who is John Kirby?", slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    await press_share(slack, share_value(reply), "share", channel=channel)
    _, shared = await slack.fake.wait_for("response_url", count=2)
    assert shared["response_type"] == "in_channel" and shared["blocks"] == without_share_button(reply["blocks"])
    await slack.work.wait_finished(2)
    assert slack.fake.sent("chat.postMessage") == []


async def test_share_falls_back_to_chat_post_message_when_the_response_url_fails(slack: Slack) -> None:
    await slack.post(command_body("private Who is John Kirby?", slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    slack.fake.fail("response_url", Fault(404, times=1))
    await press_share(slack, share_value(reply), "expired")
    (posted,) = await slack.fake.wait_for("chat.postMessage")
    assert posted["channel"] == "C1" and "thread_ts" not in posted
    assert posted["blocks"] == without_share_button(reply["blocks"])


async def test_an_internal_failure_gets_a_short_reply_and_the_details_are_logged(
    checker: FactChecker, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    async for slack in running(BrokenChecker(checker, delay=0)):
        await slack.post(command_body("Who is John Kirby?", slack.fake.response_url()))
        (reply,) = await slack.fake.wait_for("response_url")
    assert "went wrong" in reply["text"] and "secret detail" not in json.dumps(reply)
    assert "secret detail" in caplog.text


async def test_an_empty_mention_shows_the_usage_in_the_thread(slack: Slack) -> None:
    await slack.post(mention_body("<@UBOT>"), content_type="application/json")
    (posted,) = await slack.fake.wait_for("chat.postMessage")
    assert "/factcheck" in posted["text"] and posted["thread_ts"] == "1700000000.000100"


async def test_socket_mode_payloads_reach_the_same_listeners(checker: FactChecker) -> None:
    async with fake_slack() as fake:
        client = AsyncWebClient(token="xoxb-test", base_url=f"{fake.url}/api/")
        app = build_slack_app(checker, client=client, signing_secret="")
        payload = json.loads(mention_body("<@UBOT> who is John Kirby?", event_id="EvSocket"))
        response = await app.async_dispatch(AsyncBoltRequest(mode="socket_mode", body=payload))
        assert response.status == 200
        (posted,) = await fake.wait_for("chat.postMessage")
    assert posted["thread_ts"] == "1700000000.000100"


def test_missing_tokens_are_named_in_one_line() -> None:
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN and SLACK_APP_TOKEN"):
        SlackConfig.from_env({}, http=False)
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        SlackConfig.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}, http=True)


def test_tokens_never_show_in_the_config_repr_and_the_api_url_gets_its_slash() -> None:
    config = SlackConfig.from_env(
        {"SLACK_BOT_TOKEN": "xoxb-secret", "SLACK_APP_TOKEN": "xapp-secret", "SLACK_API_URL": "http://127.0.0.1:9/api"},
        http=False,
    )
    assert "xoxb-secret" not in repr(config) and "xapp-secret" not in repr(config)
    assert config.api_url == "http://127.0.0.1:9/api/"


async def test_an_overlong_question_gets_a_short_error_reply(slack: Slack) -> None:
    await slack.post(command_body("why " * 600, slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    assert "characters long" in reply["text"]
    assert not any(b["type"] == "rich_text" for b in reply["blocks"])


async def test_serve_slack_http_answers_at_slack_events(checker: FactChecker, unused_tcp_port: int) -> None:
    async with fake_slack() as fake:
        env = {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": f"{fake.url}/api",
        }
        server = asyncio.create_task(serve_slack(checker, SlackConfig.from_env(env, http=True), port=unused_tcp_port))
        try:
            url = f"http://127.0.0.1:{unused_tcp_port}{EVENTS_PATH}"
            body = command_body("Who is John Kirby?", fake.response_url())
            async with aiohttp.ClientSession() as session:
                for _ in range(100):
                    try:
                        response = await session.post(
                            url, data=body.encode(), headers=signed_headers(body, content_type=FORM)
                        )
                        break
                    except aiohttp.ClientConnectorError:
                        await asyncio.sleep(0.05)
                assert response.status == 200
            (reply,) = await fake.wait_for("response_url")
            assert reply["response_type"] == "in_channel"
        finally:
            server.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await server


async def test_a_burst_of_requests_is_taken_a_few_at_a_time() -> None:
    """Bolt works on at most ``requests_at_once`` requests together; every one is still acknowledged."""
    working, most = 0, 0

    async with fake_slack() as fake:
        client = slack_web_client("xoxb-test", base_url=f"{fake.url}/api/", retries=FAST_RETRIES)
        app = AsyncApp(client=client, signing_secret=SIGNING_SECRET)

        @app.command("/factcheck")
        async def slow_ack(ack: Any) -> None:
            nonlocal working, most
            working += 1
            most = max(most, working)
            await asyncio.sleep(0.02)
            working -= 1
            await ack()

        server = TestServer(events_app(app, requests_at_once=2), host="127.0.0.1")
        await server.start_server()
        async with aiohttp.ClientSession() as session:
            url = str(server.make_url(EVENTS_PATH))

            async def post(n: int) -> int:
                body = command_body(f"question {n}", f"{fake.url}/respond")
                headers = signed_headers(body, content_type=FORM)
                async with session.post(url, data=body.encode(), headers=headers) as response:
                    return response.status

            statuses = await asyncio.gather(*(post(n) for n in range(10)))
        await server.close()
    assert statuses == [200] * 10
    assert most == 2

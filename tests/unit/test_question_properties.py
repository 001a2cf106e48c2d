"""The question path, fuzzed: whatever a chat user types, the core answers it in one of
three well-formed ways, every quote is verbatim, neither renderer lets the text ping
anyone, and the bot still answers the next person normally."""

from __future__ import annotations

from typing import Any

import pytest
import pytest_asyncio
from discord.http import handle_message_parameters
from hypothesis import example, given, settings

from adapters.discord_embeds import render_embeds
from adapters.discord_interactions import NO_PINGS
from adapters.slack_blocks import render_blocks
from bot.answers import Answer
from bot.factchecker import FactChecker
from tests.strategies import QUESTION_TEXT
from tests.unit.test_slack_blocks import PING, texts_in

pytestmark = pytest.mark.asyncio(loop_scope="module")

NORMAL = "Who denied the arms deal and when?"
SHORT_ERROR = 200


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def normal_quotes(seeded_checker: FactChecker) -> list[str]:
    """What the bot answers an ordinary question before any fuzzing, to compare after each example."""
    answer = await seeded_checker.ask(NORMAL)
    assert answer.status == "answered"
    return [claim.evidence.quote for claim in answer.claims]


def slack_mrkdwn(answer: Answer) -> list[str]:
    """Every piece of both Slack renderings (in channel and private) that Slack parses as
    mrkdwn, the fallback text included, with the manifest's own source links taken out."""
    links = {e.source.url for c in answer.claims for e in (c.evidence, *c.also_in) if e.source.url}
    found = []
    for share in (None, "Xy3_kept-answer1"):
        blocks, fallback = render_blocks(answer, share=share)
        for text in [fallback, *(text for kind, text in texts_in(blocks) if kind == "mrkdwn")]:
            for url in links:
                text = text.replace(f"<{url}|", "")
            found.append(text)
    return found


def discord_messages(answer: Answer) -> list[dict[str, Any]]:
    """The payloads discord.py would send for the answer: as a slash command's follow-up and as a
    reply to a mention, each with the adapter's allowed mentions over the client's default."""
    content, embeds = render_embeds(answer)
    follow_up = handle_message_parameters(
        content=content, embeds=embeds, allowed_mentions=NO_PINGS, previous_allowed_mentions=NO_PINGS
    )
    reply = handle_message_parameters(
        content=content,
        embeds=embeds,
        allowed_mentions=NO_PINGS,
        previous_allowed_mentions=NO_PINGS,
        mention_author=False,
    )
    assert follow_up.payload is not None and reply.payload is not None
    return [follow_up.payload, reply.payload]


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(question=QUESTION_TEXT)
@example(question="")
@example(question="\x00")
@example(question="<!channel> <!here> <@U123> @everyone <@&789> who denied the arms deal? <https://evil.example|x>")
@example(question="Who denied the arms deal? " * 40)
@example(question="Kirby <!channel> " * 6250)
async def test_any_text_gets_a_well_formed_verbatim_answer_that_cannot_ping(
    seeded_checker: FactChecker, normal_quotes: list[str], question: str
) -> None:
    answer = await seeded_checker.ask(question, origin="slack:T1/U1")

    assert answer.question == question
    assert answer.status in ("answered", "no_evidence", "error")
    if answer.status == "error":
        assert answer.error and len(answer.error) <= SHORT_ERROR and "\n" not in answer.error
    else:
        assert answer.error is None and answer.query_id is not None
    assert bool(answer.claims) == (answer.status == "answered")
    for claim in answer.claims:
        for evidence in (claim.evidence, *claim.also_in):
            article = await seeded_checker.article_text(evidence.source.doc_id)
            assert article is not None and article[evidence.start : evidence.end] == evidence.quote

    for text in slack_mrkdwn(answer):
        assert not PING.search(text), text
    for payload in discord_messages(answer):
        allowed = payload["allowed_mentions"]
        assert allowed["parse"] == [] and not allowed.get("users") and not allowed.get("roles"), allowed
        assert not allowed.get("replied_user")

    normal = await seeded_checker.ask(NORMAL)
    assert normal.status == "answered" and [claim.evidence.quote for claim in normal.claims] == normal_quotes

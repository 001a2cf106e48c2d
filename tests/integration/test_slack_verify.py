"""``/factcheck verify`` and the verification's Block Kit, through the real Bolt app on loopback
and, fuzzed, through slack_sdk's own block models."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from adapters.slack_blocks import MAX_BLOCKS, SHARE, SHARE_IN_THREAD, TEXT_LIMIT, render_blocks
from adapters.slack_commands import Command, parse_command
from adapters.slack_verification import DIFF_LIMIT
from bot.answers import Answer, QuoteMatch, Verification, VerificationStatus
from bot.factchecker import FactChecker
from bot.quote_diff import DiffEntry
from fakes.slack_api import command_body
from tests.integration.test_slack import Slack, running
from tests.strategies import BIDI_CONTROLS, LONG_TEXT, TEXT, evidence
from tests.unit.test_slack_blocks import PING, text_nodes, texts_in


@pytest.fixture
async def slack(checker: FactChecker) -> AsyncIterator[Slack]:
    async for running_slack in running(checker):
        yield running_slack


def styled(blocks: list[dict[str, Any]], style: str) -> list[str]:
    """The texts of every rich text element carrying ``style``."""
    return [
        node["text"] for node in text_nodes(blocks) if node.get("type") == "text" and node.get("style", {}).get(style)
    ]


def mrkdwn(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(text for kind, text in texts_in(blocks) if kind == "mrkdwn")


async def test_verify_strikes_the_claimed_word_and_marks_the_articles_in_rich_text(slack: Slack) -> None:
    claim = "We have never exported arms or ammunition to China"
    await slack.post(command_body(f"verify {claim}", slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    assert reply["response_type"] == "in_channel"
    blocks = reply["blocks"]
    assert styled(blocks, "strike") == ["China"] and "Russia" in styled(blocks, "bold")
    verdict = styled(blocks, "bold")[0]
    assert verdict.startswith("Altered: “China” where the article says “Russia”")
    assert "Russia" not in mrkdwn(blocks), "article text never goes out as mrkdwn"
    assert "Russia" in reply["text"] and claim in reply["text"]


async def test_verify_with_who_warns_that_the_article_gives_the_words_to_another_speaker(slack: Slack) -> None:
    typed = 'verify private who:"John Kirby" "we have never exported arms or ammunition to Russia"'
    await slack.post(command_body(typed, slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    assert reply["response_type"] == "ephemeral"
    assert any(e["action_id"] == SHARE for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"])
    shown = json.dumps(reply["blocks"], ensure_ascii=False)
    assert shown.count("not to John Kirby.") >= 1 and "Verbatim in" in shown
    assert '\\"' not in mrkdwn(reply["blocks"]), "the claim's enclosing quotation marks are dropped"


async def test_a_question_marking_a_quotation_shows_its_verification_above_the_claims(slack: Slack) -> None:
    asked = "Who said “we have never had arms deals with Russia”?"
    await slack.post(command_body(asked, slack.fake.response_url()))
    (reply,) = await slack.fake.wait_for("response_url")
    blocks = [json.dumps(b, ensure_ascii=False) for b in reply["blocks"]]
    verdict_at = next(n for n, b in enumerate(blocks) if "Verbatim in" in b)
    claim_at = next(n for n, b in enumerate(reply["blocks"]) if b["type"] == "rich_text" and is_claim(b))
    assert verdict_at < claim_at


def is_claim(block: dict[str, Any]) -> bool:
    """A claim's quote opens its block; a verification's match opens with its number and verdict."""
    return bool(block["elements"][0]["type"] == "rich_text_quote")


@pytest.mark.parametrize("typed", ["verify", "verify private", "verify who:Kirby", "  VERIFY  "])
async def test_verify_without_a_claim_shows_the_usage(slack: Slack, typed: str) -> None:
    response = await slack.post(command_body(typed, slack.fake.response_url()))
    body = await response.json()
    assert body["response_type"] == "ephemeral" and "/factcheck verify" in body["text"]


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("who denied it?", Command("who denied it?")),
        ("private who denied it?", Command("who denied it?", private=True)),
        ('verify who:"John Kirby" we never', Command("we never", verify=True, who="John Kirby")),
        ("verify who:“John Kirby” “we never”", Command("we never", verify=True, who="John Kirby")),
        ('private verify who:Kirby "we never"', Command("we never", private=True, verify=True, who="Kirby")),
        ("verify private we never", Command("we never", private=True, verify=True)),
        ('verify "we never" by Kirby', Command('"we never" by Kirby', verify=True)),
        ("who:Kirby is who?", Command("who:Kirby is who?")),
        ("verify &lt;b&gt; &amp; co", Command("<b> & co", verify=True)),
    ],
)
def test_the_command_text_is_read_as_options_then_the_claim(typed: str, command: Command) -> None:
    assert parse_command(typed) == command


@st.composite
def verified_answers(draw: st.DrawFn) -> Answer:
    diff = st.builds(
        DiffEntry, st.sampled_from(["equal", "changed", "added", "missing", "omitted"]), LONG_TEXT, LONG_TEXT
    )
    match = st.builds(
        QuoteMatch,
        evidence(),
        st.sampled_from(["verbatim", "altered"]),
        st.sampled_from(["same", "different", "unknown"]),
        st.floats(0, 1),
        st.lists(diff, max_size=8).map(tuple),
    )
    matches = tuple(draw(st.lists(match, max_size=30)))
    status = draw(st.sampled_from(get_args(VerificationStatus)))
    checked = Verification(draw(LONG_TEXT), draw(st.none() | TEXT), status, matches, draw(st.none() | TEXT))
    return Answer(draw(LONG_TEXT), draw(st.sampled_from(["answered", "no_evidence"])), verification=checked)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(verified_answers(), st.sampled_from([None, "Xy3_kept-answer1 1700000000.000400"]), st.booleans())
def test_every_verification_renders_within_slacks_limits_and_never_as_mrkdwn(
    answer: Answer, share: str | None, in_thread: bool
) -> None:
    blocks, fallback = render_blocks(answer, share=share, in_thread=in_thread)
    assert 0 < len(blocks) <= MAX_BLOCKS
    for raw in blocks:
        parsed = Block.parse(raw)
        assert parsed is not None, raw
        assert parsed.to_dict() == raw
    assert len(fallback) <= TEXT_LIMIT and not PING.search(fallback)
    assert not set(BIDI_CONTROLS) & set(json.dumps([blocks, fallback], ensure_ascii=False))
    for kind, text in texts_in(blocks):
        assert len(text) <= TEXT_LIMIT and (kind != "mrkdwn" or not PING.search(text))
    for block in blocks:
        compared = block["elements"][1:2] if block["type"] == "rich_text" else []
        if compared and compared[0]["type"] == "rich_text_quote":
            assert sum(len(e["text"]) for e in compared[0]["elements"]) <= DIFF_LIMIT + 1
    if share is not None:
        buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
        assert buttons[-1] == (SHARE_IN_THREAD if in_thread else SHARE)

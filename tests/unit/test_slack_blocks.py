"""The Block Kit renderer, fuzzed: every answer renders within Slack's limits and cannot ping."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from adapters.slack_blocks import MAX_BLOCKS, TEXT_LIMIT, escape, render_blocks
from bot.answers import Answer, Claim, Evidence, Source
from tests.strategies import ANSWERS, BIDI_CONTROLS

PING = re.compile(r"<[!@#]|<https?:")


def text_nodes(node: object) -> list[dict[str, Any]]:
    """Every object of a block tree holding a string ``text``, in the order Slack shows them."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if isinstance(node.get("text"), str):
            found.append(node)
        for value in node.values():
            found.extend(text_nodes(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(text_nodes(item))
    return found


def texts_in(node: object) -> list[tuple[str, str]]:
    """Every (type, text) pair: the type of the object that holds the text, to tell mrkdwn from literal text."""
    return [(str(found.get("type")), found["text"]) for found in text_nodes(node)]


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(ANSWERS, st.sampled_from([None, "Xy3_kept-answer1"]))
def test_every_answer_renders_within_slacks_limits_and_never_pings(answer: Answer, share: str | None) -> None:
    blocks, fallback = render_blocks(answer, share=share)
    assert 0 < len(blocks) <= MAX_BLOCKS
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        assert block.to_dict() == raw, "slack_sdk's models validate on to_dict() and keep what they know"
    assert len(fallback) <= TEXT_LIMIT
    assert not PING.search(fallback)
    assert not set(BIDI_CONTROLS) & set(json.dumps([blocks, fallback], ensure_ascii=False))
    for kind, text in texts_in(blocks):
        assert len(text) <= TEXT_LIMIT
        if kind == "mrkdwn":
            assert not PING.search(text.replace("<https://example.org/a|", "")), text


def test_quotes_are_sent_verbatim_in_a_rich_text_quote() -> None:
    quote = "“We *never* had _arms_ deals ~ever~ with `Russia` & <allies>,” the statement added."
    source = Source("d", "d.txt", "T", "O", "2022-11-08", None)
    answer = Answer("q", "answered", claims=(Claim(Evidence(quote, 0, len(quote), 1.0, source, None, None)),))
    blocks, _ = render_blocks(answer)
    rich = next(b for b in blocks if b["type"] == "rich_text")
    assert rich["elements"][0] == {"type": "rich_text_quote", "elements": [{"type": "text", "text": quote}]}


def test_a_long_quote_is_cut_visibly_with_the_full_quote_located() -> None:
    quote = "word " * 1000
    source = Source("d", "d.txt", "T", "O", None, None)
    answer = Answer("q", "answered", claims=(Claim(Evidence(quote, 10, 10 + len(quote), 1.0, source, None, None)),))
    blocks, _ = render_blocks(answer)
    shown = next(b for b in blocks if b["type"] == "rich_text")["elements"][0]["elements"][0]["text"]
    assert shown.endswith("…") and len(shown) < len(quote)
    assert "characters 10-5010 of d.txt" in str(blocks)


def test_escape_neutralises_slacks_control_characters() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_speakers_titles_and_other_sources_are_literal_text_never_mrkdwn() -> None:
    hostile = "*bold* ~strike~ `code` _it_ <!channel> <https://evil.example|click> &amp;"
    lead = Evidence("We never did.", 0, 13, 1.0, Source("a", "a.txt", hostile, "O", None, None), hostile, None)
    other_source = Source("b", "b.txt", f"Other {hostile}", "P", None, "https://example.org/b")
    other = Evidence(f"Never {hostile}", 0, 10, 1.0, other_source, None, None)
    blocks, _ = render_blocks(Answer("q", "answered", claims=(Claim(lead, (other,)),)))

    shown = texts_in(blocks)
    assert not [text for kind, text in shown if kind == "mrkdwn" and ("bold" in text or "strike" in text)]
    literal = [text for kind, text in shown if kind in ("text", "link")]
    assert hostile in literal, "the speaker, as written"
    assert f"“{hostile}”, O, date unknown" in literal
    assert f"“Other {hostile}”, P, date unknown" in literal and f": “Never {hostile}”" in literal
    link = next(e for b in blocks for e in _elements(b) if e.get("type") == "link")
    assert link["url"] == "https://example.org/b"


def test_a_manifest_url_over_1000_characters_is_left_out_and_hides_no_source() -> None:
    long_url = "https://example.org/" + "a" * 2990
    lead = Evidence("We never did.", 0, 13, 1.0, Source("a", "a.txt", "Lead", "O", None, long_url), "Kim", None)
    others = tuple(
        Evidence("Never.", 0, 6, 1.0, Source(f"b{n}", "b.txt", f"Other {n}", "P", None, long_url[:1500]), None, None)
        for n in range(3)
    )
    blocks, _ = render_blocks(Answer("q", "answered", claims=(Claim(lead, others),)))

    literal = [text for kind, text in texts_in(blocks) if kind in ("text", "link")]
    assert "“Lead”, O, date unknown" in literal
    assert all(f"“Other {n}”, P, date unknown" in literal for n in range(3))
    assert "aaaa" not in json.dumps(blocks) and "more" not in json.dumps(blocks)


def _elements(node: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(_elements(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_elements(item))
    return found

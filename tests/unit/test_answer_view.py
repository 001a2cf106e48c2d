"""One view of an answer, laid out three ways: the terminal, Slack and Discord say the same
sentences, with the same labels, and cut long text the same visible way."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from adapters.answer_text import render_text
from adapters.answer_view import ELLIPSIS, answer_view, clip, fitting
from adapters.discord_embeds import render_embeds
from adapters.slack_blocks import escape, render_blocks
from adapters.slack_rich_text import DETAIL_LIMIT
from bot import messages
from bot.answers import Answer, Claim, Evidence, Source, When
from tests.unit.test_slack_blocks import texts_in

SOURCE = Source("kirby", "kirby.txt", "Kirby denies report", "Daily Courier", "2022-11-08", "https://example.org/k")


def evidence(quote: str, *, who: str | None = "John Kirby", source: Source = SOURCE) -> Evidence:
    return Evidence(quote, 10, 10 + len(quote), 0.5, source, who, When("on Tuesday", "2022-11-08"))


def terminal(answer: Answer) -> str:
    out = io.StringIO()
    Console(file=out, width=400).print(render_text(answer))
    return out.getvalue()


def slack_texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every text of the blocks, in order, as Slack would show it (mrkdwn and rich text alike)."""
    return [text for _, text in texts_in(blocks)]


def test_no_evidence_is_the_same_sentence_in_every_renderer() -> None:
    answer = Answer("Did China deny the deal?", "no_evidence", missing_terms=("china",), query_id=3)
    said = "No article supports an answer to this question. No article mentions China."
    assert answer_view(answer).verdict == said

    assert said in terminal(answer)
    blocks, fallback = render_blocks(answer)
    assert escape(said) in slack_texts(blocks) and fallback == escape(said)
    content, embeds = render_embeds(answer)
    assert content.splitlines()[1] == said and embeds == []


def test_an_error_is_said_instead_of_claims_everywhere() -> None:
    answer = Answer("Who said it?", "error", claims=(Claim(evidence("Not shown.")),), error="The index is busy.")
    assert "The index is busy." in terminal(answer) and "Not shown." not in terminal(answer)
    blocks, fallback = render_blocks(answer)
    assert fallback == "The index is busy." and "Not shown." not in json.dumps(blocks)
    assert render_embeds(answer) == ("The index is busy.", [])


def test_a_note_without_a_question_is_escaped_on_discord_as_with_one() -> None:
    """An empty question used to send the no-evidence note raw to Discord, where ``<`` opens a mention."""
    answer = Answer("", "no_evidence", missing_terms=("<@123>",))
    content, _ = render_embeds(answer)
    assert content == "No article supports an answer to this question. No article mentions \\<@123>."


def test_every_renderer_labels_a_claim_with_the_labels_in_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "WHO_LABEL", "Speaker")
    monkeypatch.setattr(messages, "WHEN_LABEL", "Date")
    monkeypatch.setattr(messages, "SOURCE_LABEL", "Article")
    answer = Answer("Did Kirby deny it?", "answered", claims=(Claim(evidence("We deny it.")),), query_id=1)

    shown = terminal(answer)
    assert "Speaker: John Kirby" in shown and "Date:" in shown and "Article: “Kirby denies report”" in shown
    assert "Who" not in shown and "When" not in shown and "Source" not in shown

    blocks, _ = render_blocks(answer)
    texts = slack_texts(blocks)
    assert {"Speaker: ", "\nDate: ", "\nArticle: "} <= set(texts)
    assert not {"Who: ", "\nWhen: ", "\nSource: "} & set(texts)

    _, embeds = render_embeds(answer)
    assert [field.name for field in embeds[0].fields] == ["Speaker", "Date"]


def test_every_renderer_shows_the_claims_in_order_with_their_numbers_and_sources() -> None:
    other = Source("ap", "ap.txt", "Pentagon statement", "AP", None, None)
    answer = Answer(
        "Who denied it?",
        "answered",
        claims=(Claim(evidence("First quote.")), Claim(evidence("Second quote.", who=None, source=other))),
    )
    view = answer_view(answer)
    assert [(claim.number, claim.lead.who) for claim in view.claims] == [
        (1, "John Kirby"),
        (2, messages.SPEAKER_UNKNOWN),
    ]
    labels = [claim.lead.source for claim in view.claims]
    assert labels == ["“Kirby denies report”, Daily Courier, 2022-11-08", "“Pentagon statement”, AP, date unknown"]

    shown = terminal(answer)
    assert (
        shown.index("1. First quote.")
        < shown.index(labels[0])
        < shown.index("2. Second quote.")
        < shown.index(labels[1])
    )
    assert "kirby.txt, characters 10-22" in shown

    texts = slack_texts(render_blocks(answer)[0])
    assert texts.index("First quote.") < texts.index(labels[0]) < texts.index("Second quote.") < texts.index(labels[1])
    assert messages.SPEAKER_UNKNOWN in texts

    _, embeds = render_embeds(answer)
    assert [(embed.title, embed.description, embed.url) for embed in embeds] == [
        (f"1. {labels[0]}", "First quote.", "https://example.org/k"),
        (f"2. {labels[1]}", "Second quote.", None),
    ]
    assert embeds[1].fields[0].value == messages.SPEAKER_UNKNOWN


def test_a_speaker_too_long_for_a_chat_message_is_cut_visibly_on_both_platforms() -> None:
    who = "Spokesperson " * 400
    answer = Answer("Who?", "answered", claims=(Claim(evidence("We deny it.", who=who)),))
    shown_in_slack = [text for text in slack_texts(render_blocks(answer)[0]) if text.startswith("Spokesperson")]
    assert len(shown_in_slack[0]) == DETAIL_LIMIT and shown_in_slack[0].endswith(ELLIPSIS)
    field = render_embeds(answer)[1][0].fields[0].value or ""
    assert field.startswith("Spokesperson") and field.endswith(ELLIPSIS)


def test_also_reported_lists_end_with_how_many_more_on_both_platforms() -> None:
    others = tuple(evidence(f"Other wording number {n}. " + "x" * 250) for n in range(30))
    answer = Answer("Who?", "answered", claims=(Claim(evidence("We deny it."), others),))
    texts = slack_texts(render_blocks(answer)[0])
    slack_more = next(text for text in texts if text.startswith("and "))
    slack_listed = sum(text.startswith(": “Other wording") for text in texts)
    assert slack_more == messages.AND_MORE.format(count=30 - slack_listed) and 0 < slack_listed < 30

    field = render_embeds(answer)[1][0].fields[-1]
    assert field.name == messages.ALSO_REPORTED_BY
    lines = (field.value or "").splitlines()
    assert lines[-1] == "• " + messages.AND_MORE.format(count=30 - (len(lines) - 1)) and len(lines) > 1

    assert messages.ALSO_REPORTED_BY_COUNT.format(count=30) in terminal(answer)


@pytest.mark.slow
@given(st.text(max_size=60), st.integers(2, 40))
def test_clip_keeps_short_text_and_cuts_long_text_visibly(text: str, limit: int) -> None:
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    assert clipped == text if len(text) <= limit else clipped == text[: limit - 1] + ELLIPSIS


@pytest.mark.slow
@given(st.lists(st.integers(0, 50), max_size=20), st.integers(0, 300))
def test_fitting_counts_the_items_that_fit_with_their_separators(sizes: list[int], budget: int) -> None:
    count = fitting(sizes, budget)
    assert sum(sizes[:count]) + count <= budget
    assert count == len(sizes) or sum(sizes[: count + 1]) + count + 1 > budget


def test_a_follow_ups_reading_is_one_line_under_the_question_everywhere() -> None:
    answer = Answer("and when?", "answered", (Claim(evidence("We never had arms deals.")),), read_as="When did Kirby?")
    line = "Reading this as: When did Kirby?"
    assert answer_view(answer).reading == line
    shown = terminal(answer).splitlines()
    assert shown[:2] == ["and when?", line]
    blocks, fallback = render_blocks(answer)
    assert slack_texts(blocks)[:2] == ["and when?", line] and line in fallback
    content, _ = render_embeds(answer)
    assert content.splitlines()[:2] == ["**and when?**", line]
    assert "Reading this as" not in terminal(replace(answer, read_as=None))


def test_a_reading_holding_article_text_pings_nobody_and_formats_nothing() -> None:
    reading = "Did *Kirby* say <!channel> <@U123> @everyone `x` ~y~ &amp; said"
    answer = Answer("did he say that?", "answered", (Claim(evidence("Words.")),), read_as=reading)
    blocks, fallback = render_blocks(answer)
    shown = [(kind, text) for kind, text in texts_in(blocks) if "*Kirby*" in text]
    # Slack: as a rich text element, shown exactly as written; never as mrkdwn.
    assert shown == [("text", f"Reading this as: {reading}")]
    assert "<!channel>" not in fallback and "&lt;!channel&gt;" in fallback
    content, _ = render_embeds(answer)
    assert "\\*Kirby\\*" in content and "\\<!channel>" in content and "\\<@U123>" in content
    assert "Reading this as: Did *Kirby*" in terminal(answer)


def test_a_reading_as_long_as_a_question_may_be_fits_every_platform() -> None:
    answer = Answer("and when?", "answered", (Claim(evidence("Words.")),), read_as="x " * 2_000)
    blocks, _ = render_blocks(answer)
    assert all(len(text) <= 3000 for _, text in texts_in(blocks))
    content, _ = render_embeds(answer)
    assert len(content) <= 2000 and content.endswith(ELLIPSIS)


def test_a_conversations_first_answer_says_how_it_goes_on_everywhere() -> None:
    answer = Answer(
        "Who denied it?", "answered", (Claim(evidence("We never had arms deals.")),), opens_conversation=True
    )
    said = messages.CONVERSATION_STARTED
    assert said in terminal(answer).replace("\n", " ")
    blocks, _ = render_blocks(answer)
    assert escape(said) in slack_texts(blocks)
    content, _ = render_embeds(answer)
    assert content.splitlines()[-1] == said.replace("`", "\\`")
    assert said not in terminal(replace(answer, opens_conversation=False))

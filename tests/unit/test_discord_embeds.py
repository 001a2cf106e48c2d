"""The embed renderer, fuzzed: every answer fits Discord's limits; quotes keep their text, and a
claim compared with an article is marked up around escaped text, never leaving a mark open."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.answer_view import DiffPiece
from adapters.discord_embeds import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    FIELD_LIMIT,
    MAX_EMBEDS,
    MESSAGE_LIMIT,
    TITLE_LIMIT,
    render_embeds,
)
from adapters.discord_markdown import marked_diff
from bot.answers import Answer, Claim, Evidence, QuoteMatch, Source, Verification
from bot.quote_diff import DiffEntry
from tests.strategies import ANSWERS, BIDI_CONTROLS, LONG_TEXT, TEXT, evidence


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(ANSWERS)
def test_every_answer_fits_discords_limits(answer: Answer) -> None:
    content, embeds = render_embeds(answer)
    assert len(content) <= CONTENT_LIMIT
    assert not set(BIDI_CONTROLS) & set(content + json.dumps([e.to_dict() for e in embeds], ensure_ascii=False))
    assert len(embeds) <= MAX_EMBEDS
    assert sum(len(e) for e in embeds) <= MESSAGE_LIMIT
    for embed in embeds:
        assert len(embed.title or "") <= TITLE_LIMIT
        assert len(embed.description or "") <= DESCRIPTION_LIMIT
        assert len(embed.fields) <= 25
        assert all(len(f.value or "") <= FIELD_LIMIT and len(f.name or "") <= 256 for f in embed.fields)
        assert embed.url in (None, "https://example.org/a")


def test_markdown_in_a_quote_is_escaped_so_it_reads_as_written() -> None:
    quote = "We *never* had _arms_ deals, ~ever~, `really`"
    source = Source("d", "d.txt", "T", "O", "2022-11-08", None)
    answer = Answer("q", "answered", claims=(Claim(Evidence(quote, 0, len(quote), 1.0, source, "Kim", None)),))
    _, embeds = render_embeds(answer)
    assert embeds[0].description == r"We \*never\* had \_arms\_ deals, \~ever\~, \`really\`"


def test_markdown_and_mentions_in_titles_and_fields_are_escaped() -> None:
    source = Source("d", "d.txt", "*Breaking* _news_ <@123>", "~Out~", "2022-11-08", None)
    other = Evidence("`x`", 0, 3, 1.0, Source("e", "e.txt", "**Other**", "O", None, None), None, None)
    lead = Evidence("We <t:1700000000> did", 0, 21, 1.0, source, "<@&456> ||Kim||", None)
    _, (embed,) = render_embeds(Answer("q", "answered", claims=(Claim(lead, (other,)),)))

    assert embed.title == r"1. “\*Breaking\* \_news\_ \<@123>”, \~Out\~, 2022-11-08"
    assert embed.description == r"We \<t:1700000000> did"
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Who"] == r"\<@&456> \|\|Kim\|\|"
    assert fields["Also reported by:"] == r"• “\*\*Other\*\*”, O, date unknown: “\`x\`”"


def test_a_manifest_url_over_1000_characters_is_not_linked() -> None:
    def url_shown(url: str) -> str | None:
        source = Source("d", "d.txt", "T", "O", None, url)
        _, (embed,) = render_embeds(
            Answer("q", "answered", claims=(Claim(Evidence("q", 0, 1, 1.0, source, None, None)),))
        )
        return embed.url

    assert url_shown("https://example.org/" + "a" * 980) is not None
    assert url_shown("https://example.org/" + "a" * 981) is None


DIFF_PIECES = st.lists(
    st.builds(DiffPiece, st.sampled_from(["equal", "changed", "added", "missing", "omitted"]), TEXT, LONG_TEXT),
    max_size=12,
).map(tuple)


@st.composite
def checked_answers(draw: st.DrawFn) -> Answer:
    """Answers carrying a verification with matches, beside claims or not, in the shapes the core gives."""
    matches = draw(
        st.lists(
            st.builds(
                QuoteMatch,
                evidence(),
                st.sampled_from(["verbatim", "altered"]),
                st.sampled_from(["same", "different", "unknown"]),
                st.floats(0, 1),
                DIFF_PIECES.map(lambda pieces: tuple(DiffEntry(p.op, p.claimed, p.article) for p in pieces)),
            ),
            min_size=1,
            max_size=5,
        )
    )
    checked = Verification(draw(LONG_TEXT), draw(st.none() | TEXT), matches[0].verdict, tuple(matches))
    claims = draw(st.lists(st.builds(Claim, evidence()), max_size=10).map(tuple))
    return Answer(draw(LONG_TEXT), "answered", claims=claims, verification=checked)


def unescaped_marks(text: str) -> str:
    """What Discord reads as markup once every backslash-escaped character is taken out."""
    return re.sub(r"\\.", "", text, flags=re.DOTALL)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(checked_answers())
def test_every_checked_answer_fits_discords_limits(answer: Answer) -> None:
    content, embeds = render_embeds(answer)
    assert len(content) <= CONTENT_LIMIT and len(embeds) <= MAX_EMBEDS
    assert sum(len(e) for e in embeds) <= MESSAGE_LIMIT
    assert not set(BIDI_CONTROLS) & set(content + json.dumps([e.to_dict() for e in embeds], ensure_ascii=False))
    for embed in embeds:
        assert len(embed.title or "") <= TITLE_LIMIT and len(embed.description or "") <= DESCRIPTION_LIMIT
        assert all(len(f.value or "") <= FIELD_LIMIT for f in embed.fields)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(DIFF_PIECES, st.integers(0, 600))
def test_a_cut_comparison_fits_and_leaves_no_mark_open(diff: tuple[DiffPiece, ...], limit: int) -> None:
    shown = marked_diff(diff, limit)
    assert len(shown) <= limit
    marks = unescaped_marks(shown)
    assert marks.count("~") % 2 == 0 and marks.count("*") % 2 == 0


def test_the_comparison_escapes_article_text_then_marks_it() -> None:
    diff = (
        DiffPiece("equal", "we never", "We *never*"),
        DiffPiece("changed", "sold", "<@&1> sold"),
        DiffPiece("added", "rockets", ""),
        DiffPiece("missing", "", "~shells~"),
        DiffPiece("omitted", "", "to the"),
        DiffPiece("equal", "army", "army_"),
    )
    shown = r"We \*never\* ~~sold~~ **\<@&1> sold** ~~rockets~~ **\~shells\~** […] *to the* army\_"
    assert marked_diff(diff, 1000) == shown


def test_the_verification_comes_above_the_claims() -> None:
    source = Source("d", "d.txt", "T", "O", "2022-11-08", None)
    quote = Evidence("we never had arms deals", 0, 23, 1.0, source, "Kim", None)
    match = QuoteMatch(quote, "verbatim", "unknown", 1.0, (DiffEntry("equal", quote.quote, quote.quote),))
    checked = Verification("we never had arms deals", None, "verbatim", (match,))
    answer = Answer("Did Kim say “we never had arms deals”?", "answered", claims=(Claim(quote),), verification=checked)
    content, (checked_embed, claim_embed) = render_embeds(answer)
    assert content.splitlines() == [r"**Did Kim say “we never had arms deals”?**", "Verbatim in O (2022-11-08)."]
    assert checked_embed.title == "1. verbatim: “T”, O, 2022-11-08" and checked_embed.description == quote.quote
    assert claim_embed.title == "1. “T”, O, 2022-11-08"

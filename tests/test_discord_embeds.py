"""The embed renderer, fuzzed: every answer fits Discord's limits; quotes keep their text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord_embeds import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    FIELD_LIMIT,
    MAX_EMBEDS,
    MESSAGE_LIMIT,
    TITLE_LIMIT,
    render_embeds,
)
from bot.answers import Answer, Claim, Evidence, Source, When

from .strategies import LONG_TEXT, TEXT


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    quote = draw(LONG_TEXT) or "x"
    source = Source(
        doc_id="doc",
        file=draw(TEXT) + ".txt",
        title=draw(st.none() | LONG_TEXT),
        outlet=draw(st.none() | TEXT),
        published=draw(st.none() | st.just("2022-11-08")),
        url=draw(st.none() | st.sampled_from(["https://example.org/a", "javascript:alert(1)"])),
    )
    when = draw(st.none() | st.builds(When, TEXT, st.none() | st.just("2022-11"), st.none(), st.just("text")))
    return Evidence(quote, 0, len(quote), 0.5, source, draw(st.none() | LONG_TEXT), when)


answers = st.builds(
    Answer,
    question=LONG_TEXT,
    status=st.sampled_from(["answered", "no_evidence", "error"]),
    claims=st.lists(st.builds(Claim, evidence(), st.lists(evidence(), max_size=8).map(tuple)), max_size=14).map(tuple),
    missing_terms=st.lists(st.sampled_from(["china", "@everyone"]), max_size=2).map(tuple),
    error=st.none() | LONG_TEXT,
    query_id=st.none() | st.integers(1, 10**9),
)


@settings(max_examples=60, deadline=None)
@given(answers)
def test_every_answer_fits_discords_limits(answer: Answer) -> None:
    content, embeds = render_embeds(answer)
    assert len(content) <= CONTENT_LIMIT
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

"""The embed renderer, fuzzed: every answer fits Discord's limits; quotes keep their text."""

from __future__ import annotations

from hypothesis import given, settings

from adapters.discord_embeds import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    FIELD_LIMIT,
    MAX_EMBEDS,
    MESSAGE_LIMIT,
    TITLE_LIMIT,
    render_embeds,
)
from bot.answers import Answer, Claim, Evidence, Source

from .strategies import ANSWERS


@settings(max_examples=60, deadline=None)
@given(ANSWERS)
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

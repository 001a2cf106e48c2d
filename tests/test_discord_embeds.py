"""The embed renderer, fuzzed: every answer fits Discord's limits; quotes keep their text."""

from __future__ import annotations

import json

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

from .strategies import ANSWERS, BIDI_CONTROLS


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

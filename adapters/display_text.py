"""Article text made safe to show beside the bot's own words, on every platform.

An article may carry Unicode's bidirectional controls (U+202A-U+202E,
U+2066-U+2069, and the marks U+200E, U+200F, U+061C). Shown as they are, an
override opened in a quote runs on into the labels after it, so "Who:" and
"Source:" could read backwards or swap places with the article's words. They
are removed from what is shown, never from what is stored: ``factcheck ask
--json`` keeps every quote exact, and the offsets always refer to the stored
article.

A manifest URL is shown only as a link, and only when it is one: ``http(s)``,
no spaces, angle brackets or controls, and at most 1,000 characters. A longer
one would crowd out the Source line or, in a list of sources, the sources after
it, so it is left out of the message (the JSON still has it).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answers import Answer, Claim, Evidence, Source

URL_LIMIT = 1000
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_STRIP_BIDI = str.maketrans(dict.fromkeys(_BIDI_CONTROLS))
_LINKABLE = re.compile(rf"https?://[^\s<>\x00-\x1f\x7f{_BIDI_CONTROLS}]+")


def strip_bidi(text: str) -> str:
    return text.translate(_STRIP_BIDI)


def for_display(answer: Answer) -> Answer:
    """The answer as renderers show it: no bidirectional controls in any text, and no
    URL that cannot be shown as a link."""
    return replace(
        answer,
        question=strip_bidi(answer.question),
        error=_optional(answer.error),
        claims=tuple(
            Claim(_evidence(claim.evidence), tuple(_evidence(other) for other in claim.also_in))
            for claim in answer.claims
        ),
        missing_terms=tuple(strip_bidi(term) for term in answer.missing_terms),
        corrections=tuple((strip_bidi(word), strip_bidi(fix)) for word, fix in answer.corrections),
    )


def _evidence(evidence: Evidence) -> Evidence:
    source = evidence.source
    shown = Source(
        doc_id=source.doc_id,
        file=strip_bidi(source.file),
        title=_optional(source.title),
        outlet=_optional(source.outlet),
        published=_optional(source.published),
        url=source.url if source.url and len(source.url) <= URL_LIMIT and _LINKABLE.fullmatch(source.url) else None,
    )
    when = evidence.when and replace(evidence.when, text=strip_bidi(evidence.when.text))
    return replace(evidence, quote=strip_bidi(evidence.quote), source=shown, who=_optional(evidence.who), when=when)


def _optional(text: str | None) -> str | None:
    return strip_bidi(text) if text is not None else None

"""The ``rich_text`` pieces every Slack rendering of article text is made of.

Slack shows a rich text element as written: ``*``, ``_``, ``~``, backticks,
``<!channel>`` and ``&amp;`` in an article stay characters, never formatting,
pings or links. Styles (bold, italic, strike) are set on the element, so marking
words never means writing markup around article text. Text here is never
escaped, so a cut needs no care for entities.
"""

from __future__ import annotations

from typing import Any

from adapters.answer_view import EvidenceView, clip
from bot import messages

DETAIL_LIMIT = 600
"""A speaker, a date or a note on the quote: far longer than any real one, so odd text in an
article cannot crowd out the quote."""
SOURCE_LIMIT = 400
"""A source's label (title, outlet, date)."""


def literal(text: str, *, bold: bool = False, italic: bool = False, strike: bool = False) -> dict[str, Any]:
    """One run of text, shown as written, in the styles asked for."""
    element: dict[str, Any] = {"type": "text", "text": text}
    style = {name: True for name, on in (("bold", bold), ("italic", italic), ("strike", strike)) if on}
    if style:
        element["style"] = style
    return element


def section(elements: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "rich_text_section", "elements": elements}


def source(evidence: EvidenceView) -> dict[str, Any]:
    """The source's label, linked to its URL where the manifest gives one that can be shown."""
    label = clip(evidence.source, SOURCE_LIMIT)
    return {"type": "link", "url": evidence.url, "text": label} if evidence.url else literal(label)


def details(evidence: EvidenceView) -> list[dict[str, Any]]:
    """Who said it, when, and where it was reported, one labelled line each."""
    return [
        literal(f"{messages.WHO_LABEL}: ", bold=True),
        literal(clip(evidence.who, DETAIL_LIMIT)),
        literal(f"\n{messages.WHEN_LABEL}: ", bold=True),
        literal(clip(evidence.when, DETAIL_LIMIT)),
        literal(f"\n{messages.SOURCE_LABEL}: ", bold=True),
        source(evidence),
    ]

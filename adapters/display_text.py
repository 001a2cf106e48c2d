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

URL_LIMIT = 1000
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_STRIP_BIDI = str.maketrans(dict.fromkeys(_BIDI_CONTROLS))
_LINKABLE = re.compile(rf"https?://[^\s<>\x00-\x1f\x7f{_BIDI_CONTROLS}]+")


def strip_bidi(text: str) -> str:
    return text.translate(_STRIP_BIDI)


def linkable(url: str | None) -> str | None:
    """``url`` where it can be shown as a link, else None."""
    return url if url and len(url) <= URL_LIMIT and _LINKABLE.fullmatch(url) else None

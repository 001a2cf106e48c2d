"""Outlets a question names: "per Asia News", "the Reuters piece", "What did the New York
Times report …".

A fact-checker who names an outlet wants that outlet's reporting first: the
same denial worded by another outlet is corroboration, not the answer. An
outlet is named when every word of its name, or of a part of it ("Reuters" in
"NBC News (Reuters)"), stands in the question in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PARTS = re.compile(r"[(),/;]|\s[-–—]\s")
_WORD = re.compile(r"[^\W_]+")


def named_outlets(question: str, outlets: Iterable[str]) -> set[str]:
    """Those of ``outlets`` that ``question`` names (see the module docstring)."""
    asked = _asked(question)
    return {outlet for outlet in outlets if _names(asked, outlet)}


def without_outlets(question: str, outlets: Iterable[str]) -> str:
    """``question`` without the words that name ``outlets``: once the outlet's reporting
    ranks first, its name is not a word to search for ("per Asia News" otherwise makes
    the headline that ends "— Asia News" the best match)."""
    asked = _asked(question)
    for outlet in outlets:
        for words in _names(asked, outlet):
            gap = r"[\W_]+"
            question = re.sub(rf"(?<![^\W_]){gap.join(map(re.escape, words))}(?![^\W_])", " ", question, flags=re.I)
    return question


def _asked(question: str) -> str:
    """The question's words, lower-cased, each between spaces, to look names up in."""
    return f" {' '.join(_WORD.findall(question.lower()))} "


def _names(asked: str, outlet: str) -> list[list[str]]:
    """The parts of ``outlet``'s name that the question's words (``_asked``) hold, as lists of words."""
    found = []
    for part in _PARTS.split(outlet):
        words = _WORD.findall(part.lower())
        if words and f" {' '.join(words)} " in asked:
            found.append(words)
    return found

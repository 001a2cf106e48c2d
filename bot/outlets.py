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
    asked = f" {' '.join(_WORD.findall(question.lower()))} "
    return {
        outlet
        for outlet in outlets
        if any(
            (words := _WORD.findall(part.lower())) and f" {' '.join(words)} " in asked for part in _PARTS.split(outlet)
        )
    }

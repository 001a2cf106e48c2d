"""The base form of a verb a question puts in the past or the third person.

"Who denied the arms deal?" followed by "and Kirby?" is read as "Did Kirby deny the
arms deal?": the form every other question naming its speaker takes ("Did X deny …",
``bot.asked_speakers``), so the answer prefers Kirby's statements and says so when
he made none on it. English gives the base form by a few rules; the cue verbs'
inflections (``bot.cues.LEXICON``) settle whether an "-ed" verb drops its "e".
"""

from __future__ import annotations

import re

from bot.cues import LEXICON
from index.terms import IRREGULAR_PAST

# The irregular past forms the index folds (``index.terms``), and the few it leaves
# alone, most of them stop words.
_IRREGULAR = IRREGULAR_PAST | {"said": "say", "says": "say", "got": "get", "has": "have", "had": "have"}
# A doubled last consonant is the past tense's ("admitted", "planned"), except the
# ones a base ends in ("called", "dismissed", "staffed", "buzzed").
_DOUBLED = re.compile(r"([bdgkmnprt])\1$")
# A single vowel before a last consonant: "accus", "disput", "blam" need their "e" back.
_SHORT_END = re.compile(r"(?:^|[^aeiou])[aeiou][^aeiouwxy]$")
_HISSING = ("ss", "sh", "ch", "x", "zz")


def base_form(word: str) -> str | None:
    """The base form of ``word`` ("denied" -> "deny", "accused" -> "accuse"), None when
    it is no past or third-person form."""
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("ied") or (low.endswith("ies") and len(low) > 4):
        return low[:-3] + "y"
    if low.endswith("ed") and len(low) > 4:
        stem = low[:-2]
        if _DOUBLED.search(stem):
            return stem[:-1]
        return _with_e(stem)
    if low.endswith("es") and low[:-2].endswith(_HISSING):
        return low[:-2]
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return low[:-1]
    return None


def _with_e(stem: str) -> str:
    """``stem`` (an "-ed" verb without it) with the "e" its base ends in, if any."""
    if stem.endswith("e"):
        return stem
    if f"{stem}es" in LEXICON and not stem.endswith(_HISSING):
        return f"{stem}e"
    if f"{stem}s" in LEXICON or f"{stem}es" in LEXICON:
        return stem
    return f"{stem}e" if _SHORT_END.search(stem) or stem.endswith(("c", "v", "z", "us", "rg", "dg", "ang")) else stem

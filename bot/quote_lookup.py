"""Find the place a question quotes.

A fact-checker pastes the words they want traced ("Who said “None of this has
anything to do with Hillary Clinton”?") or copies a run of a sentence without
marks. Ranking by shared words alone puts any passage full of the same common
words first; the passage that holds those words *in that order* is the answer,
and one with a word or two changed (a misremembered or re-typed quote) the next
best. Words compare lower-cased, with curly quotes and apostrophes folded, so
punctuation and typography never hide a verbatim match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from itertools import pairwise

# A quotation in the question: any pair of marks, single ones only where they
# cannot be apostrophes (after a space or at the start, before a non-letter or the end).
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|„([^“”]+)[“”]|(?:^|(?<=\s))[‘']([^’']+)[’'](?=\W|$)")
_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# A run this long copied from an article is a quotation even without marks.
COPIED_RUN_WORDS = 8
# A quotation of fewer words is a scare quote or a single term, found as well by
# its words as by their order.
MIN_QUOTED_WORDS = 2
# Share of a quotation's word pairs (bigrams) a passage must hold, in any order,
# to be a near match: one changed word in ten loses two of nine pairs, two lose four.
NEAR_SHARE = 0.5


class Match(IntEnum):
    """How a passage holds what the question quotes; answers rank by it first."""

    NONE = 0
    NEAR = 1
    EXACT = 2


@dataclass(frozen=True, slots=True)
class Quoted:
    """The words a question traces: the quotations it marks, else its own words,
    which count only as a run of ``COPIED_RUN_WORDS`` or more."""

    runs: tuple[tuple[str, ...], ...]
    marked: bool


def quoted(question: str) -> Quoted | None:
    """What ``question`` quotes, or None when it is no quote lookup."""
    runs = tuple(
        run
        for match in _QUOTED.finditer(question)
        if len(run := quote_words(next(g for g in match.groups() if g is not None))) >= MIN_QUOTED_WORDS
    )
    if runs:
        return Quoted(runs, marked=True)
    own = quote_words(question)
    return Quoted((own,), marked=False) if len(own) >= COPIED_RUN_WORDS else None


def quotations(question: str) -> list[str]:
    """The quotations ``question`` marks, as written, longest first: the claim a
    "Did Kirby say “…”?" asks to check."""
    found = (next(g for g in m.groups() if g is not None).strip() for m in _QUOTED.finditer(question))
    return sorted((q for q in found if len(quote_words(q)) >= MIN_QUOTED_WORDS), key=len, reverse=True)


def unquoted(question: str) -> str:
    """``question`` without its quotations: their words are the article's, not what is asked about."""
    return _QUOTED.sub(" ", question)


def match(lookup: Quoted, passage: str, *, near: bool = True) -> Match:
    """How ``passage`` holds the quoted words: all in order, nearly (looked for only
    when ``near``), or not."""
    if lookup.marked:
        words = quote_words(passage)
        if holds(lookup, words):
            return Match.EXACT
        if not near:
            return Match.NONE
        pairs = set(pairwise(words))
        wanted = [pair for run in lookup.runs for pair in pairwise(run)]
        held = sum(pair in pairs for pair in wanted)
        return Match.NEAR if held >= NEAR_SHARE * len(wanted) else Match.NONE
    own = lookup.runs[0]
    # Words that every run of COPIED_RUN_WORDS of the question holds (those in the middle
    # of a short question): a passage without one of them cannot share such a run, and
    # a substring test in C says so before the passage is split into words.
    folded = passage.translate(_FOLD).lower()
    if not all(word in folded for word in own[len(own) - COPIED_RUN_WORDS : COPIED_RUN_WORDS]):
        return Match.NONE
    return Match.EXACT if _longest_shared_run(own, quote_words(passage)) >= COPIED_RUN_WORDS else Match.NONE


def holds(lookup: Quoted, words: tuple[str, ...]) -> bool:
    """Whether ``words`` (a passage's, as ``quote_words`` gives them) hold every
    quoted run in order. Compared as joined text, a substring search in C: compiling
    a pattern for each question cost more than a whole search of the index."""
    joined = f" {' '.join(words)} "
    return all(f" {' '.join(run)} " in joined for run in lookup.runs)


def _longest_shared_run(question: tuple[str, ...], passage: tuple[str, ...]) -> int:
    """The most consecutive question words the passage holds consecutively, by chains
    of shared word pairs: linear in both lengths."""
    pairs = set(pairwise(passage))
    best = run = 0
    for pair in pairwise(question):
        run = run + 1 if pair in pairs else 0
        best = max(best, run)
    return best + 1 if best else 0


def quote_word_spans(text: str) -> list[tuple[str, int, int]]:
    """``text``'s words as ``quote_words`` gives them, each with its offsets in ``text``:
    folding a quote mark keeps every character in its place."""
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text.translate(_FOLD))]


def quote_words(text: str) -> tuple[str, ...]:
    """``text``'s words as quotations are compared: lower-cased, quote marks folded."""
    return tuple(_WORD.findall(text.translate(_FOLD).lower()))

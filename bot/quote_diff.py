"""Compare a claimed quotation with an article, word by word.

A fact-checker holding a quote from a post or a speech needs to know at once
whether the article has those very words, and if not, which words differ: a
paraphrase that swaps "Russia" for "China" is a different claim, however alike
it reads. Words compare with case, punctuation and the kind of quote marks
folded away, so typography never hides a verbatim match; what is shown is the
article's own text, sliced at exact offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from bot.quote_lookup import quote_word_spans, quote_words
from index.terms import STOP_WORDS

Verdict = Literal["verbatim", "altered"]
Op = Literal["equal", "changed", "added", "missing", "omitted"]

# An omission the claim marks: its parts must each be in the article, in order.
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.")
# An altered quote keeps at least this share of the claim's words, in order...
ALTERED_SHARE = 0.6
# ...within a stretch of the article at most this many times the claim's length,
WINDOW_STRETCH = 1.5
# ...and more than a name of this many words or more that it shares with the claim.
LONG_NAME_WORDS = 3
# The lower-case words inside a name ("Center for Strategic and International Studies").
_NAME_JOINERS = frozenset({"of", "and", "for", "the"})


@dataclass(frozen=True, slots=True)
class DiffEntry:
    """One step of the comparison, read from the claim's side: ``changed`` (claimed
    words in place of the article's), ``added`` (only in the claim), ``missing``
    (only in the article), ``omitted`` (skipped where the claim marks an ellipsis)."""

    op: Op
    claimed: str
    article: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """How a text holds a claim: where (offsets into the text) and how closely."""

    verdict: Verdict
    start: int
    end: int
    similarity: float
    diff: tuple[DiffEntry, ...]


@dataclass(frozen=True, slots=True)
class _Word:
    folded: str
    start: int
    end: int


def compare(claim: str, text: str) -> Comparison | None:
    """The closest place ``text`` holds ``claim``: verbatim (each part between the
    claim's ellipses contiguous, the parts in order), else altered (at least
    ``ALTERED_SHARE`` of the claim's words in order within a short stretch); None
    when neither."""
    parts = _claim_words(claim)
    if not parts:
        return None
    # Most passages compared share a few of the claim's words, too few for either
    # verdict: counted first, they are passed over before their words are placed.
    wanted = Counter(word.folded for part in parts for word in part)
    held = Counter(word for word in quote_words(text) if word in wanted)
    if sum((wanted & held).values()) < ALTERED_SHARE * sum(wanted.values()):
        return None
    article = _words(text)
    return _verbatim(parts, claim, article, text) or _altered(
        [word for part in parts for word in part], claim, article, text
    )


def claimed_runs(claim: str) -> tuple[tuple[str, ...], ...]:
    """The folded words of each stretch of ``claim`` between the omissions it marks."""
    return tuple(tuple(word.folded for word in part) for part in _claim_words(claim))


@lru_cache(maxsize=64)
def _claim_words(claim: str) -> list[list[_Word]]:
    """The words of each part of ``claim``, with their offsets in it: read once for the
    many passages it is compared with."""
    parts, at = [], 0
    for mark in [*_ELLIPSIS.finditer(claim), None]:
        end = len(claim) if mark is None else mark.start()
        words = [_Word(folded, at + start, at + stop) for folded, start, stop in quote_word_spans(claim[at:end])]
        if words:
            parts.append(words)
        at = end if mark is None else mark.end()
    return parts


def _words(text: str) -> list[_Word]:
    return [_Word(folded, start, end) for folded, start, end in quote_word_spans(text)]


def _verbatim(parts: list[list[_Word]], claim: str, article: list[_Word], text: str) -> Comparison | None:
    """The shortest stretch holding every part in order, each one contiguous."""
    folded = [word.folded for word in article]
    best: list[int] | None = None
    for first in _occurrences(folded, parts[0], 0):
        starts = [first]
        for part in parts[1:]:
            following = next(_occurrences(folded, part, starts[-1] + len(parts[len(starts) - 1])), None)
            if following is None:
                break
            starts.append(following)
        else:
            end = starts[-1] + len(parts[-1])
            if best is None or end - starts[0] < best[-1] + len(parts[-1]) - best[0]:
                best = starts
    if best is None:
        return None
    diff: list[DiffEntry] = []
    for n, (part, at) in enumerate(zip(parts, best, strict=True)):
        if n:
            gap_start, gap_end = article[best[n - 1] + len(parts[n - 1]) - 1].end, article[at].start
            diff.append(DiffEntry("omitted", "", text[gap_start:gap_end].strip()))
        diff.append(DiffEntry("equal", _slice(claim, part), _slice(text, article[at : at + len(part)])))
    last = best[-1] + len(parts[-1]) - 1
    return Comparison("verbatim", article[best[0]].start, article[last].end, 1.0, tuple(diff))


def _occurrences(folded: list[str], part: list[_Word], after: int) -> Iterator[int]:
    wanted = [word.folded for word in part]
    size = len(wanted)
    return (at for at in range(after, len(folded) - size + 1) if folded[at : at + size] == wanted)


def _altered(claimed: list[_Word], claim: str, article: list[_Word], text: str) -> Comparison | None:
    """The stretch of at most ``WINDOW_STRETCH`` times the claim's length holding the
    most of its words in order, if that is at least ``ALTERED_SHARE`` of them."""
    wanted = [word.folded for word in claimed]
    folded = [word.folded for word in article]
    width = max(1, int(len(wanted) * WINDOW_STRETCH))
    present = set(wanted)
    # How many of the claim's words each window holds, in any order: no more of them
    # can match in order, so a window short of the best so far is not compared.
    held = [0, *accumulate(word in present for word in folded)]
    needed = ALTERED_SHARE * len(wanted)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(wanted)
    best: tuple[int, int] | None = None
    best_count = 0
    for start in (at for at, word in enumerate(folded) if word in present):
        bound = held[min(start + width, len(folded))] - held[start]
        if bound <= best_count or bound < needed:
            continue
        matcher.set_seq1(folded[start : start + width])
        blocks = matcher.get_matching_blocks()
        count = sum(block.size for block in blocks)
        if count > best_count:
            matched = [block for block in blocks if block.size]
            first, last = matched[0], matched[-1]
            # Claimed words before the first match and after the last stand in place
            # of as many article words there: changed, not added.
            leading, trailing = first.b, len(wanted) - last.b - last.size
            best_count = count
            best = (max(0, start + first.a - leading), min(len(folded), start + last.a + last.size + trailing))
    if best is None or best_count < ALTERED_SHARE * len(wanted):
        return None
    window = article[best[0] : best[1]]
    opcodes = SequenceMatcher(None, wanted, [word.folded for word in window], autojunk=False).get_opcodes()
    held = [n for tag, i1, i2, _, _ in opcodes if tag == "equal" for n in range(i1, i2)]
    if not _shares_statement(claimed, claim, held):
        return None
    diff = tuple(
        DiffEntry(_OPS[tag], _slice(claim, claimed[i1:i2]), _slice(text, window[j1:j2]))
        for tag, i1, i2, j1, j2 in opcodes
    )
    return Comparison("altered", window[0].start, window[-1].end, best_count / len(wanted), diff)


def _shares_statement(claimed: list[_Word], claim: str, held: list[int]) -> bool:
    """Whether the claim's words ``held`` (their places in ``claimed``) are more than a
    long name the claim mentions ("the Center for Strategic and International Studies",
    "the Middle East and North Africa"): such a name is in many statements, and its
    words alone make up most of a short claim. Counting each name as one word and
    leaving out function words, more than half of what the claim says must be held."""
    units = _units(claimed, claim)
    if max(Counter(unit for unit in units if unit is not None).values(), default=0) < LONG_NAME_WORDS:
        return True
    said = set(units) - {None}
    return 2 * len({units[n] for n in held} - {None}) > len(said)


def _units(claimed: list[_Word], claim: str) -> list[int | None]:
    """For each claimed word, the unit of meaning it belongs to: its own place, or the
    first word's of the name it is part of (capitalised words, joined by "of", "and",
    "for", "the"); None for a function word."""
    units: list[int | None] = []
    name: int | None = None
    for n, word in enumerate(claimed):
        capital = claim[word.start].isupper()
        joins = name is not None and word.folded in _NAME_JOINERS and n + 1 < len(claimed)
        if (joins and claim[claimed[n + 1].start].isupper()) or (capital and name is not None):
            units.append(name)
        elif word.folded in STOP_WORDS:
            units.append(None)
            name = None
        else:
            units.append(n)
            name = n if capital else None
    return units


_OPS: dict[str, Op] = {"equal": "equal", "replace": "changed", "delete": "added", "insert": "missing"}


def _slice(text: str, words: list[_Word]) -> str:
    """The original text from the first of ``words`` to the last, or "" for none."""
    return text[words[0].start : words[-1].end] if words else ""

"""Who said each passage and when, worked out once at ingest time.

Attribution reads the whole article (a pronoun needs the sentences before it,
a quotation may run over several paragraphs), so it runs when the article is
stored, not when a question is asked; the results are stored with each
passage, in columns of its own. A passage's speaker is the speaker of the
statement it belongs to (``bot.statements``), its date from its own time words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.answers import When
from bot.dates import resolve_when
from bot.statements import Statement, find_statements


@dataclass(frozen=True, slots=True)
class Annotation:
    who: str | None
    when: When | None

    def columns(self) -> tuple[str | None, str | None, str | None, str | None, str | None]:
        """Who, and when's text, date, end of span and basis: the passage's stored columns."""
        when = self.when
        if when is None:
            return self.who, None, None, None, None
        return self.who, when.text, when.date, when.until, when.basis

    @classmethod
    def from_columns(
        cls, who: str | None, text: str | None, date: str | None, until: str | None, basis: str | None
    ) -> Annotation:
        if text is None:
            return cls(who, None)
        return cls(who, When(text, date, until, "published" if basis == "published" else "text"))


class Span(Protocol):
    """A passage as the index cuts it: character offsets into the article."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def annotate(text: str, passages: Sequence[Span], published: str | None) -> list[Annotation]:
    """One annotation per passage of ``text``, in the order given."""
    date = dt.date.fromisoformat(published) if published else None
    speakers = _speakers(find_statements(text, published), passages)
    return [
        Annotation(who, resolve_when(text[p.start : p.end], date)) for who, p in zip(speakers, passages, strict=True)
    ]


def _speakers(statements: list[Statement], passages: Sequence[Span]) -> list[str | None]:
    """The speaker of the statement each passage overlaps most, in one sweep of
    both in text order (statements come sorted and barely overlap each other)."""
    found: list[str | None] = [None] * len(passages)
    first = 0
    for index in sorted(range(len(passages)), key=lambda i: (passages[i].start, passages[i].end)):
        passage = passages[index]
        while first < len(statements) and statements[first].end <= passage.start:
            first += 1
        best = 0
        k = first
        while k < len(statements) and statements[k].start < passage.end:
            overlap = min(statements[k].end, passage.end) - max(statements[k].start, passage.start)
            if overlap > best:
                best, found[index] = overlap, statements[k].who
            k += 1
    return found

"""Who said each passage and when, worked out once at ingest time.

Attribution reads the whole article (a pronoun needs the sentences before it,
a quotation may run over several paragraphs), so it runs when the article is
stored, not when a question is asked; the results are stored with each
passage, in columns of its own. A passage's speaker is the speaker of the
statement it belongs to (``bot.statements``), its date from its own time words.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.answers import When
from bot.dates import resolve_when
from bot.statements import Statement, find_statements
from index.passage_notes import PassageNote


@dataclass(frozen=True, slots=True)
class Voice:
    """One statement of a passage that more than one speaker speaks in."""

    start: int
    end: int
    who: str


@dataclass(frozen=True, slots=True)
class Annotation:
    who: str | None
    when: When | None
    voices: tuple[Voice, ...] = ()

    def note(self) -> PassageNote:
        """The annotation as the passage's row stores it."""
        when = self.when
        voices = json.dumps([[v.start, v.end, v.who] for v in self.voices]) if self.voices else None
        if when is None:
            return PassageNote(self.who, voices=voices)
        return PassageNote(self.who, when.text, when.date, when.until, when.basis, voices)

    @classmethod
    def from_note(cls, note: PassageNote) -> Annotation:
        if note.when_text is None:
            return cls(note.who, None)
        basis: Literal["text", "published"] = "published" if note.when_basis == "published" else "text"
        return cls(note.who, When(note.when_text, note.when_date, note.when_until, basis))


def voices_of(note: PassageNote) -> list[Voice]:
    """The voices a passage's note stores: read only for a question that picks one
    (``bot.voices``), since most passages have none."""
    return [Voice(start, end, who) for start, end, who in json.loads(note.voices)] if note.voices else []


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
        Annotation(who, resolve_when(text[p.start : p.end], date), voices)
        for (who, voices), p in zip(speakers, passages, strict=True)
    ]


def _speakers(statements: list[Statement], passages: Sequence[Span]) -> list[tuple[str | None, tuple[Voice, ...]]]:
    """The speaker of the statement each passage overlaps most, with the passage's
    voices when it holds the statements of more than one speaker, in one sweep of
    both in text order (statements come sorted and barely overlap each other)."""
    found: list[tuple[str | None, tuple[Voice, ...]]] = [(None, ())] * len(passages)
    first = 0
    for index in sorted(range(len(passages)), key=lambda i: (passages[i].start, passages[i].end)):
        passage = passages[index]
        while first < len(statements) and statements[first].end <= passage.start:
            first += 1
        best = 0
        who = None
        voices = []
        k = first
        while k < len(statements) and statements[k].start < passage.end:
            statement = statements[k]
            overlap = min(statement.end, passage.end) - max(statement.start, passage.start)
            if overlap > best:
                best, who = overlap, statement.who
            if statement.who is not None:
                voices.append(Voice(statement.start, statement.end, statement.who))
            k += 1
        several = len({voice.who for voice in voices}) > 1
        found[index] = (who, tuple(voices) if several else ())
    return found

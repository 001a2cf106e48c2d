"""The reads an answer makes, on the answering connection of the thread that answers.

Each is a function of an open sqlite3 connection; ``Archive`` picks the
connection (``index.archive.connections``) and maps what SQLite raises.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from index.archive.schema import GENERATION
from index.passage_notes import NOTE_COLUMNS, PassageNote


@dataclass(frozen=True, slots=True)
class StoredPassage:
    """A passage with its text (the verbatim slice) and its article's metadata."""

    id: int
    doc_id: str
    start: int
    end: int
    note: PassageNote
    text: str
    headline: bool
    file: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Continuation:
    """The passage after another in the same paragraph (a long paragraph is cut into
    pieces), or in the next one, with the spaces between them: ``gap + text`` continues
    the other's slice."""

    gap: str
    text: str
    end: int
    who: str | None


class PassageReads(Protocol):
    """What finding an answer reads besides the index: the passages its hits name."""

    def passages(self, ids: Sequence[int]) -> list[StoredPassage]: ...

    def continuations(self, ids: Sequence[int], *, paragraphs: bool = False) -> dict[int, Continuation]: ...

    def openings(self, doc_ids: Sequence[str], first: int) -> list[StoredPassage]: ...


# The most spaces between two paragraphs that follow each other: more is a gap the
# passages skip (a heading, an image credit left out), not the next paragraph.
_PARAGRAPH_GAP = 4
_NOTE_SELECTED = ", ".join(f"p.{column}" for column in NOTE_COLUMNS)


def _stored(row: Sequence[Any]) -> StoredPassage:
    """A row read as ``passages`` selects it: the passage's place, its note's columns, the rest."""
    notes = 4 + len(NOTE_COLUMNS)
    text, headline, file, title, outlet, published, url = row[notes:]
    return StoredPassage(
        row[0], row[1], row[2], row[3], PassageNote(*row[4:notes]), text, headline, file, title, outlet, published, url
    )


def passages(db: sqlite3.Connection, ids: Sequence[int]) -> list[StoredPassage]:
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT p.id, p.doc_id, p.start, p.end, {_NOTE_SELECTED},"
        " p.text, p.headline, a.file, a.title, a.outlet, a.published, a.url"
        f" FROM passages p JOIN articles a INDEXED BY articles_source USING (doc_id) WHERE p.id IN ({marks})",
        list(ids),
    ).fetchall()
    found = {row[0]: _stored(row) for row in rows}
    return [found[pid] for pid in ids if pid in found]


def openings(db: sqlite3.Connection, doc_ids: Sequence[str], first: int) -> list[StoredPassage]:
    marks = ",".join("?" * len(doc_ids))
    rows = db.execute(
        f"SELECT p.id, p.doc_id, p.start, p.end, {_NOTE_SELECTED},"
        " p.text, p.headline, a.file, a.title, a.outlet, a.published, a.url"
        " FROM passages p JOIN articles a INDEXED BY articles_source USING (doc_id)"
        f" WHERE p.doc_id IN ({marks}) AND p.ord < ? AND NOT p.headline ORDER BY p.doc_id, p.ord",
        [*doc_ids, first],
    ).fetchall()
    return [_stored(row) for row in rows]


def continuations(db: sqlite3.Connection, ids: Sequence[int], *, paragraphs: bool = False) -> dict[int, Continuation]:
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        "SELECT p.id, substr(a.text, p.end + 1, n.start - p.end), n.text, n.end, n.who"
        " FROM passages p JOIN passages n ON n.doc_id = p.doc_id AND n.ord = p.ord + 1"
        f" JOIN articles a ON a.doc_id = p.doc_id WHERE p.id IN ({marks}) AND n.start - p.end <= ?",
        [*ids, _PARAGRAPH_GAP if paragraphs else 2],
    ).fetchall()
    return {row[0]: Continuation(*row[1:]) for row in rows if row[1].isspace() and (paragraphs or "\n" not in row[1])}


def passages_matching(
    db: sqlite3.Connection,
    *,
    outlet: str | None,
    after: str | None,
    before: str | None,
    speakers: Sequence[str] | None,
) -> list[int]:
    where, values = ["1"], []
    if outlet is not None:
        where.append("instr(lower(a.outlet), ?) > 0")
        values.append(outlet.lower())
    if after is not None:
        where.append("coalesce(p.when_date, a.published) >= ?")
        values.append(after)
    if before is not None:
        # "2022-11" (a month) and "2022-11-30" are both before "2022-11-30~".
        where.append("coalesce(p.when_date, a.published) <= ?")
        values.append(before + "~")
    if speakers is not None:
        where.append(f"p.who IN ({','.join('?' * len(speakers))})")
        values.extend(speakers)
    rows = db.execute(
        "SELECT p.id FROM passages p JOIN articles a USING (doc_id) WHERE " + " AND ".join(where), values
    ).fetchall()
    return [row[0] for row in rows]


def speakers(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT DISTINCT who FROM passages WHERE who IS NOT NULL").fetchall()
    return [str(row[0]) for row in rows]


def outlets(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL").fetchall()
    return [str(row[0]) for row in rows]


def generation(db: sqlite3.Connection) -> int:
    row = db.execute(GENERATION).fetchone()
    return int(row[0]) if row else 0


def warm(db: sqlite3.Connection) -> None:
    """Read once every page a question can read: the passages, their articles' metadata."""
    db.execute("SELECT count(start) FROM passages").fetchone()
    db.execute("SELECT count(url) FROM articles INDEXED BY articles_source").fetchone()

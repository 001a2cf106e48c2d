"""What answering a question reads and writes, from the thread that answers it.

A question's search, passage reads, claim grouping and its line in the query
log run in one thread: every trip between threads (to aiosqlite's and back)
cost about as much as the read or the write itself. The worker threads share
one connection of their own, taking turns: one connection per thread made each
warm its own page cache and memory map, and doubled the median. The event
loop, which answers the cheap questions itself (see ``bot.factchecker``), has
another that never waits: where the worker's would wait for an ingest's write
lock, it raises at once, and the question goes to a worker. In WAL mode reads
see only committed transactions, so never half of an article, and a one-row
insert waits for (or, never waiting, fails on) an ingest's transaction rather
than land inside it. aiosqlite's connection keeps every other read and write.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.passage_notes import NOTE_COLUMNS, PassageNote
from index.storage_errors import map_storage_errors


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


def _stored(row: Sequence[Any]) -> StoredPassage:
    """A row read as ``passages`` selects it: the passage's place, its note's columns, the rest."""
    notes = 4 + len(NOTE_COLUMNS)
    text, headline, file, title, outlet, published, url = row[notes:]
    return StoredPassage(
        row[0], row[1], row[2], row[3], PassageNote(*row[4:notes]), text, headline, file, title, outlet, published, url
    )


@dataclass(frozen=True, slots=True)
class Continuation:
    """The passage after another in the same paragraph (a long paragraph is cut into
    pieces), with the spaces between them: ``gap + text`` continues the other's slice."""

    gap: str
    text: str
    end: int
    who: str | None


_NOTE_SELECTED = ", ".join(f"p.{column}" for column in NOTE_COLUMNS)
# SQLite caps this at its compile-time limit (2 GiB by default); the map only
# reserves address space, pages come in as they are read.
MMAP_BYTES = 1 << 40
# How long the workers' connection waits for another's write lock.
WAIT_SECONDS = 10.0


class QuestionStore:
    """One connection for the threads that answer questions, used by one at a time.

    Without ``wait``, a statement that would wait for another connection's lock
    raises ``DatabaseBusy`` instead. What SQLite raises comes out as the index's
    ``StoreError`` (``index.storage_errors``).
    """

    def __init__(self, path: Path, *, wait: bool = True) -> None:
        self._path = path
        with map_storage_errors(path):
            # Used from whichever thread answers, hence not same-thread-checked.
            self._connection = sqlite3.connect(
                path, timeout=WAIT_SECONDS if wait else 0.0, isolation_level=None, check_same_thread=False
            )
            # Per connection, like the store's: a commit is atomic, without an fsync of its own.
            self._connection.execute("PRAGMA synchronous=NORMAL")
            # A question reads a few dozen rows scattered over the whole file: through a
            # memory map each page is a memory read, not a system call and a copy.
            self._connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            if not wait:
                # A commit past a thousand pages of log would copy them into the database and
                # sync it, tens of milliseconds: a connection that waits does it (``checkpoint``).
                self._connection.execute("PRAGMA wal_autocheckpoint=0")
        self._lock = threading.Lock()

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """This thread's turn at the connection: no other's statements run until the block
        ends, and what SQLite raises in it comes out as the index's ``StoreError``."""
        with self._lock, map_storage_errors(self._path):
            yield

    def passages(self, ids: Sequence[int]) -> list[StoredPassage]:
        """The passages with these ids that still exist, in the order asked."""
        marks = ",".join("?" * len(ids))
        with self._turn():
            rows = self._connection.execute(
                f"SELECT p.id, p.doc_id, p.start, p.end, {_NOTE_SELECTED},"
                " p.text, p.headline, a.file, a.title, a.outlet, a.published, a.url"
                f" FROM passages p JOIN articles a INDEXED BY articles_source USING (doc_id) WHERE p.id IN ({marks})",
                list(ids),
            ).fetchall()
        found = {row[0]: _stored(row) for row in rows}
        return [found[pid] for pid in ids if pid in found]

    def continuations(self, ids: Sequence[int]) -> dict[int, Continuation]:
        """The next passage of the same paragraph, for those of the passages ``ids`` that
        have one: only spaces (no line break) between the two."""
        marks = ",".join("?" * len(ids))
        with self._turn():
            rows = self._connection.execute(
                "SELECT p.id, substr(a.text, p.end + 1, n.start - p.end), n.text, n.end, n.who"
                " FROM passages p JOIN passages n ON n.doc_id = p.doc_id AND n.ord = p.ord + 1"
                f" JOIN articles a ON a.doc_id = p.doc_id WHERE p.id IN ({marks}) AND n.start - p.end <= 2",
                list(ids),
            ).fetchall()
        return {row[0]: Continuation(*row[1:]) for row in rows if row[1].isspace() and "\n" not in row[1]}

    def passages_matching(
        self, *, outlet: str | None, after: str | None, before: str | None, speakers: Sequence[str] | None
    ) -> list[int]:
        """The ids of the passages passing a question's filters: the article's outlet holding
        ``outlet`` (any case), the statement's date (else the article's) within ``after`` and
        ``before`` (inclusive), its speaker one of ``speakers``. What a filter needs and an
        article lacks (an outlet, a date) leaves the passage out."""
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
        with self._turn():
            rows = self._connection.execute(
                "SELECT p.id FROM passages p JOIN articles a USING (doc_id) WHERE " + " AND ".join(where), values
            ).fetchall()
        return [row[0] for row in rows]

    def speakers(self) -> list[str]:
        """Every speaker some passage names, as written."""
        with self._turn():
            rows = self._connection.execute("SELECT DISTINCT who FROM passages WHERE who IS NOT NULL").fetchall()
        return [str(row[0]) for row in rows]

    def outlets(self) -> list[str]:
        """Every outlet some stored article names."""
        with self._turn():
            rows = self._connection.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL").fetchall()
        return [str(row[0]) for row in rows]

    def generation(self) -> int:
        """The store's change counter (see ``Store.generation``)."""
        with self._turn():
            row = self._connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def log_query(self, origin: str, question: str, status: str, results: Sequence[dict[str, object]]) -> int:
        """Keep the question and what was answered (the audit trail); returns its id, which feedback refers to."""
        row = (datetime.now(UTC).isoformat(timespec="seconds"), origin, question, status, json.dumps(results))
        with self._turn():
            cursor = self._connection.execute(
                "INSERT INTO query_log (asked_at, origin, question, status, results) VALUES (?, ?, ?, ?, ?)", row
            )
        return int(cursor.lastrowid or 0)

    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the database, as far as readers allow."""
        with self._turn():
            self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()

    def warm(self) -> None:
        """Read once every page a question can read (the passages, their articles'
        metadata), so that answering waits on neither the disk nor the memory map."""
        with self._turn():
            self._connection.execute("SELECT count(start) FROM passages").fetchone()
            self._connection.execute("SELECT count(url) FROM articles INDEXED BY articles_source").fetchone()

    def close(self) -> None:
        with self._turn():
            self._connection.close()

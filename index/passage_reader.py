"""Read a question's passages from the worker thread that answers it.

A question's search, passage reads and claim grouping run in one worker
thread: every trip between threads (to aiosqlite's and back) cost about as much
as the read itself. SQLite connections belong to one thread, so each worker
thread opens one of its own, read-only; in WAL mode such a reader sees only
committed transactions, so never half of an article. aiosqlite's connection
keeps every write and every other read.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class StoredPassage:
    """A passage with its text (the verbatim slice) and its article's metadata."""

    id: int
    doc_id: str
    start: int
    end: int
    annotations: str
    text: str
    file: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


class PassageReader:
    """Read-only connections, one per thread, all closed with the reader."""

    def __init__(self, path: Path) -> None:
        self._uri = f"{path.resolve().as_uri()}?mode=ro"
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[sqlite3.Connection] = []
        self._closed = False

    def passages(self, ids: Sequence[int]) -> list[StoredPassage]:
        """The passages with these ids that still exist, in the order asked."""
        marks = ",".join("?" * len(ids))
        rows = (
            self._connection()
            .execute(
                "SELECT p.id, p.doc_id, p.start, p.end, p.annotations, p.text,"
                " a.file, a.title, a.outlet, a.published, a.url"
                f" FROM passages p JOIN articles a INDEXED BY articles_source USING (doc_id) WHERE p.id IN ({marks})",
                list(ids),
            )
            .fetchall()
        )
        found = {row[0]: StoredPassage(*row) for row in rows}
        return [found[pid] for pid in ids if pid in found]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for connection in self._opened:
                connection.close()
            self._opened.clear()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            # Closed from whichever thread closes the store, hence not same-thread-checked.
            connection = sqlite3.connect(self._uri, uri=True, timeout=10, check_same_thread=False)
            with self._lock:
                if self._closed:
                    connection.close()
                    raise sqlite3.ProgrammingError("the store is closed")
                self._opened.append(connection)
            self._local.connection = connection
        return connection

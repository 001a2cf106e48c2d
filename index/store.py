"""The article store: one SQLite file holds the articles, their passages, the
fitted index and the query log.

Each article is written in one transaction together with its passages, so a
crash leaves every article in its old or its new version, never half of one.
A generation counter moves with every change, so a reader knows cheaply when
to look for changes. Passage ids only grow and every deleted passage is logged,
so "what changed since the fit" is two range queries: passages above the fit's
highest id, and deletions after its place in the log.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import aiosqlite

from index.ownership import APPLICATION_ID, Inspection, Owner, inspect
from index.passage_notes import NOTE_COLUMNS, PassageNote
from index.question_store import QuestionStore
from index.storage_errors import ForeignDatabaseError, map_storage_errors, storage_error

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    doc_id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL,
    title TEXT, outlet TEXT, published TEXT, url TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_sha256 ON articles (sha256);
-- Every answer reads its sources' metadata. In the table it lies behind the
-- article's text, past the text's overflow pages; this covering index holds it
-- on its own.
CREATE INDEX IF NOT EXISTS articles_source ON articles (doc_id, file, title, outlet, published, url);
CREATE TABLE IF NOT EXISTS passages (
    -- AUTOINCREMENT: an id is never reused, so a stale index cannot point at a newer passage.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES articles (doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    -- Who made the passage's statement and when (``bot.annotations``), worked out
    -- at ingest; columns, not JSON: decoding JSON took a tenth of an answer.
    {note_columns},
    -- The passage's own slice of the article (article.text[start:end]), kept beside
    -- it: slicing the article in SQL walks its overflow pages and counts characters
    -- from the start, which took longer than a whole search at a million passages.
    text TEXT NOT NULL,
    -- 1 for the article's headline, which answers rank below a body passage.
    headline INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages (doc_id, ord);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('generation', 0);
-- Every deleted passage, in order, so an index fitted earlier can mask it.
CREATE TABLE IF NOT EXISTS removed_passages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    passage_id INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS passages_removed AFTER DELETE ON passages
BEGIN
    INSERT INTO removed_passages (passage_id) VALUES (old.id);
END;
-- The snapshot folder of the last fit and how far into the passages it reached.
CREATE TABLE IF NOT EXISTS fitted_index (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    folder TEXT NOT NULL,
    max_passage_id INTEGER NOT NULL,
    removed_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS query_log (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    results TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    query_id INTEGER NOT NULL REFERENCES query_log (id),
    given_at TEXT NOT NULL,
    user TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    UNIQUE (query_id, user)
);
""".replace("{note_columns}", ",\n    ".join(f"{column} TEXT" for column in NOTE_COLUMNS))


@dataclass(frozen=True, slots=True)
class _Found:
    """What a database file holds before it is opened for writing."""

    inspection: Inspection
    up_to_date: bool


def _look(path: Path) -> _Found:
    """Inspect the file with a plain connection in a worker thread: when
    aiosqlite.connect fails, its thread reports to the event loop later, and
    prints a traceback if the loop has closed by then."""
    connection = sqlite3.connect(path)
    try:
        inspection = inspect(connection)
        return _Found(inspection, inspection.owner is Owner.US and _shape(connection) >= _shape_of_schema())
    finally:
        connection.close()


def _shape(connection: sqlite3.Connection) -> set[tuple[str, str]]:
    """Every table's columns, and every index and trigger, as (table or kind, name)."""
    shape: set[tuple[str, str]] = set()
    for kind, name in connection.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite%'"):
        if kind == "table":
            shape.update(
                (name, column) for (column,) in connection.execute("SELECT name FROM pragma_table_info(?)", (name,))
            )
        else:
            shape.add((kind, name))
    return shape


@functools.cache
def _shape_of_schema() -> frozenset[tuple[str, str]]:
    """What this version's schema makes, read from an empty database made with it."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(_SCHEMA)
        return frozenset(_shape(connection))
    finally:
        connection.close()


@dataclass(frozen=True, slots=True)
class Article:
    """An article as stored: its text exactly as read, and its manifest metadata."""

    doc_id: str
    file: str
    sha256: str
    text: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Cursor:
    """How far into the passages and the deletion log an index has read."""

    max_passage_id: int
    removed_seq: int


@dataclass(frozen=True, slots=True)
class Naming:
    """What naming a snapshot did: whether it is now in force, and the folder it
    replaced, which only the process that named the new one knows to be stale."""

    named: bool
    replaced: str | None


@dataclass(frozen=True, slots=True)
class NewPassage:
    """A passage to store: its place in the article, who made its statement and when."""

    start: int
    end: int
    note: PassageNote = PassageNote()
    headline: bool = False


@asynccontextmanager
async def _transaction(db: aiosqlite.Connection, begin: str = "BEGIN IMMEDIATE") -> AsyncIterator[None]:
    """One SQLite transaction: committed when the block ends, rolled back when it raises."""
    await db.execute(begin)
    try:
        yield
    except BaseException:
        # SQLite has rolled back already after some errors (SQLITE_FULL among them); a
        # second ROLLBACK would fail and hide the error that says what went wrong.
        if db.in_transaction:
            await db.execute("ROLLBACK")
        raise
    await db.execute("COMMIT")


async def _make_or_upgrade(db: aiosqlite.Connection) -> None:
    """Mark the database as ours and give it every table and column this version uses.
    The mark and the tables come in one transaction: another process opening a new
    database at the same moment sees it either empty or marked and whole."""
    await db.executescript(f"BEGIN IMMEDIATE; PRAGMA application_id = {APPLICATION_ID}; {_SCHEMA} COMMIT;")
    await _add_passage_texts(db)
    await _add_annotation_columns(db)
    await _add_headline_column(db)


async def _add_passage_texts(db: aiosqlite.Connection) -> None:
    """Give a database from before passages kept their own text that column,
    filled from the articles in the same transaction, so nothing is ever half-migrated."""
    async with _transaction(db):
        # Looked at inside the transaction: another process may have just migrated it.
        if "text" in await _passage_columns(db):
            return
        await db.execute("ALTER TABLE passages ADD COLUMN text TEXT NOT NULL DEFAULT ''")
        # substr counts characters as Python does, so the slice is the quote's.
        await db.execute(
            "UPDATE passages SET text = (SELECT substr(a.text, passages.start + 1, passages.end - passages.start)"
            " FROM articles a WHERE a.doc_id = passages.doc_id)"
        )


async def _add_annotation_columns(db: aiosqlite.Connection) -> None:
    """Give a database from before who and when had columns of their own those
    columns, read from the JSON they were kept in, in one transaction."""
    async with _transaction(db):
        if "annotations" not in await _passage_columns(db):
            return
        for column in NOTE_COLUMNS:
            await db.execute(f"ALTER TABLE passages ADD COLUMN {column} TEXT")
        await db.execute(
            "UPDATE passages SET who = json_extract(annotations, '$.who'),"
            " when_text = json_extract(annotations, '$.when.text'),"
            " when_date = json_extract(annotations, '$.when.date'),"
            " when_until = json_extract(annotations, '$.when.until'),"
            " when_basis = json_extract(annotations, '$.when.basis')"
        )
        await db.execute("ALTER TABLE passages DROP COLUMN annotations")


async def _add_headline_column(db: aiosqlite.Connection) -> None:
    """Give a database from before headlines were passages that column; its
    articles get a headline passage when they are next ingested."""
    async with _transaction(db):
        if "headline" not in await _passage_columns(db):
            await db.execute("ALTER TABLE passages ADD COLUMN headline INTEGER NOT NULL DEFAULT 0")


async def _passage_columns(db: aiosqlite.Connection) -> set[str]:
    return {row[1] for row in await db.execute_fetchall("PRAGMA table_info(passages)")}


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _serialised(
    method: Callable[Concatenate[Store, _P], Coroutine[Any, Any, _T]],
) -> Callable[Concatenate[Store, _P], Coroutine[Any, Any, _T]]:
    """Run ``method`` holding the store's lock, so its statements (a transaction's
    among them) never interleave with another task's on the shared connection; what
    SQLite raises comes out as the index's ``StoreError``."""

    @functools.wraps(method)
    async def locked(store: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        async with store._lock:
            with map_storage_errors(store._path):
                return await method(store, *args, **kwargs)

    return locked


class Store:
    """Async access to the SQLite file, through one aiosqlite connection.

    Every task of the process shares the connection (questions are answered
    while an ingest runs), and a SQLite transaction belongs to the connection,
    not to the task that began it: each public method is ``_serialised``, so no
    statement lands inside another task's transaction. Methods never call one
    another's public forms (the lock is not reentrant).
    """

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self._path = path
        self.questions = QuestionStore(path)
        self.questions_now = QuestionStore(path, wait=False)
        self._lock = asyncio.Lock()

    @classmethod
    @asynccontextmanager
    async def open(cls, path: Path) -> AsyncIterator[Store]:
        """Open the database at ``path``, made if missing or empty, brought up to date if
        from an earlier version. Nothing is written before the file is known to be ours
        (``index.ownership``), and nothing at all when it is ours and up to date, so a
        read-only database or a full disk still opens and can be read."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            found = await asyncio.to_thread(_look, path)
        except (OSError, sqlite3.Error) as exc:
            raise storage_error(f"cannot open the database {path}: {exc}", exc) from exc
        if found.inspection.owner is Owner.OTHER:
            raise ForeignDatabaseError(
                f"{path} is another program's SQLite database"
                f" (tables: {', '.join(found.inspection.tables) or 'none'}); it was left unchanged"
            )
        try:
            db = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise storage_error(f"cannot open the database {path}: {exc}", exc) from exc
        try:
            with map_storage_errors(path):
                await db.execute("PRAGMA journal_mode=WAL")
                # In WAL mode NORMAL keeps every commit atomic and the file consistent
                # after a crash; only a power cut can lose the last commits.
                await db.execute("PRAGMA synchronous=NORMAL")
                await db.execute("PRAGMA foreign_keys=ON")
                await db.execute("PRAGMA busy_timeout=10000")
                if found.inspection.owner is not Owner.US or not found.up_to_date:
                    await _make_or_upgrade(db)
            store = cls(db, path)
            try:
                yield store
            finally:
                store.questions.close()
                store.questions_now.close()
        finally:
            await db.close()

    @_serialised
    async def generation(self) -> int:
        # Asked before every question: one trip to the connection's thread, not three.
        rows = await self._db.execute_fetchall("SELECT value FROM meta WHERE key = 'generation'")
        return next((int(row[0]) for row in rows), 0)

    @_serialised
    async def article_count(self) -> int:
        async with self._db.execute("SELECT count(*) FROM articles") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    @_serialised
    async def article_files(self, most: int) -> list[tuple[str, str]] | None:
        """(doc_id, file) of every article, or None when there are more than ``most``."""
        async with self._db.execute("SELECT doc_id, file FROM articles LIMIT ?", (most + 1,)) as cursor:
            rows = list(await cursor.fetchall())
        return None if len(rows) > most else [(str(doc_id), str(file)) for doc_id, file in rows]

    @_serialised
    async def article(self, doc_id: str) -> Article | None:
        async with self._db.execute(
            "SELECT doc_id, file, sha256, text, title, outlet, published, url FROM articles WHERE doc_id = ?",
            (doc_id,),
        ) as cursor:
            row = await cursor.fetchone()
        return Article(*row) if row else None

    @_serialised
    async def doc_id_with_hash(self, sha256: str) -> str | None:
        async with self._db.execute("SELECT doc_id FROM articles WHERE sha256 = ? LIMIT 1", (sha256,)) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    @_serialised
    async def put_article(self, article: Article, passages: Sequence[NewPassage]) -> None:
        """Store ``article`` with its passages, replacing any older version, atomically."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        async with _transaction(self._db):
            await self._db.execute("DELETE FROM articles WHERE doc_id = ?", (article.doc_id,))
            await self._db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.doc_id,
                    article.file,
                    article.sha256,
                    article.text,
                    article.title,
                    article.outlet,
                    article.published,
                    article.url,
                    now,
                ),
            )
            await self._db.executemany(
                f"INSERT INTO passages (doc_id, ord, start, end, {', '.join(NOTE_COLUMNS)}, text, headline)"
                f" VALUES ({', '.join('?' * (6 + len(NOTE_COLUMNS)))})",
                [
                    (
                        article.doc_id,
                        n,
                        p.start,
                        p.end,
                        *astuple(p.note),
                        article.text[p.start : p.end],
                        int(p.headline),
                    )
                    for n, p in enumerate(passages)
                ],
            )
            await self._bump_generation()

    @_serialised
    async def remove(self, doc_id: str) -> bool:
        async with _transaction(self._db):
            cursor = await self._db.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))
            removed = cursor.rowcount > 0
            if removed:
                await self._bump_generation()
        return removed

    async def _bump_generation(self) -> None:
        await self._db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")

    @_serialised
    async def passage_texts(self) -> tuple[list[int], list[str], Cursor]:
        """Every passage's id and text, and the cursor they were read at (one read transaction)."""
        async with _transaction(self._db, "BEGIN"):
            cursor = await self._cursor()
            added = await self._passages_after(0, cursor.max_passage_id)
        return [pid for pid, _ in added], [text for _, text in added], cursor

    @_serialised
    async def changes_since(self, since: Cursor) -> tuple[list[tuple[int, str]], list[int], Cursor, str | None]:
        """Passages added and passage ids removed after ``since``, the new cursor, and
        the snapshot folder in force, all read in one transaction: when the folder
        is not the caller's, the deletion log may have been pruned and the caller
        must load that snapshot instead."""
        async with _transaction(self._db, "BEGIN"):
            fitted = await self._fitted_index()
            cursor = await self._cursor()
            added = await self._passages_after(since.max_passage_id, cursor.max_passage_id)
            async with self._db.execute(
                "SELECT passage_id FROM removed_passages WHERE seq > ? AND seq <= ?",
                (since.removed_seq, cursor.removed_seq),
            ) as rows:
                removed = [int(row[0]) async for row in rows]
        return added, removed, cursor, fitted[0] if fitted else None

    async def _cursor(self) -> Cursor:
        # The AUTOINCREMENT counters, not max(): they never go back, also when the
        # newest passages are deleted or a fit empties the deletion log, so a
        # later cursor always compares as later.
        async with self._db.execute(
            "SELECT coalesce(max(CASE name WHEN 'passages' THEN seq END), 0),"
            " coalesce(max(CASE name WHEN 'removed_passages' THEN seq END), 0) FROM sqlite_sequence"
        ) as rows:
            row = await rows.fetchone()
        return Cursor(int(row[0]), int(row[1])) if row else Cursor(0, 0)

    async def _passages_after(self, low: int, high: int) -> list[tuple[int, str]]:
        async with self._db.execute(
            "SELECT id, text FROM passages WHERE id > ? AND id <= ? ORDER BY id",
            (low, high),
        ) as rows:
            return [(int(pid), str(text)) async for pid, text in rows]

    @_serialised
    async def fitted_index(self) -> tuple[str, Cursor] | None:
        return await self._fitted_index()

    async def _fitted_index(self) -> tuple[str, Cursor] | None:
        async with self._db.execute(
            "SELECT folder, max_passage_id, removed_seq FROM fitted_index WHERE id = 1"
        ) as rows:
            row = await rows.fetchone()
        return (str(row[0]), Cursor(int(row[1]), int(row[2]))) if row else None

    @_serialised
    async def set_fitted_index(self, folder: str, cursor: Cursor) -> Naming:
        """Name the snapshot in force; deletions it already reflects leave the log.

        A fit of an earlier state than the one in force (two processes refitting
        at once, the one that read first finishing last) is not named: the log
        has dropped deletions it would need. The generation moves too, so other
        processes load the new snapshot."""
        async with _transaction(self._db):
            current = await self._fitted_index()
            named = current is None or (
                cursor.max_passage_id >= current[1].max_passage_id and cursor.removed_seq >= current[1].removed_seq
            )
            if named:
                await self._db.execute(
                    "INSERT OR REPLACE INTO fitted_index (id, folder, max_passage_id, removed_seq) VALUES (1, ?, ?, ?)",
                    (folder, cursor.max_passage_id, cursor.removed_seq),
                )
                await self._db.execute("DELETE FROM removed_passages WHERE seq <= ?", (cursor.removed_seq,))
                await self._bump_generation()
        return Naming(named, current[0] if named and current else None)

    @_serialised
    async def forget_questions(self, *, asked_before: datetime | None = None, asker: str | None = None) -> int:
        """Delete the logged questions asked before a time, or by one person, with the
        feedback given on them; with ``asker``, also that person's feedback on others'
        answers. Returns how many questions were deleted."""
        if asked_before is not None:
            where, value = "asked_at < ?", asked_before.astimezone(UTC).isoformat(timespec="seconds")
        elif asker is not None:
            where, value = "origin = ?", asker
        else:
            raise ValueError("say which questions to forget")
        async with _transaction(self._db):
            await self._db.execute(
                f"DELETE FROM feedback WHERE query_id IN (SELECT id FROM query_log WHERE {where})", (value,)
            )
            if asker is not None:
                await self._db.execute("DELETE FROM feedback WHERE user = ?", (asker,))
            cursor = await self._db.execute(f"DELETE FROM query_log WHERE {where}", (value,))
        return int(cursor.rowcount)

    @_serialised
    async def record_feedback(self, query_id: int, user: str, helpful: bool) -> bool:
        """Store one person's verdict on an answer; a second press replaces the first.

        Returns False when ``query_id`` names no logged answer.
        """
        async with self._db.execute("SELECT 1 FROM query_log WHERE id = ?", (query_id,)) as cursor:
            if await cursor.fetchone() is None:
                return False
        await self._db.execute(
            "INSERT INTO feedback (query_id, given_at, user, helpful) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (query_id, user) DO UPDATE SET helpful = excluded.helpful, given_at = excluded.given_at",
            (query_id, datetime.now(UTC).isoformat(timespec="seconds"), user, int(helpful)),
        )
        return True

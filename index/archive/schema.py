"""The database's tables, and how to tell whether a file already has them all.

Opening a file writes nothing when it is ours and has every table, column,
index and trigger of this schema (``index.archive.migrations`` brings an older
one up to date), so a read-only database or a full disk still opens and can be read.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from index.ownership import Inspection, Owner, inspect
from index.passage_notes import NOTE_COLUMNS

SCHEMA = """
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
    -- at ingest; columns, not JSON, so that reading a hit decodes nothing.
    {note_columns},
    -- The passage's own slice of the article (article.text[start:end]), kept beside
    -- it: slicing the article in SQL walks its overflow pages and counts characters
    -- from the start, a cost that grows with the article, paid for every hit.
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
-- read_as: a follow-up's reading, when it was asked as other words than the question typed.
CREATE TABLE IF NOT EXISTS query_log (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    results TEXT NOT NULL,
    read_as TEXT
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    query_id INTEGER NOT NULL REFERENCES query_log (id),
    given_at TEXT NOT NULL,
    user TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    UNIQUE (query_id, user)
);
-- The latest state of each conversation in a chat thread (``index.archive.conversations``).
CREATE TABLE IF NOT EXISTS conversations (
    platform TEXT NOT NULL,
    channel TEXT NOT NULL,
    thread TEXT NOT NULL,
    asker TEXT NOT NULL,
    answered_at REAL NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (platform, channel, thread)
);
CREATE INDEX IF NOT EXISTS conversations_asker ON conversations (asker);
""".replace("{note_columns}", ",\n    ".join(f"{column} TEXT" for column in NOTE_COLUMNS))

GENERATION = "SELECT value FROM meta WHERE key = 'generation'"
"""The change counter every write moves, read before every question (``Archive.generation``)."""


@dataclass(frozen=True, slots=True)
class Found:
    """What a database file holds before it is opened for writing."""

    inspection: Inspection
    up_to_date: bool


def look(path: Path) -> Found:
    """Inspect the file with a plain connection, in a worker thread: when
    aiosqlite.connect fails, its thread reports to the event loop later, and
    prints a traceback if the loop has closed by then."""
    connection = sqlite3.connect(path)
    try:
        inspection = inspect(connection)
        return Found(inspection, inspection.owner is Owner.US and _shape(connection) >= _shape_of_schema())
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
        connection.executescript(SCHEMA)
        return frozenset(_shape(connection))
    finally:
        connection.close()

"""Bringing a database from an earlier version up to this one's schema.

Each step looks at the file inside its own write transaction (another process
may have just migrated it) and changes it in that transaction, so nothing is
ever half-migrated.
"""

from __future__ import annotations

import aiosqlite

from index.archive.schema import SCHEMA
from index.archive.transactions import transaction
from index.ownership import APPLICATION_ID
from index.passage_notes import NOTE_COLUMNS


async def make_or_upgrade(db: aiosqlite.Connection) -> None:
    """Mark the database as ours and give it every table and column this version uses:
    a new table (the conversations in chat threads) comes with the schema itself, a new
    column of an older table by a step below. The mark and the tables come in one
    transaction: another process opening a new database at the same moment sees it
    either empty or marked and whole."""
    await db.executescript(f"BEGIN IMMEDIATE; PRAGMA application_id = {APPLICATION_ID}; {SCHEMA} COMMIT;")
    await _add_passage_texts(db)
    await _add_annotation_columns(db)
    await _add_headline_column(db)
    await _add_read_as_column(db)
    await _add_voices_column(db)


async def _add_passage_texts(db: aiosqlite.Connection) -> None:
    """Give a database from before passages kept their own text that column, filled from the articles."""
    async with transaction(db):
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
    columns, read from the JSON they were kept in."""
    async with transaction(db):
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
    async with transaction(db):
        if "headline" not in await _passage_columns(db):
            await db.execute("ALTER TABLE passages ADD COLUMN headline INTEGER NOT NULL DEFAULT 0")


async def _add_read_as_column(db: aiosqlite.Connection) -> None:
    """Give a query log from before follow-ups were read in context the column for their
    readings; the questions logged before were all asked as typed."""
    async with transaction(db):
        columns = {row[1] for row in await db.execute_fetchall("PRAGMA table_info(query_log)")}
        if "read_as" not in columns:
            await db.execute("ALTER TABLE query_log ADD COLUMN read_as TEXT")


async def _add_voices_column(db: aiosqlite.Connection) -> None:
    """Give a database from before passages kept their several speakers that column;
    an article's passages get their voices when it is next ingested changed, and
    until then answer with the speaker they had."""
    async with transaction(db):
        if "voices" not in await _passage_columns(db):
            await db.execute("ALTER TABLE passages ADD COLUMN voices TEXT")


async def _passage_columns(db: aiosqlite.Connection) -> set[str]:
    return {row[1] for row in await db.execute_fetchall("PRAGMA table_info(passages)")}

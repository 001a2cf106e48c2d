"""What keeping the index in step with the articles reads and writes, on the archive's writer.

Passage ids only grow and every deleted passage is logged, so "what changed
since the fit" is two range queries: passages above the fit's highest id, and
deletions after its place in the log.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from index.archive.transactions import transaction
from index.archive.writes import bump_generation


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


async def passage_texts(db: aiosqlite.Connection) -> tuple[list[int], list[str], Cursor]:
    async with transaction(db, "BEGIN"):
        cursor = await _cursor(db)
        added = await _passages_after(db, 0, cursor.max_passage_id)
    return [pid for pid, _ in added], [text for _, text in added], cursor


async def changes_since(
    db: aiosqlite.Connection, since: Cursor
) -> tuple[list[tuple[int, str]], list[int], Cursor, str | None]:
    async with transaction(db, "BEGIN"):
        fitted = await fitted_index(db)
        cursor = await _cursor(db)
        added = await _passages_after(db, since.max_passage_id, cursor.max_passage_id)
        async with db.execute(
            "SELECT passage_id FROM removed_passages WHERE seq > ? AND seq <= ?",
            (since.removed_seq, cursor.removed_seq),
        ) as rows:
            removed = [int(row[0]) async for row in rows]
    return added, removed, cursor, fitted[0] if fitted else None


async def _cursor(db: aiosqlite.Connection) -> Cursor:
    # The AUTOINCREMENT counters, not max(): they never go back, also when the
    # newest passages are deleted or a fit empties the deletion log, so a
    # later cursor always compares as later.
    async with db.execute(
        "SELECT coalesce(max(CASE name WHEN 'passages' THEN seq END), 0),"
        " coalesce(max(CASE name WHEN 'removed_passages' THEN seq END), 0) FROM sqlite_sequence"
    ) as rows:
        row = await rows.fetchone()
    return Cursor(int(row[0]), int(row[1])) if row else Cursor(0, 0)


async def _passages_after(db: aiosqlite.Connection, low: int, high: int) -> list[tuple[int, str]]:
    async with db.execute(
        "SELECT id, text FROM passages WHERE id > ? AND id <= ? ORDER BY id",
        (low, high),
    ) as rows:
        return [(int(pid), str(text)) async for pid, text in rows]


async def fitted_index(db: aiosqlite.Connection) -> tuple[str, Cursor] | None:
    async with db.execute("SELECT folder, max_passage_id, removed_seq FROM fitted_index WHERE id = 1") as rows:
        row = await rows.fetchone()
    return (str(row[0]), Cursor(int(row[1]), int(row[2]))) if row else None


async def set_fitted_index(db: aiosqlite.Connection, folder: str, cursor: Cursor) -> Naming:
    async with transaction(db):
        current = await fitted_index(db)
        named = current is None or (
            cursor.max_passage_id >= current[1].max_passage_id and cursor.removed_seq >= current[1].removed_seq
        )
        if named:
            await db.execute(
                "INSERT OR REPLACE INTO fitted_index (id, folder, max_passage_id, removed_seq) VALUES (1, ?, ?, ?)",
                (folder, cursor.max_passage_id, cursor.removed_seq),
            )
            await db.execute("DELETE FROM removed_passages WHERE seq <= ?", (cursor.removed_seq,))
            await bump_generation(db)
    return Naming(named, current[0] if named and current else None)

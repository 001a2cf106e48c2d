"""The query log (the audit trail): each question, what was answered, and readers' feedback on it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

import aiosqlite

from index.archive.transactions import transaction


def log_query(
    db: sqlite3.Connection,
    origin: str,
    question: str,
    status: str,
    results: Sequence[dict[str, object]],
    read_as: str | None = None,
) -> int:
    row = (_now(), origin, question, status, json.dumps(results), read_as)
    cursor = db.execute(
        "INSERT INTO query_log (asked_at, origin, question, status, results, read_as) VALUES (?, ?, ?, ?, ?, ?)", row
    )
    return int(cursor.lastrowid or 0)


async def forget_questions(db: aiosqlite.Connection, *, asked_before: datetime | None, asker: str | None) -> int:
    if asked_before is not None:
        where, value = "asked_at < ?", asked_before.astimezone(UTC).isoformat(timespec="seconds")
    elif asker is not None:
        where, value = "origin = ?", asker
    else:
        raise ValueError("say which questions to forget")
    async with transaction(db):
        await db.execute(f"DELETE FROM feedback WHERE query_id IN (SELECT id FROM query_log WHERE {where})", (value,))
        if asker is not None:
            await db.execute("DELETE FROM feedback WHERE user = ?", (asker,))
        cursor = await db.execute(f"DELETE FROM query_log WHERE {where}", (value,))
    return int(cursor.rowcount)


async def record_feedback(db: aiosqlite.Connection, query_id: int, user: str, helpful: bool) -> bool:
    async with db.execute("SELECT 1 FROM query_log WHERE id = ?", (query_id,)) as cursor:
        if await cursor.fetchone() is None:
            return False
    await db.execute(
        "INSERT INTO feedback (query_id, given_at, user, helpful) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (query_id, user) DO UPDATE SET helpful = excluded.helpful, given_at = excluded.given_at",
        (query_id, _now(), user, int(helpful)),
    )
    return True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

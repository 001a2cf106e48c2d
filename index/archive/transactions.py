"""One SQLite transaction on the archive's aiosqlite connection."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite


@asynccontextmanager
async def transaction(db: aiosqlite.Connection, begin: str = "BEGIN IMMEDIATE") -> AsyncIterator[None]:
    """Committed when the block ends, rolled back when it raises."""
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

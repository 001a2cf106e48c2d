"""``factcheck backup``: the core's side, which turns the store's failures into messages."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.errors import DatabaseError
from index.backup import back_up
from index.storage_errors import StoreError


async def back_up_database(db_path: Path, target: Path) -> None:
    """Write a consistent copy of the database to ``target`` while it may be in use;
    a ``DatabaseError`` says what stopped it, and then no file is left at ``target``."""
    try:
        await asyncio.to_thread(back_up, db_path, target)
    except StoreError as exc:
        raise DatabaseError(str(exc)) from exc

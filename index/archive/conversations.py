"""The conversations the bot holds in chat threads, kept so that a restart does not end them.

Each row is one conversation's latest state, under its platform, channel and thread:
who asked its last question, when the bot last answered in it, and the state the
core reads follow-ups against, as the core's own JSON (the archive never looks
inside it). Rows past their time or beyond the number kept are deleted here; which
those are is the core's rule (``bot.conversations``).
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from index.archive.transactions import transaction


@dataclass(frozen=True, slots=True)
class StoredConversation:
    platform: str
    channel: str
    thread: str
    asker: str
    answered_at: float
    """When the bot last answered in it, in seconds since the epoch."""
    state: str


async def conversations(db: aiosqlite.Connection) -> list[StoredConversation]:
    """Every kept conversation, the latest answered last."""
    rows = await db.execute_fetchall(
        "SELECT platform, channel, thread, asker, answered_at, state FROM conversations ORDER BY answered_at"
    )
    return [StoredConversation(str(p), str(c), str(t), str(a), float(at), str(s)) for p, c, t, a, at, s in rows]


async def keep_conversation(db: aiosqlite.Connection, conversation: StoredConversation, *, most: int) -> None:
    """Store ``conversation`` in place of its thread's earlier state, and delete the
    oldest beyond the ``most`` kept, in one transaction."""
    row = (
        conversation.platform,
        conversation.channel,
        conversation.thread,
        conversation.asker,
        conversation.answered_at,
        conversation.state,
    )
    async with transaction(db):
        await db.execute(
            "INSERT INTO conversations (platform, channel, thread, asker, answered_at, state) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (platform, channel, thread) DO UPDATE SET asker = excluded.asker,"
            " answered_at = excluded.answered_at, state = excluded.state",
            row,
        )
        await db.execute(
            "DELETE FROM conversations WHERE rowid NOT IN"
            " (SELECT rowid FROM conversations ORDER BY answered_at DESC LIMIT ?)",
            (most,),
        )


async def end_conversation(db: aiosqlite.Connection, platform: str, channel: str, thread: str) -> bool:
    """Delete one conversation; says whether it was kept."""
    async with transaction(db):
        cursor = await db.execute(
            "DELETE FROM conversations WHERE platform = ? AND channel = ? AND thread = ?", (platform, channel, thread)
        )
    return cursor.rowcount > 0


async def forget_conversations(
    db: aiosqlite.Connection, *, asker: str | None = None, answered_by: float | None = None
) -> int:
    """Delete the conversations whose last question ``asker`` asked, or those the bot last
    answered in at or before a time; returns how many."""
    value: str | float
    if asker is not None:
        where, value = "asker = ?", asker
    elif answered_by is not None:
        where, value = "answered_at <= ?", answered_by
    else:
        raise ValueError("say which conversations to forget")
    async with transaction(db):
        cursor = await db.execute(f"DELETE FROM conversations WHERE {where}", (value,))
    return int(cursor.rowcount)

"""Answering the messages of one conversation one at a time, in the order they came.

The core answers the follow-ups of one conversation in order, but an adapter
posts each answer after the core has let go: two follow-ups sent a moment apart
could be posted the wrong way round (the second answer is cheap, or the first
post waits out a 429). A conversation's turn is held from reading a message to
posting its answer. ``asyncio.Lock`` wakes its waiters first come, first served,
and each platform event runs in a task of its own started in the order received,
so the answers go out in the order the messages came.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bot.conversation_state import ConversationKey


class Turns:
    """One lock per conversation with a message in hand; let go once nobody holds or awaits it,
    so a busy channel leaves none behind."""

    def __init__(self) -> None:
        self._locks: dict[ConversationKey, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def taken(self, key: ConversationKey) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        """How many conversations have a message in hand."""
        return len(self._locks)

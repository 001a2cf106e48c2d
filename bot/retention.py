"""How long the query log keeps questions, and forgetting them when asked to."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress

from index.archive import Archive
from index.storage_errors import DiskFault

# How often a long-running bot deletes logged questions past their keeping time.
PRUNE_EVERY = dt.timedelta(days=1)


class Retention:
    """Keeps questions no longer than ``keep_days`` (0: for ever)."""

    def __init__(self, archive: Archive, keep_days: int) -> None:
        self._archive = archive
        self._keep_days = keep_days
        self._next_prune = dt.datetime.now(dt.UTC)

    async def forget(self, *, asker: str | None = None, older_than_days: int | None = None) -> int:
        """Delete the logged questions of one person or those older than some days, with
        the feedback on them; returns how many."""
        if older_than_days is not None:
            cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=older_than_days)
            return await self._archive.forget_questions(asked_before=cutoff)
        return await self._archive.forget_questions(asker=asker)

    async def prune(self) -> None:
        """Delete the questions past their keeping time: checked on start and daily after."""
        now = dt.datetime.now(dt.UTC)
        if self._keep_days and now >= self._next_prune:
            self._next_prune = now + PRUNE_EVERY
            # A read-only database or a full disk keeps them until it can be written;
            # the first question not logged says so.
            with suppress(DiskFault):
                await self.forget(older_than_days=self._keep_days)

"""Keep the in-memory index in step with the store, without ever refitting on a question's path.

The store's generation counter says cheaply whether anything changed. When it
has, the passages added and removed since the index's cursor are applied as a
delta (one article's rows, not a refit), so a new article is answerable at once,
also when another process (``factcheck ingest``) added it. Each change makes a
new immutable index and swaps the reference, so a question never sees half of
one.

When the delta calls for a refit, and who makes it, is ``index.refit``'s: a small
archive is refit here at once; a large one by a separate process, whose snapshot
the next refresh loads in place of the old.

A serving process keeps its index warm (``keep_warm``): every page of a loaded
snapshot is read once, in a worker thread, so that no question waits for the
disk; until then, ``is_warm`` says no and questions go to worker threads.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from index import snapshots
from index.archive import Archive, Cursor
from index.kernels import keep_compiled_code
from index.refit import Due, refit, refit_due
from index.tfidf import Fitted, PassageIndex
from index.tuning import IndexTuning

log = logging.getLogger(__name__)


class LiveIndex:
    """The index for the archive as it is now, one per process."""

    def __init__(self, archive: Archive, db_path: Path, *, tuning: IndexTuning = IndexTuning()) -> None:
        self._archive = archive
        self._db_path = db_path
        self._tuning = tuning
        self._root = snapshots.snapshot_root(db_path)
        keep_compiled_code(db_path)
        self._index: PassageIndex | None = None
        self._cursor = Cursor(0, 0)
        self._folder: str | None = None
        self._generation = -1
        self._lock = asyncio.Lock()
        self._refit: asyncio.subprocess.Process | None = None
        self._keep_warm = False
        self._warm: Fitted | None = None
        self._warming: tuple[Fitted, asyncio.Task[None]] | None = None

    async def current(self, *, refit_in_background: bool = True) -> PassageIndex:
        """The index for the store as it is now.

        When the delta calls for a refit of a large archive, a background process
        is started, unless ``refit_in_background`` is off (the caller refits itself).
        """
        generation = await self._archive.generation()
        if self._index is None or generation != self._generation:
            async with self._lock:
                generation = await self._archive.generation()
                if self._index is None or generation != self._generation:
                    index = await self._refresh(refit_in_background)
                    # Both at once, so ``latest`` never pairs an index with a generation it does not reflect.
                    self._index, self._generation = index, generation
        self._warming_task()
        return self._index

    async def latest(self) -> tuple[PassageIndex, int | None]:
        """The index as last refreshed and the store generation it reflects, without
        asking the store (None: not known, so not to be trusted without a check)."""
        if self._index is None:
            return await self.current(), None
        return self._index, self._generation if self._generation >= 0 else None

    async def keep_warm(self) -> bool:
        """Read the index in force into memory now, and each later one as it is loaded;
        returns whether the index in force is warm (a failure is logged)."""
        self._keep_warm = True
        index = await self.current()
        warming = self._warming_task()
        if warming is not None:
            # Waited for, not awaited: a caller cancelled must not cancel the warm-up.
            await asyncio.wait([warming])
        return self.is_warm(index)

    def is_warm(self, index: PassageIndex) -> bool:
        """Whether ``index`` is in memory, so that searching it reads nothing from disk."""
        return index.fitted is self._warm

    def _warming_task(self) -> asyncio.Task[None] | None:
        """The warm-up of the index in force, started if it is due and not yet begun."""
        fitted = self._index.fitted if self._index is not None else None
        if not self._keep_warm or fitted is None or fitted is self._warm:
            return None
        if self._warming is None or self._warming[0] is not fitted:
            task = asyncio.create_task(self._warm_up(fitted))
            task.add_done_callback(self._warmed)
            self._warming = (fitted, task)
        return self._warming[1]

    def _warmed(self, task: asyncio.Task[None]) -> None:
        """Log a warm-up that failed and forget it, so that the next refresh tries again."""
        if not task.cancelled():
            if task.exception() is None:
                return
            log.error("warming the index failed; questions go to worker threads", exc_info=task.exception())
        if self._warming is not None and self._warming[1] is task:
            self._warming = None

    async def _warm_up(self, fitted: Fitted) -> None:
        await asyncio.to_thread(fitted.warm, self._tuning)
        # A warm-up that ends after a newer index came in has warmed a stale one.
        if self._index is not None and self._index.fitted is fitted:
            self._warm = fitted

    async def settle(self) -> PassageIndex:
        """The current index, refit now if its delta calls for it (a bulk ingest's last step)."""
        index = await self.current(refit_in_background=False)
        return index if refit_due(index, self._tuning) is Due.NO else await self.rebuild()

    async def rebuild(self) -> PassageIndex:
        """Fit the whole archive now and make it the snapshot in force."""
        async with self._lock:
            self._index = await self._fit()
            self._generation = -1
        return await self.current()

    async def _refresh(self, refit_in_background: bool) -> PassageIndex:
        index = self._index if self._index is not None else await self._load_or_fit()
        added, removed, cursor, folder = await self._archive.changes_since(self._cursor)
        if folder != self._folder:
            index = await self._load_or_fit()
            added, removed, cursor, _ = await self._archive.changes_since(self._cursor)
        if added or removed:
            index = await asyncio.to_thread(index.with_changes, added, removed)
        self._cursor = cursor
        due = refit_due(index, self._tuning)
        if due is Due.HERE:
            return await self._fit()
        if due is Due.IN_BACKGROUND and refit_in_background:
            await self._start_background_refit()
        return index

    async def _load_or_fit(self) -> PassageIndex:
        tried: tuple[str, snapshots.UnusableSnapshot] | None = None
        while (fitted := await self._archive.fitted_index()) is not None and (tried is None or fitted[0] != tried[0]):
            folder, cursor = fitted
            try:
                loaded = await asyncio.to_thread(snapshots.load, self._root, folder)
            except snapshots.UnusableSnapshot as exc:
                # Another process may have named a new snapshot, and pruned this one, since it was read.
                tried = folder, exc
                continue
            self._cursor, self._folder = cursor, folder
            # Its column maxima read every page of the matrix: not in the event loop.
            return await asyncio.to_thread(PassageIndex.from_fitted, loaded)
        if tried is not None:
            log.warning("index snapshot %s %s; refitting", self._root / tried[0], tried[1])
        return await self._fit()

    async def _fit(self) -> PassageIndex:
        refitted = await refit(self._archive, self._db_path)
        if refitted is None:
            return await self._load_or_fit()
        self._cursor, self._folder = refitted.cursor, refitted.folder
        return await asyncio.to_thread(PassageIndex.from_fitted, refitted.fitted)

    async def _start_background_refit(self) -> None:
        if self._refit is not None and self._refit.returncode is None:
            return
        log.info("the delta has grown; refitting in a background process")
        self._refit = await asyncio.create_subprocess_exec(sys.executable, "-m", "index.refit", str(self._db_path))

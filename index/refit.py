"""When the index is refit, and the refit itself: the one refit policy.

An index is a fit plus a delta (``index.tfidf``), and the delta drifts from the
fit's IDF as it grows. A small archive (under ``IndexTuning.small_archive``
passages) is due at its first change and refit at once by the process that finds
it due: the fit takes well under a second. A large one is due once its delta
passes ``IndexTuning.refit_share`` of the fit, and is refit by a separate process,

    python -m index.refit DB_PATH

so that the fit's memory and CPU stay out of the process serving chat, which
picks the new snapshot up at its next refresh (``index.live_index``). A bulk
ingest refits at its end whatever is due, and ``factcheck reindex`` whatever the
delta; every one of these fits is ``refit``.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from index import snapshots
from index.archive import Archive, Cursor
from index.tfidf import Fitted, PassageIndex
from index.tuning import IndexTuning

log = logging.getLogger(__name__)


class Due(enum.Enum):
    """Whether an index is due for a refit, and by whom."""

    NO = "no"
    HERE = "here"
    """By the process that finds it due, at once."""
    IN_BACKGROUND = "in background"
    """By a separate process (``python -m index.refit``)."""


def refit_due(index: PassageIndex, tuning: IndexTuning) -> Due:
    fitted, changed = len(index.fitted.ids), index.changes
    if changed == 0 or not (fitted + changed < tuning.small_archive or changed > tuning.refit_share * fitted):
        return Due.NO
    return Due.HERE if len(index) < tuning.small_archive else Due.IN_BACKGROUND


@dataclass(frozen=True, slots=True)
class Refitted:
    """A fit now in force: the fitted part, the snapshot folder it is saved in, and the
    cursor it was fitted at."""

    fitted: Fitted
    folder: str
    cursor: Cursor


async def refit(archive: Archive, db_path: Path) -> Refitted | None:
    """Fit every passage, save the snapshot beside the database and name it in force,
    pruning the one it replaces. None when another process named a fit of a later
    state meanwhile: that one is in force, and this one is discarded."""
    root = snapshots.snapshot_root(db_path)
    ids, texts, cursor = await archive.passage_texts()
    log.info("fitting the index on %d passages", len(ids))
    fitted = await asyncio.to_thread(Fitted.fit, texts, ids)
    folder = await asyncio.to_thread(snapshots.save, fitted, root)
    naming = await archive.set_fitted_index(folder, cursor)
    if not naming.named:
        await asyncio.to_thread(snapshots.discard, root, folder)
        return None
    await asyncio.to_thread(snapshots.prune, root, folder, naming.replaced)
    return Refitted(fitted, folder, cursor)


async def refit_database(db_path: Path) -> None:
    """``refit`` in a process of its own, started by a serving process whose delta has grown."""
    async with Archive.open(db_path) as archive:
        await refit(archive, db_path)


if __name__ == "__main__":
    asyncio.run(refit_database(Path(sys.argv[1])))

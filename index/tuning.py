"""When a grown index is refit, and how a vocabulary is warmed: the index's tuning.

Passed in by whoever keeps the index (``IndexTuning()`` holds the values
measured for a newsroom's archive), so that a test can have a few dozen
passages behave as a million do without changing the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexTuning:
    refit_share: float = 0.05
    """A delta larger than this share of the fitted part asks for a refit (``index.refit``)."""
    small_archive: int = 20_000
    """An archive of fewer passages asks for a refit at its first change, and is refit at once
    by the process that finds it due: its fit is too short to be worth a process of its own."""
    warm_slice: int = 10_000
    """Terms put in a vocabulary's dictionary at a time: a slice short enough that the
    interpreter lock, and the event loop with it, is never held for long."""

"""Snapshot folders under concurrent fits and crashes: a fit another process is writing
survives our prune, a crashed fit's leftovers go eventually, and a saved snapshot is on
disk (not only in the page cache) before it is named."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import snapshots
from index.tfidf import Fitted

DAY = 24 * 3600


class Crash(BaseException):
    """Stands for the process being killed mid-write: nothing of ours runs after it."""


def fitted() -> Fitted:
    return Fitted.fit(["The mayor said the bridge reopens in May.", "Kirby denied the report on Tuesday."], [1, 2])


def test_a_fit_being_written_survives_another_process_pruning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "factcheck.db.index"
    theirs = snapshots.save(fitted(), root)
    real_save = np.save

    def save_while_they_prune(file: Any, array: Any, *args: Any, **kwargs: Any) -> None:
        real_save(file, array, *args, **kwargs)
        snapshots.prune(root, theirs, None)

    monkeypatch.setattr(np, "save", save_while_they_prune)
    ours = snapshots.save(fitted(), root)
    monkeypatch.undo()
    assert snapshots.load(root, ours) is not None


def test_a_crashed_fit_is_left_alone_for_a_day_then_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "factcheck.db.index"
    keep = snapshots.save(fitted(), root)
    real_save = np.save
    calls = 0

    def crash_on_the_third_array(file: Any, array: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Crash
        real_save(file, array, *args, **kwargs)

    monkeypatch.setattr(np, "save", crash_on_the_third_array)
    with pytest.raises(Crash):
        snapshots.save(fitted(), root)
    monkeypatch.undo()
    (leftover,) = (folder for folder in root.iterdir() if folder.name != keep)
    snapshots.prune(root, keep, None)
    assert leftover.exists(), "a fit that may still be being written was pruned"
    long_ago = time.time() - 2 * DAY
    os.utime(leftover, (long_ago, long_ago))
    snapshots.prune(root, keep, None)
    assert [folder.name for folder in root.iterdir()] == [keep]
    assert snapshots.load(root, keep) is not None


def test_a_snapshot_is_on_disk_before_it_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "factcheck.db.index"
    root.mkdir()
    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        synced.append(os.path.basename(os.readlink(f"/proc/self/fd/{descriptor}")))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    name = snapshots.save(fitted(), root)
    monkeypatch.undo()
    files = sorted(path.name for path in (root / name).iterdir())
    assert sorted(synced[: len(files)]) == files, "every file is synced before the folder is renamed into place"
    assert synced[len(files) :] == [root.name], "the rename itself is synced"

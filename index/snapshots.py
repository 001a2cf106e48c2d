"""Persist a fitted index beside the database, so a restart loads instead of refitting.

A snapshot is a folder of plain NumPy arrays, the vocabulary among them,
loaded memory-mapped (the matrices' pages are the page cache's, not copies of
them), and a JSON file of its settings. Nothing read from the folder can run code:
whoever can write in it could otherwise run code as the bot, so there is no
pickle (the settings were one before ``fitted-4``; such a snapshot is refit,
its pickle never read) and arrays are loaded with ``allow_pickle=False``.

Each array's CRC-32 is written with the settings and checked at every load: an
array damaged in place (bit rot, a bad copy) keeps its size and header, so
nothing else would tell, and every question would fail or find nothing until a
refit. CRC-32 is there for accidents, not attackers (who could write the sums
too); it reads the mapped arrays once, in zlib's compiled loop, so checking
costs one pass over memory at each load.

Folders are written whole under a hidden name, flushed to disk, renamed into
place and only then named in the database, so a crash (or a power cut)
mid-write leaves the previous snapshot in force; a reader holding an old
folder's arrays open is unaffected when it is deleted. A snapshot that cannot
be used raises ``UnusableSnapshot``, and the caller refits.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import sklearn
from scipy import sparse

from index.storage_errors import StoreError, storage_error
from index.tfidf import Fitted, Vocabulary

FORMAT = f"fitted-5/sklearn-{sklearn.__version__}"
_ARRAYS = ("data", "indices", "indptr", "row_data", "row_indices", "row_indptr", "ids", "idf", "terms")
_MAPPED = ("data", "indices", "row_data", "row_indices")
_META = "meta.json"
# Where snapshots before ``fitted-4`` kept their settings: recognised, never read.
_PICKLED_META = "meta.pickle"


# A fit being written lives in a folder with this prefix until it is complete.
_PARTIAL = ".partial-"
# A folder this old that is not in force was left by a process that crashed.
_ABANDONED_AFTER = 24 * 3600.0


class SnapshotError(StoreError):
    """The snapshot cannot be written (a file where its folder should be ...); a disk
    that is full or read-only is told as the ``DiskFault`` it is."""


class UnusableSnapshot(Exception):
    """The snapshot named cannot be used; the message says why, to follow its folder's
    name in the one warning the caller logs before it refits."""


def snapshot_root(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".index")


def save(fitted: Fitted, root: Path) -> str:
    """Write ``fitted`` to a new folder under ``root``; returns the folder's name."""
    name = uuid.uuid4().hex
    partial = root / f"{_PARTIAL}{name}"
    matrix = fitted.matrix
    arrays = {
        "data": matrix.data,
        "indices": matrix.indices,
        "indptr": matrix.indptr,
        "row_data": fitted.rows.data,
        "row_indices": fitted.rows.indices,
        "row_indptr": fitted.rows.indptr,
        "ids": fitted.ids,
        "idf": fitted.idf,
        "terms": fitted.vocabulary.terms,
    }
    contiguous = {key: np.ascontiguousarray(array) for key, array in arrays.items()}
    meta = {
        "format": FORMAT,
        "shape": list(matrix.shape),
        "mean_norm": fitted.mean_norm,
        "checksums": {key: _checksum(array) for key, array in contiguous.items()},
    }
    try:
        partial.mkdir(parents=True)
        for key, array in contiguous.items():
            with _durable(partial / f"{key}.npy") as handle:
                np.save(handle, array, allow_pickle=False)
        with _durable(partial / _META) as handle:
            handle.write(json.dumps(meta).encode())
        partial.rename(root / name)
        _sync_folder(root)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        message = f"cannot write the index snapshot in {root} ({exc.strerror or exc})"
        raise storage_error(message, exc, otherwise=SnapshotError) from exc
    return name


@contextmanager
def _durable(path: Path) -> Iterator[IO[bytes]]:
    """A file that is on disk, not only in the page cache, once the block ends."""
    with open(path, "wb") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` survive a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def load(root: Path, name: str) -> Fitted:
    """The snapshot in folder ``name``; raises ``UnusableSnapshot`` when it is missing,
    from another version or damaged.

    Every array is read once, for its checksum.
    """
    folder = root / name
    if not (folder / _META).is_file():
        earlier = (folder / _PICKLED_META).is_file()
        raise UnusableSnapshot("was written by an earlier version" if earlier else "is missing")
    try:
        return _load(folder)
    except _DAMAGE as exc:
        raise UnusableSnapshot(f"is damaged ({type(exc).__name__}: {exc})") from exc


# What reading a damaged array or settings file can raise; scipy raises
# ValueError for compressed arrays whose pointers do not fit their indices.
_DAMAGE = (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, OverflowError)


@dataclass(frozen=True, slots=True)
class _Meta:
    """A snapshot's settings, as ``meta.json`` holds them."""

    shape: tuple[int, int]
    mean_norm: float
    checksums: dict[str, int]

    @classmethod
    def read(cls, folder: Path) -> _Meta:
        """The settings, checked for their types: JSON gives whatever the file holds."""
        meta = json.loads((folder / _META).read_bytes())
        if not isinstance(meta, dict):
            raise ValueError(f"{_META} holds no snapshot settings")
        if meta.get("format") != FORMAT:
            raise UnusableSnapshot(f"is from another version ({meta.get('format')!r})")
        shape, mean_norm, checksums = meta["shape"], meta["mean_norm"], meta["checksums"]
        if not (isinstance(shape, list) and len(shape) == 2 and all(type(n) is int for n in shape)):
            raise ValueError(f"{_META} holds no shape")
        if type(mean_norm) not in (int, float):
            raise ValueError(f"{_META} holds no mean norm")
        if not (isinstance(checksums, dict) and all(type(checksums.get(key)) is int for key in _ARRAYS)):
            raise ValueError(f"{_META} holds no checksum for each array")
        return cls((shape[0], shape[1]), float(mean_norm), checksums)


def _load(folder: Path) -> Fitted:
    meta = _Meta.read(folder)
    # The matrix stays on disk until a question touches it; the small arrays
    # searched on every question are read into memory. Mapped arrays are
    # used as plain arrays: every slice of an ``np.memmap`` is another
    # memmap, whose bookkeeping costs more than reading a few postings.
    arrays = {
        key: np.load(folder / f"{key}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
        if key in _MAPPED
        else np.load(folder / f"{key}.npy", allow_pickle=False)
        for key in _ARRAYS
    }
    for key, array in arrays.items():
        if _checksum(array) != meta.checksums[key]:
            raise ValueError(f"{key}.npy does not match its checksum")
    _check_shape(meta.shape, arrays)
    matrix = sparse.csc_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=meta.shape, copy=False)
    rows = sparse.csr_matrix(
        (arrays["row_data"], arrays["row_indices"], arrays["row_indptr"]), shape=meta.shape, copy=False
    )
    return Fitted(Vocabulary(arrays["terms"]), arrays["idf"], matrix, rows, arrays["ids"], meta.mean_norm)


def _check_shape(shape: tuple[int, int], arrays: dict[str, np.ndarray]) -> None:
    """Check the arrays that scipy does not check against the matrix shape."""
    passages, width = shape
    if len(arrays["ids"]) != passages or not len(arrays["idf"]) == len(arrays["terms"]) == width:
        raise ValueError(f"its arrays do not match its shape {passages} x {width}")
    if arrays["ids"].dtype.kind != "i" or arrays["terms"].dtype.kind != "U":
        raise ValueError("its ids or terms have the wrong type")


def _checksum(array: np.ndarray) -> int:
    """CRC-32 of an array's type, shape and values: a header damaged into another
    valid one would read the same bytes as other values."""
    described = zlib.crc32(f"{array.dtype.str}{array.shape}".encode())
    # A copy only for a header damaged into a Fortran-ordered matrix; zlib reads C order.
    return zlib.crc32(np.ascontiguousarray(array).data, described)


def discard(root: Path, name: str) -> None:
    """Delete one snapshot folder: a fit that was not named, as a later one was first."""
    shutil.rmtree(root / name, ignore_errors=True)


def prune(root: Path, keep: str, replaced: str | None) -> None:
    """Delete the snapshot that naming ``keep`` replaced, and leftovers a day old.

    Any other snapshot may still be wanted: two fits run at once (two
    ``reindex``, a background refit and a bulk ingest) each write a folder and
    then name it, so the other folder may be named after ours, or be about to
    be. Only a folder replaced in the database can never be named again. A
    leftover (a crashed fit, or a snapshot replaced by a process that died
    before it pruned) is taken a day after it was written.
    """
    if root.is_dir():
        for folder in root.iterdir():
            if folder.name != keep and folder.is_dir() and (folder.name == replaced or _abandoned(folder)):
                shutil.rmtree(folder, ignore_errors=True)


def _abandoned(folder: Path) -> bool:
    try:
        return time.time() - folder.stat().st_mtime >= _ABANDONED_AFTER
    except OSError:
        return False

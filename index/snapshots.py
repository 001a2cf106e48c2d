"""Persist a fitted index beside the database, so a restart loads instead of refitting.

A snapshot is a folder of plain NumPy arrays, the vocabulary among them,
loaded memory-mapped, so a cold start touches only the pages a question needs. Folders are
written whole under a fresh name and only then named in the database, so a
crash mid-write leaves the previous snapshot in force; a reader holding an old
folder's arrays open is unaffected when it is deleted.
"""

from __future__ import annotations

import os
import pickle
import shutil
import uuid
from pathlib import Path

import numpy as np
import sklearn
from scipy import sparse

from index.tfidf import Fitted, Vocabulary

FORMAT = f"fitted-3/sklearn-{sklearn.__version__}"
_ARRAYS = ("data", "indices", "indptr", "row_data", "row_indices", "row_indptr", "ids", "idf", "terms")
_MAPPED = ("data", "indices", "row_data", "row_indices")


def snapshot_root(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".index")


def save(fitted: Fitted, root: Path) -> str:
    """Write ``fitted`` to a new folder under ``root``; returns the folder's name."""
    name = uuid.uuid4().hex
    folder = root / name
    folder.mkdir(parents=True)
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
    for key, array in arrays.items():
        np.save(folder / f"{key}.npy", np.ascontiguousarray(array))
    meta = {"format": FORMAT, "shape": matrix.shape, "mean_norm": fitted.mean_norm}
    with open(folder / "meta.pickle", "wb") as handle:
        pickle.dump(meta, handle, protocol=5)
        handle.flush()
        os.fsync(handle.fileno())
    return name


def load(root: Path, name: str) -> Fitted | None:
    """The snapshot, or None when it is missing, damaged or from another version."""
    folder = root / name
    try:
        with open(folder / "meta.pickle", "rb") as handle:
            meta = pickle.load(handle)
        if meta.get("format") != FORMAT:
            return None
        # The matrix stays on disk until a question touches it; the small arrays
        # searched on every question are read into memory.
        arrays = {key: np.load(folder / f"{key}.npy", mmap_mode="r" if key in _MAPPED else None) for key in _ARRAYS}
    except (OSError, EOFError, ValueError, KeyError, pickle.UnpicklingError):
        return None
    shape = meta["shape"]
    matrix = sparse.csc_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=shape, copy=False)
    rows = sparse.csr_matrix((arrays["row_data"], arrays["row_indices"], arrays["row_indptr"]), shape=shape, copy=False)
    return Fitted(Vocabulary(arrays["terms"]), arrays["idf"], matrix, rows, arrays["ids"], float(meta["mean_norm"]))


def prune(root: Path, keep: str) -> None:
    """Delete every snapshot folder but ``keep``."""
    if root.is_dir():
        for folder in root.iterdir():
            if folder.name != keep and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)

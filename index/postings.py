"""The scan at the heart of every search: sum a question's postings, keep the best k.

A question's terms touch tens of thousands of passages in a million-passage
archive. In NumPy the sum is a gather, an add and a scatter per term, then a
partition of everything touched: about a millisecond and a half, three times a
Rust search engine's whole query. Compiled with Numba the same loop is one pass
over the postings and a k-sized heap, and it releases the interpreter lock, so
a search in a worker thread never holds up the event loop that Slack and
Discord share. Compiled code is cached on disk, so only the first start pays
for compiling.
"""

from __future__ import annotations

import threading

import numba
import numpy as np


def top_postings(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    columns: np.ndarray,
    weights: np.ndarray,
    removed: np.ndarray,
    k: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows and scores of the ``k`` best rows of a CSC matrix for a weighted sum of
    its ``columns``, best first; rows marked ``removed`` and zero scores are left out."""
    if k <= 0 or len(columns) == 0:
        return np.zeros(0, np.int64), np.zeros(0)
    return _top_postings(
        indptr, indices, data, columns.astype(np.int64), weights.astype(np.float64), removed, _scratch(len(removed)), k
    )


@numba.njit(cache=True, nogil=True)
def _top_postings(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    columns: np.ndarray,
    weights: np.ndarray,
    removed: np.ndarray,
    scratch: np.ndarray,
    k: int,
) -> tuple[np.ndarray, np.ndarray]:
    # Compiled code does not check its bounds: a damaged snapshot must raise, not
    # write past the score vector. One comparison per posting costs little.
    total = 0
    for column in columns:
        if not 0 <= indptr[column] <= indptr[column + 1] <= len(indices):
            raise ValueError("the index's postings are damaged")
        total += indptr[column + 1] - indptr[column]
    touched = np.empty(total, np.int64)
    count = 0
    for at in range(len(columns)):
        column, weight = columns[at], weights[at]
        for posting in range(indptr[column], indptr[column + 1]):
            row = indices[posting]
            if not 0 <= row < len(removed):
                raise ValueError("the index's postings are damaged")
            if scratch[row] == 0.0:
                touched[count] = row
                count += 1
            scratch[row] += data[posting] * weight
    # A min-heap of the best k seen so far: its root is the score to beat.
    heap_scores = np.empty(k)
    heap_rows = np.empty(k, np.int64)
    size = 0
    for at in range(count):
        row = touched[at]
        score = scratch[row]
        scratch[row] = 0.0
        if removed[row] or score <= 0.0:
            continue
        if size < k:
            position = size
            size += 1
            while position > 0:
                parent = (position - 1) // 2
                if heap_scores[parent] <= score:
                    break
                heap_scores[position], heap_rows[position] = heap_scores[parent], heap_rows[parent]
                position = parent
            heap_scores[position], heap_rows[position] = score, row
        elif score > heap_scores[0]:
            position = 0
            while True:
                child = 2 * position + 1
                if child >= k:
                    break
                if child + 1 < k and heap_scores[child + 1] < heap_scores[child]:
                    child += 1
                if heap_scores[child] >= score:
                    break
                heap_scores[position], heap_rows[position] = heap_scores[child], heap_rows[child]
                position = child
            heap_scores[position], heap_rows[position] = score, row
    order = np.argsort(-heap_scores[:size], kind="mergesort")
    return heap_rows[:size][order], heap_scores[:size][order]


_SCRATCH = threading.local()


def _scratch(size: int) -> np.ndarray:
    """A zeroed score vector for this thread, reused across questions: the scan
    zeroes what it touched, so a million-long vector is never allocated or
    cleared per question."""
    vector = getattr(_SCRATCH, "vector", None)
    if vector is None or len(vector) < size:
        vector = _SCRATCH.vector = np.zeros(size)
    return vector

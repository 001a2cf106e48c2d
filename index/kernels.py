"""The index's two hot loops, compiled: the postings scan and the hits' cosines.

The scan is the heart of every search: sum a question's postings, keep the
best k. A question's terms touch tens of thousands of passages in a million-passage
archive. In NumPy the sum is a gather, an add and a scatter per term, then a
partition of everything touched, each a pass of its own over memory. Compiled
with Numba the same loop is one pass over the postings and a k-sized heap, it
stops reading the common words' postings once the top k is settled, and it
releases the interpreter lock, so a search in a worker thread never holds up the
event loop that Slack and Discord share. The cosines between a question's few
dozen hits, which claim grouping needs, are a few thousand multiplications:
NumPy's set-up for them cost more than the arithmetic. Compiled code is cached
on disk, so only the first start pays for compiling: where Numba keeps it, or
beside the database (``index.compiled_code`` says why and when).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numba
import numpy as np

from index.compiled_code import cache_beside, cache_where_numba_can


def top_postings(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    columns: np.ndarray,
    weights: np.ndarray,
    column_max: np.ndarray,
    removed: np.ndarray,
    k: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows and scores of the ``k`` best rows of a CSC matrix (rows sorted within each
    column) for a weighted sum of its ``columns``, best first; rows marked ``removed``
    and zero scores are left out. ``column_max`` holds each column's largest value."""
    if k <= 0 or len(columns) == 0:
        return np.zeros(0, np.int64), np.zeros(0)
    weights = weights.astype(np.float64)
    bounds = weights * column_max[columns]
    order = np.argsort(-bounds, kind="stable")
    return _top_postings(
        indptr,
        indices,
        data,
        columns.astype(np.int64)[order],
        weights[order],
        bounds[order],
        removed,
        _scratch(_SCORES, len(removed)),
        k,
    )


def column_maxima(indptr: np.ndarray, data: np.ndarray) -> np.ndarray:
    """Each column's largest value in a CSC matrix (0 for an empty column)."""
    return _column_maxima(indptr, data)


def row_cosines(
    fitted: tuple[np.ndarray, np.ndarray, np.ndarray],
    fitted_rows: np.ndarray,
    delta: tuple[np.ndarray, np.ndarray, np.ndarray],
    delta_rows: np.ndarray,
    width: int,
) -> np.ndarray:
    """Cosine similarity between rows of two CSR matrices (``indptr, indices, data``):
    entry i is row ``fitted_rows[i]`` of ``fitted``, else row ``delta_rows[i]`` of
    ``delta`` (-1 where a row is not in that part); a row in neither is all zero."""
    return _row_cosines(*fitted, fitted_rows, *delta, delta_rows, _scratch(_COLUMNS, width, np.int64), width)


def row_sums(
    fitted: tuple[np.ndarray, np.ndarray, np.ndarray],
    fitted_rows: np.ndarray,
    delta: tuple[np.ndarray, np.ndarray, np.ndarray],
    delta_rows: np.ndarray,
    columns: np.ndarray,
    weights: np.ndarray,
    width: int,
    *,
    weighted: bool,
) -> np.ndarray:
    """For each row (as in ``row_cosines``), the sum over the ``columns`` it holds of
    their ``weights``, times the row's own values when ``weighted`` (its score) or
    not (the share of the question it covers): one walk over each row's few entries."""
    slots = _scratch(_WEIGHTS, width)
    return _row_sums(*fitted, fitted_rows, *delta, delta_rows, columns, weights, slots, width, weighted)


def rows_holding(indptr: np.ndarray, indices: np.ndarray, columns: np.ndarray, removed: np.ndarray) -> np.ndarray:
    """The rows of a CSC matrix (rows sorted within each column) that hold every one
    of ``columns``, not ``removed``, in row order."""
    if len(columns) == 0:
        return np.zeros(0, np.int64)
    lengths = indptr[columns + 1] - indptr[columns]
    return _rows_holding(indptr, indices, columns.astype(np.int64)[np.argsort(lengths, kind="stable")], removed)


@numba.njit(nogil=True)
def _row_sums(
    f_indptr: np.ndarray,
    f_indices: np.ndarray,
    f_data: np.ndarray,
    f_rows: np.ndarray,
    d_indptr: np.ndarray,
    d_indices: np.ndarray,
    d_data: np.ndarray,
    d_rows: np.ndarray,
    columns: np.ndarray,
    weights: np.ndarray,
    slots: np.ndarray,
    width: int,
    weighted: bool,
) -> np.ndarray:
    for c in range(len(columns)):
        slots[columns[c]] += weights[c]
    held = np.zeros(len(f_rows))
    for i in range(len(f_rows)):
        if f_rows[i] >= 0:
            indptr, indices, data, row = f_indptr, f_indices, f_data, f_rows[i]
        elif d_rows[i] >= 0:
            indptr, indices, data, row = d_indptr, d_indices, d_data, d_rows[i]
        else:
            continue
        _row_length(indptr, len(indices), row)
        for entry in range(indptr[row], indptr[row + 1]):
            if not 0 <= indices[entry] < width:
                raise ValueError("the index's rows are damaged")
            held[i] += slots[indices[entry]] * (data[entry] if weighted else 1.0)
    for c in range(len(columns)):
        slots[columns[c]] = 0.0
    return held


@numba.njit(nogil=True)
def _rows_holding(indptr: np.ndarray, indices: np.ndarray, columns: np.ndarray, removed: np.ndarray) -> np.ndarray:
    # Rarest column first: each of its rows is looked up in the others by binary
    # search, so the cost follows the rarest word, not the common ones.
    for column in columns:
        if not 0 <= indptr[column] <= indptr[column + 1] <= len(indices):
            raise ValueError("the index's postings are damaged")
    first = columns[0]
    found = np.empty(indptr[first + 1] - indptr[first], np.int64)
    count = 0
    for posting in range(indptr[first], indptr[first + 1]):
        row = indices[posting]
        if not 0 <= row < len(removed):
            raise ValueError("the index's postings are damaged")
        if removed[row]:
            continue
        held = True
        for column in columns[1:]:
            start, end = indptr[column], indptr[column + 1]
            place = start + np.searchsorted(indices[start:end], row)
            if place == end or indices[place] != row:
                held = False
                break
        if held:
            found[count] = row
            count += 1
    return found[:count]


@numba.njit(nogil=True)
def _top_postings(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    columns: np.ndarray,
    weights: np.ndarray,
    bounds: np.ndarray,
    removed: np.ndarray,
    scores: np.ndarray,
    k: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The best ``k`` rows for the weighted sum of ``columns`` (the question's terms), which
    come most valuable first: ``bounds[term]`` is the most that term can add to any row.

    It is the "max score" pruning of Turtle and Flood. Phase 1 reads the terms whole; once
    k rows already score what the terms not yet read could add at most, no row still
    untouched can enter the top k, and phase 2 adds the remaining terms only to the rows
    that can still make it. The state, after phase 1 stopped at ``terms_read`` = 2::

        terms (columns) by bound:   t0     t1   |   t2     t3     t4
                                    read whole  |   added to the candidates only
        bound_left    = bounds[t2] + bounds[t3] + bounds[t4]: the most any row can still gain
        postings_left = the postings of t2, t3 and t4: what phase 1 would still read
        scores[row]   = the row's sum over the terms read so far; 0 for a row untouched,
                        or dropped as unable to reach the top k (``scores`` comes zeroed
                        and is zeroed again on return: it is as long as the archive)
        touched[:touched_count]  = the rows phase 1 gave a score, in the order met
        candidates[:still_count] = in phase 2, the rows that bound_left could still lift into the top k
        heap_scores, heap_rows   = the best k so far, a min-heap: heap_scores[0] is the score to beat
    """
    # Compiled code does not check its bounds: a damaged snapshot must raise, not
    # write past the score vector. One comparison per posting costs little.
    total = 0
    for column in columns:
        if not 0 <= indptr[column] <= indptr[column + 1] <= len(indices):
            raise ValueError("the index's postings are damaged")
        total += indptr[column + 1] - indptr[column]
    touched = np.empty(total, np.int64)
    touched_count = 0
    heap_scores = np.empty(k)
    heap_rows = np.empty(k, np.int64)
    bound_left = bounds.sum()
    postings_left = total
    best_score = 0.0
    terms_read = len(columns)
    for term in range(len(columns)):
        bound_left -= bounds[term]
        postings_left -= indptr[columns[term] + 1] - indptr[columns[term]]
        weight = weights[term]
        for posting in range(indptr[columns[term]], indptr[columns[term] + 1]):
            row = indices[posting]
            if not 0 <= row < len(removed):
                raise ValueError("the index's postings are damaged")
            if scores[row] == 0.0:
                touched[touched_count] = row
                touched_count += 1
            scores[row] += data[posting] * weight
            best_score = max(best_score, scores[row])
        # Checking costs a pass over the rows touched; it is only worth it while the
        # postings it could spare are more, and while some row could already pass.
        if (
            postings_left > touched_count
            and best_score >= bound_left
            and _at_least(scores, touched, touched_count, removed, bound_left, k)
        ):
            _best(scores, touched, touched_count, removed, heap_scores, heap_rows)
            terms_read = term + 1
            break
    if terms_read == len(columns):
        size = _best(scores, touched, touched_count, removed, heap_scores, heap_rows)
    else:
        candidates, still_count = touched[:touched_count].copy(), touched_count
        for term in range(terms_read, len(columns)):
            still_count = _still_possible(scores, candidates, still_count, removed, heap_scores[0], bound_left)
            # The term is read whole, adding only to candidates (the only rows still
            # above zero), or looked up per candidate, whichever reads less.
            start, end = indptr[columns[term]], indptr[columns[term] + 1]
            if still_count * (np.log2(end - start + 1) + 1) < end - start:
                for candidate in candidates[:still_count]:
                    place = start + np.searchsorted(indices[start:end], candidate)
                    if place < end and indices[place] == candidate:
                        scores[candidate] += data[place] * weights[term]
            else:
                for posting in range(start, end):
                    row = indices[posting]
                    if not 0 <= row < len(removed):
                        raise ValueError("the index's postings are damaged")
                    if scores[row] > 0.0:
                        scores[row] += data[posting] * weights[term]
            bound_left -= bounds[term]
            size = _best(scores, candidates, still_count, removed, heap_scores, heap_rows)
    for at in range(touched_count):
        scores[touched[at]] = 0.0
    order = np.argsort(-heap_scores[:size], kind="mergesort")
    return heap_rows[:size][order], heap_scores[:size][order]


@numba.njit(nogil=True)
def _best(
    scratch: np.ndarray,
    rows: np.ndarray,
    count: int,
    removed: np.ndarray,
    heap_scores: np.ndarray,
    heap_rows: np.ndarray,
) -> int:
    """Fill a min-heap with the best of ``rows[:count]`` by score; returns its size.
    The root, ``heap_scores[0]``, is then the k-th best score: the one to beat."""
    k = len(heap_scores)
    size = 0
    for at in range(count):
        row = rows[at]
        score = scratch[row]
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
    return size


@numba.njit(nogil=True)
def _at_least(scratch: np.ndarray, rows: np.ndarray, count: int, removed: np.ndarray, score: float, k: int) -> bool:
    """Whether ``k`` of ``rows[:count]`` already score ``score`` or more."""
    found = 0
    for at in range(count):
        row = rows[at]
        if scratch[row] >= score and not removed[row]:
            found += 1
            if found == k:
                return True
    return False


@numba.njit(nogil=True)
def _still_possible(
    scratch: np.ndarray, rows: np.ndarray, count: int, removed: np.ndarray, to_beat: float, bound_left: float
) -> int:
    """Keep (at the front of ``rows``) the rows that the terms not yet read, which can add
    ``bound_left`` at most, could still lift to ``to_beat``; the others are zeroed out of
    ``scratch``. Returns how many."""
    kept = 0
    for at in range(count):
        row = rows[at]
        if not removed[row] and scratch[row] + bound_left >= to_beat:
            rows[kept] = row
            kept += 1
        else:
            scratch[row] = 0.0
    return kept


@numba.njit(nogil=True)
def _column_maxima(indptr: np.ndarray, data: np.ndarray) -> np.ndarray:
    found = np.zeros(len(indptr) - 1)
    for column in range(len(indptr) - 1):
        if not 0 <= indptr[column] <= indptr[column + 1] <= len(data):
            raise ValueError("the index's postings are damaged")
        for at in range(indptr[column], indptr[column + 1]):
            found[column] = max(found[column], data[at])
    return found


@numba.njit(nogil=True)
def _row_cosines(
    f_indptr: np.ndarray,
    f_indices: np.ndarray,
    f_data: np.ndarray,
    f_rows: np.ndarray,
    d_indptr: np.ndarray,
    d_indices: np.ndarray,
    d_data: np.ndarray,
    d_rows: np.ndarray,
    column_bucket: np.ndarray,
    width: int,
) -> np.ndarray:
    """The cosines between the rows picked (as in ``row_cosines``). The rows' entries are
    gathered and bucketed by column, so each product is made between the few entries
    that share a column, all close together in memory; reading every row against a
    vocabulary-wide vector missed the cache at every entry. For three rows::

        rows picked:      0 = {c7: .5, c2: .1}    1 = {c2: .3}    2 = {c9: .4, c7: .2}
        entries gathered  e0     e1     e2     e3     e4
          entry_row       0      0      1      2      2
          entry_column    c7     c2     c2     c9     c7
          entry_value     .5     .1     .3     .4     .2
        buckets, numbered as their column is first met: c7 -> 0, c2 -> 1, c9 -> 2
          bucket_of       0      1      1      2      0
          column_bucket[c7] = 1, [c2] = 2, [c9] = 3 while bucketing (bucket + 1; 0: not met yet,
                          and 0 again on return: it is as long as the vocabulary)
        by_bucket    = e0 e4 | e1 e2 | e3     (a counting sort of the entries by bucket)
        bucket_start = 0     2       4   5    (bucket b is by_bucket[bucket_start[b]:bucket_start[b + 1]])
        dots[i, j]   = the sum of entry_value products over the pairs of entries of rows i
                       and j in one bucket, then divided by the rows' norms
    """
    row_count = len(f_rows)
    entry_count = 0
    for i in range(row_count):
        if f_rows[i] >= 0:
            entry_count += _row_length(f_indptr, len(f_indices), f_rows[i])
        elif d_rows[i] >= 0:
            entry_count += _row_length(d_indptr, len(d_indices), d_rows[i])
    entry_row = np.empty(entry_count, np.int64)
    entry_column = np.empty(entry_count, np.int64)
    entry_value = np.empty(entry_count)
    at = 0
    for i in range(row_count):
        if f_rows[i] >= 0:
            at = _gather(f_indptr, f_indices, f_data, f_rows[i], i, entry_row, entry_column, entry_value, at, width)
        elif d_rows[i] >= 0:
            at = _gather(d_indptr, d_indices, d_data, d_rows[i], i, entry_row, entry_column, entry_value, at, width)
    bucket_count = 0
    bucket_of = np.empty(entry_count, np.int64)
    for entry in range(entry_count):
        if column_bucket[entry_column[entry]] == 0:
            bucket_count += 1
            column_bucket[entry_column[entry]] = bucket_count
        bucket_of[entry] = column_bucket[entry_column[entry]] - 1
    for entry in range(entry_count):
        column_bucket[entry_column[entry]] = 0
    bucket_start = np.zeros(bucket_count + 1, np.int64)
    for entry in range(entry_count):
        bucket_start[bucket_of[entry] + 1] += 1
    bucket_start = np.cumsum(bucket_start)
    next_place = bucket_start[:-1].copy()
    by_bucket = np.empty(entry_count, np.int64)
    for entry in range(entry_count):
        by_bucket[next_place[bucket_of[entry]]] = entry
        next_place[bucket_of[entry]] += 1
    dots = np.zeros((row_count, row_count))
    for bucket in range(bucket_count):
        for a in range(bucket_start[bucket], bucket_start[bucket + 1]):
            for b in range(a, bucket_start[bucket + 1]):
                i, j = entry_row[by_bucket[a]], entry_row[by_bucket[b]]
                product = entry_value[by_bucket[a]] * entry_value[by_bucket[b]]
                dots[i, j] += product
                if i != j:
                    dots[j, i] += product
    norms = np.sqrt(np.diag(dots).copy())
    for i in range(row_count):
        for j in range(row_count):
            if norms[i] > 0.0 and norms[j] > 0.0:
                dots[i, j] /= norms[i] * norms[j]
    return dots


@numba.njit(nogil=True)
def _row_length(indptr: np.ndarray, entries: int, row: int) -> int:
    if not (row < len(indptr) - 1 and 0 <= indptr[row] <= indptr[row + 1] <= entries):
        raise ValueError("the index's rows are damaged")
    return int(indptr[row + 1] - indptr[row])


@numba.njit(nogil=True)
def _gather(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    row: int,
    owner: int,
    owners: np.ndarray,
    columns: np.ndarray,
    values: np.ndarray,
    at: int,
    width: int,
) -> int:
    """Append a row's entries from ``at`` on; returns where the next row starts."""
    for entry in range(indptr[row], indptr[row + 1]):
        if not 0 <= indices[entry] < width:
            raise ValueError("the index's rows are damaged")
        owners[at], columns[at], values[at] = owner, indices[entry], data[entry]
        at += 1
    return at


# The kernels Python calls; the helpers they call are compiled into them.
_ENTRY_POINTS = (_top_postings, _column_maxima, _row_cosines, _row_sums, _rows_holding)
cache_where_numba_can(_ENTRY_POINTS)


def keep_compiled_code(db_path: Path) -> None:
    """Cache the compiled kernels beside the database at ``db_path`` when Numba's own
    places are not writable (a service user with no home, a read-only install)."""
    cache_beside(_ENTRY_POINTS, db_path)


_SCORES, _COLUMNS, _WEIGHTS = threading.local(), threading.local(), threading.local()


def _scratch(slot: threading.local, size: int, dtype: type = np.float64) -> np.ndarray:
    """A zeroed vector for this thread, reused across questions: each kernel zeroes
    what it wrote, so no vector as long as the archive or the vocabulary is
    allocated or cleared per question."""
    vector: np.ndarray | None = getattr(slot, "vector", None)
    if vector is None or len(vector) < size:
        vector = slot.vector = np.zeros(size, dtype)
    return vector

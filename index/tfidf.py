"""The TF-IDF passage index: fitted with scikit-learn, searched from postings,
and kept current between fits by a small delta.

Scoring. A passage's score is its TF-IDF vector (sublinear term frequency)
times the question's unit vector, divided by a *pivoted* length norm (Singhal,
Buckley and Mitra, 1996): plain cosine rewards the shortest sentences over the
ones that carry the quote, speaker and date. The pivoted norm is
``(1 - PIVOT_SLOPE) * mean_norm + PIVOT_SLOPE * norm``, applied once when a row
is built. Scores come from the columns of the question's terms only (a CSC
matrix is a postings list): the same numbers as the full product, touching a
small fraction of the matrix.

Growth. Refitting a million passages takes tens of seconds, so an index is a
fitted *main* part plus a *delta*: passages added since the fit are vectorised
with the main part's vocabulary and IDF at once, words the fit never saw get
columns of their own (with an IDF from their count so far), and removed
passages are masked. The trade-off is drift: IDF and the length pivot stay as
they were at the fit until the next one, which the owner runs in the
background once the delta has grown (``index.refit``). Every change returns a
new index, so a reader never sees one half-built.
"""

from __future__ import annotations

import math
import mmap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from index.kernels import column_maxima, row_cosines, row_sums, rows_holding, top_postings
from index.terms import analyze, question_terms
from index.tuning import IndexTuning

PIVOT_SLOPE = 0.3
_Rows = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage found, with its score. ``row`` is where the index holds its
    vector (fitted rows first, then the delta's), so comparing hits does not
    look their ids up again: a binary search over a million ids is a cache miss
    per step."""

    passage_id: int
    score: float
    row: int = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Query:
    """A question's terms as one index weighs them (sublinear TF times IDF, raw, not
    normalised): worked out once for the search, the coverage and the scores of
    the same question."""

    columns: np.ndarray
    weights: np.ndarray

    def heaviest(self, share: float) -> Query:
        """The fewest heaviest terms carrying more than ``share`` of the weight: a
        passage holding at least the rest's share holds one of them, and their
        postings are the rare words', short to walk."""
        order = np.argsort(-self.weights, kind="stable")
        carried = np.cumsum(self.weights[order])
        count = int(np.searchsorted(carried, share * carried[-1], side="right")) + 1 if len(order) else 0
        kept = order[: min(count, len(order))]
        return Query(self.columns[kept], self.weights[kept])


@dataclass(frozen=True, slots=True)
class Ranking:
    """The best passages for a query, best first, and the best score before they
    were rescored by how much of the query each holds: that score says whether the
    archive holds the question's words at all, the order which passage answers it."""

    hits: list[Hit]
    best: float


@dataclass(frozen=True, slots=True)
class Within:
    """The rows a filtered search may return, worked out once per index and filter:
    ``fitted_out`` marks the fit's rows left out (removed ones among them),
    ``delta_in`` the delta's rows kept."""

    fitted_out: np.ndarray
    delta_in: np.ndarray

    def allows(self, row: int) -> bool:
        fitted = len(self.fitted_out)
        return not self.fitted_out[row] if row < fitted else bool(self.delta_in[row - fitted])

    def __len__(self) -> int:
        return int(len(self.fitted_out) - self.fitted_out.sum() + self.delta_in.sum())


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The fit's terms in column order, which is sorted order (scikit-learn numbers
    its features alphabetically), found by binary search. A snapshot then loads
    them as one array, ready at once. A serving process also builds a dictionary
    of them as it warms up (``warm``): a binary search over strings misses the
    cache at every step, where a dictionary lookup takes one."""

    terms: np.ndarray
    _by_term: dict[str, int] | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.terms)

    def columns(self, terms: Iterable[str]) -> dict[str, int]:
        """Column of each of ``terms`` that the fit knows, looked up all at once."""
        wanted = list(dict.fromkeys(terms))
        by_term = self._by_term
        if by_term is not None:
            return {term: by_term[term] for term in wanted if term in by_term}
        if not wanted or len(self.terms) == 0:
            return {}
        # The query keeps its own string width: cast to the vocabulary's, a longer
        # word would be cut short and could match a different term.
        query = np.asarray(wanted)
        found = np.searchsorted(self.terms, query)
        inside = found < len(self.terms)
        matches = inside & (np.asarray(self.terms[np.where(inside, found, 0)]) == query)
        return {term: int(at) for term, at, hit in zip(wanted, found.tolist(), matches.tolist(), strict=True) if hit}

    def starting(self, prefix: str) -> list[str]:
        """The terms that begin with ``prefix``: a contiguous run of the sorted terms."""
        if not prefix or len(self.terms) == 0:
            return []
        first, last = np.searchsorted(self.terms, [prefix, prefix + "\U0010ffff"]).tolist()
        terms: list[str] = self.terms[first:last].tolist()
        return terms

    def warm(self, tuning: IndexTuning) -> None:
        """Build the dictionary, a slice at a time: one call over a million terms would
        hold the interpreter lock, and the event loop with it, for the whole build."""
        by_term: dict[str, int] = {}
        step = tuning.warm_slice
        for start in range(0, len(self.terms), step):
            terms = self.terms[start : start + step].tolist()
            by_term.update(zip(terms, range(start, start + len(terms)), strict=True))
        # Swapped in whole: a reader sees no dictionary or all of it, never part.
        object.__setattr__(self, "_by_term", by_term)


@dataclass(frozen=True, slots=True)
class Fitted:
    """What a fit produces, and what is persisted: vocabulary, IDF, pivoted rows.

    The rows are kept twice: by column (``matrix``, the postings a question
    reads) and by row (``rows``, the vectors claim grouping compares), so
    neither use converts the other's layout on a question's path.
    """

    vocabulary: Vocabulary
    idf: np.ndarray
    matrix: sparse.csc_matrix
    rows: sparse.csr_matrix
    ids: np.ndarray
    mean_norm: float

    def warm(self, tuning: IndexTuning) -> None:
        """Read one byte of every page of the matrices, which a snapshot maps from disk,
        so that no question waits for the disk or for the pages to be mapped."""
        for array in (self.matrix.data, self.matrix.indices, self.rows.data, self.rows.indices):
            array.view(np.uint8)[:: mmap.PAGESIZE].max(initial=0)
        self.vocabulary.warm(tuning)

    @classmethod
    def fit(cls, texts: Sequence[str], ids: Sequence[int]) -> Fitted:
        if not texts:
            return cls._wordless(ids)
        vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, norm=None, dtype=np.float32)
        try:
            raw = vectorizer.fit_transform(texts).tocsr()
        except ValueError as exc:
            # Passages of stop words only (an archive of one "It was what it was."):
            # scikit-learn refuses to fit them, but they are stored and must not stop
            # every later fit, so they are indexed with no words and never found.
            if "empty vocabulary" not in str(exc):
                raise
            return cls._wordless(ids)
        norms = np.sqrt(np.asarray(raw.multiply(raw).sum(axis=1)).ravel())
        mean_norm = float(norms.mean()) or 1.0
        rows = (sparse.diags(1.0 / _pivot(norms, mean_norm)).astype(np.float32) @ raw).tocsr()
        vocabulary = Vocabulary(vectorizer.get_feature_names_out().astype(str))
        idf = vectorizer.idf_.astype(np.float32)
        matrix = rows.tocsc()
        # The search looks passages up in a column by binary search.
        matrix.sort_indices()
        return cls(vocabulary, idf, matrix, rows, np.asarray(ids, np.int64), mean_norm)

    @classmethod
    def _wordless(cls, ids: Sequence[int]) -> Fitted:
        """A fit whose passages hold no searchable word (or that has no passages)."""
        empty = sparse.csr_matrix((len(ids), 0), dtype=np.float32)
        vocabulary = Vocabulary(np.zeros(0, "U1"))
        return cls(vocabulary, np.zeros(0, np.float32), empty.tocsc(), empty, np.asarray(ids, np.int64), 1.0)


@dataclass(frozen=True, slots=True)
class PassageIndex:
    """An immutable index: the fitted part, the delta since, and the removed passages."""

    fitted: Fitted
    delta: sparse.csr_matrix
    delta_columns: sparse.csc_matrix
    """The delta again, by column: slicing the query's columns out of rows reads the
    whole delta, which grows with every article added since the fit."""
    delta_ids: np.ndarray
    extra_terms: dict[str, int]
    extra_df: np.ndarray
    removed: np.ndarray
    column_max: np.ndarray
    """Each fitted column's largest weight: what a term can add to a score at most."""

    @classmethod
    def from_fitted(cls, fitted: Fitted) -> PassageIndex:
        width = len(fitted.vocabulary)
        return cls(
            fitted,
            sparse.csr_matrix((0, width), dtype=np.float32),
            sparse.csc_matrix((0, width), dtype=np.float32),
            np.zeros(0, np.int64),
            {},
            np.zeros(0, np.int64),
            np.zeros(len(fitted.ids), bool),
            column_maxima(fitted.matrix.indptr, fitted.matrix.data),
        )

    @classmethod
    def fit(cls, texts: Sequence[str], ids: Sequence[int]) -> PassageIndex:
        return cls.from_fitted(Fitted.fit(texts, ids))

    def __len__(self) -> int:
        return len(self.fitted.ids) - int(self.removed.sum()) + len(self.delta_ids)

    @property
    def changes(self) -> int:
        """Passages added or removed since the fit: how far the index has drifted from it."""
        return len(self.delta_ids) + int(self.removed.sum())

    def postings(self, terms: Sequence[str], related: Sequence[str] = ()) -> int:
        """How many postings a search for ``terms`` (and ``related``; analysed terms) reads
        at most: what the search costs, known before it runs."""
        found = self._columns([*terms, *related], self.extra_terms, self.extra_df)
        columns = [column for column, _ in found.values()]
        # The fit's columns end where the delta's own begin; the delta holds both.
        total = _column_lengths(self.fitted.matrix.indptr, columns)
        if len(self.delta_ids):
            total += _column_lengths(self.delta_columns.indptr, columns)
        return total

    def known(self, terms: Iterable[str]) -> set[str]:
        """Those of ``terms`` (analysed terms) that some indexed passage contains, looked up at once."""
        terms = list(terms)
        return {t for t in terms if t in self.extra_terms} | set(self.fitted.vocabulary.columns(terms))

    def starting(self, prefix: str) -> list[str]:
        """The terms some indexed passage may hold that begin with ``prefix``."""
        return self.fitted.vocabulary.starting(prefix) + [t for t in self.extra_terms if t.startswith(prefix)]

    def with_changes(self, added: Sequence[tuple[int, str]], removed: Iterable[int]) -> PassageIndex:
        """A new index with ``added`` (id, text) passages and without the ``removed`` ids."""
        gone = set(removed)
        mask = self.removed
        if gone:
            mask = mask | np.isin(self.fitted.ids, np.fromiter(gone, np.int64))
        keep = ~np.isin(self.delta_ids, np.fromiter(gone, np.int64)) if gone else np.ones(len(self.delta_ids), bool)
        extra_terms, extra_df = dict(self.extra_terms), self.extra_df.copy()
        rows = [analyze(text) for _, text in added]
        width = len(self.fitted.vocabulary)
        known = self.fitted.vocabulary.columns(t for terms in rows for t in terms)
        for term in {t for terms in rows for t in terms if t not in known}:
            extra_terms.setdefault(term, width + len(extra_terms))
        extra_df = np.concatenate([extra_df, np.zeros(len(extra_terms) - len(extra_df), np.int64)])
        for terms in rows:
            for term in set(terms):
                if term in extra_terms:
                    extra_df[extra_terms[term] - width] += 1
        new_rows = self._rows(rows, extra_terms, extra_df)
        old = self.delta[keep]
        old.resize((old.shape[0], width + len(extra_terms)))
        delta = sparse.vstack([old, new_rows], format="csr", dtype=np.float32)
        delta_ids = np.concatenate([self.delta_ids[keep], np.asarray([pid for pid, _ in added], np.int64)])
        return replace(
            self,
            delta=delta,
            delta_columns=delta.tocsc(),
            delta_ids=delta_ids,
            extra_terms=extra_terms,
            extra_df=extra_df,
            removed=mask,
        )

    def query(self, terms: Sequence[str], *, related: Sequence[str] = (), related_weight: float = 0.5) -> Query:
        """A question's analysed ``terms`` weighed by this index (a question is analysed
        once, as it is read). ``related`` are analysed terms (synonyms the caller chose)
        searched too, each weighted ``related_weight`` times its IDF, below the asker's own words."""
        weights = self._query(list(terms), related, related_weight)
        count = len(weights)
        return Query(np.fromiter(weights, np.int64, count), np.fromiter(weights.values(), np.float64, count))

    def search(self, question: str, k: int, *, related: Sequence[str] = (), related_weight: float = 0.5) -> list[Hit]:
        """The ``k`` best passages for ``question``, best first; zero scores are left out."""
        return self.top(self.query(question_terms(question), related=related, related_weight=related_weight), k)

    def within(self, ids: np.ndarray) -> Within:
        """The rows of the passages ``ids`` (a filter's), for ``top`` and ``holding`` to keep to."""
        return Within(self.removed | ~np.isin(self.fitted.ids, ids), np.isin(self.delta_ids, ids))

    def top(self, query: Query, k: int, *, within: Within | None = None) -> list[Hit]:
        """The ``k`` best passages for ``query``, best first; zero scores are left out,
        and rows ``within`` leaves out: a filtered search still fills ``k``."""
        if not len(query.columns):
            return []
        values = query.weights / np.linalg.norm(query.weights)
        hits = self._search_fitted(query.columns, values, k, within) + self._search_delta(
            query.columns, values, k, within
        )
        hits.sort(key=lambda hit: -hit.score)
        return hits[:k]

    def rank(self, query: Query, k: int, *, coordination: float, within: Within | None = None) -> Ranking:
        """The ``k`` best passages for ``query`` (as ``top`` finds them), rescored as
        ``coordinated`` does: a question's search in one call."""
        hits = self.top(query, k, within=within)
        return Ranking(self.coordinated(query, hits, coordination), hits[0].score if hits else 0.0)

    def coordinated(self, query: Query, hits: Sequence[Hit], coordination: float) -> list[Hit]:
        """``hits`` with each score multiplied by the share of the query's term weight
        its passage holds to the power ``coordination`` (Lucene's classic coordination
        factor), best first: one strong word must not beat a passage holding them all."""
        shares = self.coverage(query, hits)
        scored = [
            Hit(hit.passage_id, hit.score * share**coordination, hit.row)
            for hit, share in zip(hits, shares, strict=True)
        ]
        return sorted(scored, key=lambda hit: -hit.score)

    def coverage(self, query: Query, hits: Sequence[Hit]) -> list[float]:
        """For each of ``hits``, the share of the query's term weight its passage holds
        (Lucene's classic coordination factor, weighted by IDF)."""
        total = float(query.weights.sum())
        if not total:
            return [0.0] * len(hits)
        shares: list[float] = (self._row_sums(query, hits, weighted=False) / total).tolist()
        return shares

    def holding(
        self, terms: Sequence[str], query: Query, *, most: int, within: Within | None = None
    ) -> list[Hit] | None:
        """The passages holding every one of ``terms`` (analysed terms), best first by
        ``query``, or None when the rarest of them is in more than ``most`` passages;
        only rows ``within`` allows."""
        found = self._columns(terms, self.extra_terms, self.extra_df)
        if len(found) < len(set(terms)):
            return []
        columns = np.fromiter((column for column, _ in found.values()), np.int64, len(found))
        fitted, delta = self.fitted, self.delta_columns
        if self._rarest(columns) > most:
            return None
        rows = np.zeros(0, np.int64)
        fitted_out = self.removed if within is None else within.fitted_out
        delta_out = np.zeros(len(self.delta_ids), bool) if within is None else ~within.delta_in
        if (columns < len(fitted.vocabulary)).all():
            rows = rows_holding(fitted.matrix.indptr, fitted.matrix.indices, columns, fitted_out)
        delta_rows = rows_holding(delta.indptr, delta.indices, columns, delta_out)
        held = [
            Hit(pid, 0.0, row)
            for pid, row in zip(
                [*fitted.ids[rows].tolist(), *self.delta_ids[delta_rows].tolist()],
                [*rows.tolist(), *(delta_rows + len(fitted.ids)).tolist()],
                strict=True,
            )
        ]
        return self.scored(query, held)

    def scored(self, query: Query, hits: Sequence[Hit]) -> list[Hit]:
        """``hits`` scored by ``query`` as ``top`` scores, best first: passages found
        by what they hold, ranked by another query's words."""
        norm = float(np.linalg.norm(query.weights)) or 1.0
        scores = (self._row_sums(query, hits, weighted=True) / norm).tolist()
        return sorted(
            (Hit(hit.passage_id, score, hit.row) for hit, score in zip(hits, scores, strict=True)),
            key=lambda hit: -hit.score,
        )

    def rarest(self, terms: Sequence[str]) -> int:
        """How many passages hold the rarest of ``terms`` (analysed terms): as many as
        can hold them all, known before they are looked up. 0 when one is in none."""
        found = self._columns(terms, self.extra_terms, self.extra_df)
        if not terms or len(found) < len(set(terms)):
            return 0
        return self._rarest([column for column, _ in found.values()])

    def _rarest(self, columns: Iterable[int]) -> int:
        fitted, delta = self.fitted.matrix.indptr, self.delta_columns.indptr
        return min(_column_lengths(fitted, [c]) + _column_lengths(delta, [c]) for c in columns)

    def similarity(self, hits: Sequence[Hit]) -> np.ndarray:
        """Cosine similarity between the passages of ``hits`` (from this index's
        ``search``), as a dense square matrix.

        The vectors are read from the index rather than rebuilt from text: a
        serving process meets most passages' words for the first time, and
        stemming them anew would cost more than the whole search.
        """
        rows = np.fromiter((hit.row for hit in hits), np.int64, len(hits))
        if not ((rows >= 0) & (rows < len(self.fitted.ids) + len(self.delta_ids))).all():
            raise ValueError("hits of another index")
        fitted, fitted_rows, delta, delta_rows = self._split_rows(rows)
        return row_cosines(fitted, fitted_rows, delta, delta_rows, self.delta.shape[1])

    def _row_sums(self, query: Query, hits: Sequence[Hit], *, weighted: bool) -> np.ndarray:
        rows = np.fromiter((hit.row for hit in hits), np.int64, len(hits))
        fitted, fitted_rows, delta, delta_rows = self._split_rows(rows)
        return row_sums(
            fitted,
            fitted_rows,
            delta,
            delta_rows,
            query.columns,
            query.weights,
            self.delta.shape[1],
            weighted=weighted,
        )

    def _split_rows(self, rows: np.ndarray) -> tuple[_Rows, np.ndarray, _Rows, np.ndarray]:
        """The fitted and the delta rows (CSR ``indptr, indices, data``) and, for each of
        ``rows``, its row in each part (-1 where it is in the other), as the kernels take them."""
        fitted, delta = self.fitted.rows, self.delta
        in_fitted = rows < len(self.fitted.ids)
        return (
            (fitted.indptr, fitted.indices, fitted.data),
            np.where(in_fitted, rows, -1),
            (delta.indptr, delta.indices, delta.data),
            np.where(in_fitted, -1, rows - len(self.fitted.ids)),
        )

    def _search_fitted(self, columns: np.ndarray, values: np.ndarray, k: int, within: Within | None) -> list[Hit]:
        fitted = self.fitted
        inside = columns < len(fitted.vocabulary)
        if not inside.any() or len(fitted.ids) == 0:
            return []
        matrix = fitted.matrix
        rows, scores = top_postings(
            matrix.indptr,
            matrix.indices,
            matrix.data,
            columns[inside],
            values[inside],
            self.column_max,
            self.removed if within is None else within.fitted_out,
            k,
        )
        return [
            Hit(pid, score, row)
            for pid, score, row in zip(fitted.ids[rows].tolist(), scores.tolist(), rows.tolist(), strict=True)
        ]

    def _search_delta(self, columns: np.ndarray, values: np.ndarray, k: int, within: Within | None) -> list[Hit]:
        if len(self.delta_ids) == 0:
            return []
        inside = columns < self.delta_columns.shape[1]
        scores = np.asarray(self.delta_columns[:, columns[inside]] @ values[inside]).ravel()
        if within is not None:
            scores[~within.delta_in] = 0.0
        return _top(scores, self.delta_ids, k, first_row=len(self.fitted.ids))

    def _query(self, terms: list[str], related: Sequence[str], related_weight: float) -> dict[int, float]:
        """Column -> weight: sublinear TF times IDF, as scikit-learn's transform computes it."""
        columns = self._columns([*terms, *related], self.extra_terms, self.extra_df)
        weights: dict[int, float] = {}
        for term, count in Counter(terms).items():
            if term in columns:
                column, idf = columns[term]
                weights[column] = (1.0 + math.log(count)) * idf
        for term in related:
            if term in columns and columns[term][0] not in weights:
                column, idf = columns[term]
                weights[column] = related_weight * idf
        return weights

    def _columns(
        self, terms: Iterable[str], extra_terms: dict[str, int], extra_df: np.ndarray
    ) -> dict[str, tuple[int, float]]:
        """(column, IDF) of each known term: the fit's, else the delta's own."""
        terms = list(terms)
        found = {
            term: (column, float(self.fitted.idf[column]))
            for term, column in self.fitted.vocabulary.columns(terms).items()
        }
        for term in terms:
            if term not in found and term in extra_terms:
                found[term] = (extra_terms[term], self._extra_idf(extra_terms[term], extra_df))
        return found

    def _extra_idf(self, column: int, extra_df: np.ndarray) -> float:
        documents = len(self.fitted.ids) + len(self.delta_ids) + 1
        return math.log((1 + documents) / (1 + int(extra_df[column - len(self.fitted.vocabulary)]))) + 1.0

    def _rows(self, rows: list[list[str]], extra_terms: dict[str, int], extra_df: np.ndarray) -> sparse.csr_matrix:
        """Vectorise analysed passages with the fit's vocabulary and IDF, and the extra columns."""
        width = len(self.fitted.vocabulary) + len(extra_terms)
        columns = self._columns((t for terms in rows for t in terms), extra_terms, extra_df)
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for terms in rows:
            row: dict[int, float] = {}
            for term, count in Counter(terms).items():
                if term in columns:
                    column, idf = columns[term]
                    row[column] = (1.0 + math.log(count)) * idf
            scale = 1.0
            if row:
                norm = math.sqrt(sum(v * v for v in row.values()))
                scale = 1.0 / float(_pivot(np.array([norm]), self.fitted.mean_norm)[0])
            indices.extend(row)
            data.extend(v * scale for v in row.values())
            indptr.append(len(indices))
        return sparse.csr_matrix((np.asarray(data, np.float32), indices, indptr), shape=(len(rows), width))


def _column_lengths(indptr: np.ndarray, columns: Iterable[int]) -> int:
    """How many entries these columns of a compressed matrix hold together (a
    few columns: indexing scalars costs less than NumPy's set-up for arrays)."""
    return sum(int(indptr[column + 1]) - int(indptr[column]) for column in columns if column + 1 < len(indptr))


def _pivot(norms: np.ndarray, mean_norm: float) -> np.ndarray:
    pivoted = (1 - PIVOT_SLOPE) * mean_norm + PIVOT_SLOPE * norms
    pivoted[pivoted == 0] = 1.0
    return pivoted


def _top(scores: np.ndarray, ids: np.ndarray, k: int, *, first_row: int) -> list[Hit]:
    """The ``k`` highest non-zero scores, as hits whose rows count from ``first_row``.
    ``argpartition`` on the negated scores: on a mostly-zero vector that is much
    faster than partitioning at ``n - k``."""
    k = min(k, int(np.count_nonzero(scores)))
    if k == 0:
        return []
    top = np.argpartition(-scores, k - 1)[:k]
    return [Hit(int(ids[row]), float(scores[row]), first_row + int(row)) for row in top]

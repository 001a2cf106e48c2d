"""The TF-IDF passage index: scikit-learn's vectoriser, searched from postings.

A passage's score is its TF-IDF vector times the question's unit vector,
divided by a *pivoted* length norm (Singhal, Buckley and Mitra, 1996): plain
cosine rewards the shortest sentences ("The government denies and speaks of
rumors.") over the ones that carry the quote, speaker and date. The pivoted
norm is ``(1 - PIVOT_SLOPE) * mean_norm + PIVOT_SLOPE * norm``; the division is
done once at fitting time. Scores are computed from the columns of the
question's terms only (a CSC matrix is a postings list), which gives the same
numbers as the full product while touching a small fraction of the matrix.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sklearn
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from index.terms import analyze

_FORMAT = f"tfidf-2/sklearn-{sklearn.__version__}"
PIVOT_SLOPE = 0.3


@dataclass(frozen=True, slots=True)
class Hit:
    passage_id: int
    score: float


class PassageIndex:
    """An immutable, fitted index; a new one replaces it after an ingest."""

    def __init__(self, vectorizer: TfidfVectorizer | None, matrix: sparse.csc_matrix, ids: np.ndarray) -> None:
        self._vectorizer = vectorizer
        self._matrix = matrix
        self._ids = ids

    @classmethod
    def fit(cls, texts: Sequence[str], ids: Sequence[int]) -> PassageIndex:
        if not texts:
            return cls(None, sparse.csc_matrix((0, 0)), np.array([], dtype=np.int64))
        vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, norm=None, dtype=np.float32)
        raw = vectorizer.fit_transform(texts).tocsr()
        norms = np.sqrt(np.asarray(raw.multiply(raw).sum(axis=1)).ravel())
        pivoted = (1 - PIVOT_SLOPE) * norms.mean() + PIVOT_SLOPE * norms
        pivoted[pivoted == 0] = 1.0
        matrix = sparse.diags(1.0 / pivoted).astype(np.float32) @ raw
        return cls(vectorizer, matrix.tocsc(), np.asarray(ids, dtype=np.int64))

    def __len__(self) -> int:
        return len(self._ids)

    def knows(self, term: str) -> bool:
        """Whether any indexed passage contains ``term`` (an analysed term)."""
        return self._vectorizer is not None and term in self._vectorizer.vocabulary_

    def search(self, question: str, k: int, *, related: Sequence[str] = (), related_weight: float = 0.5) -> list[Hit]:
        """The ``k`` best passages for ``question``, best first; zero scores are left out.

        ``related`` are analysed terms (synonyms the caller chose) searched too,
        each weighted ``related_weight`` times its IDF, below the asker's own words.
        """
        if self._vectorizer is None:
            return []
        query = self._vectorizer.transform([question])
        columns = {int(c): float(w) for c, w in zip(query.indices, query.data, strict=True)}
        vocabulary, idf = self._vectorizer.vocabulary_, self._vectorizer.idf_
        for term in related:
            column = vocabulary.get(term)
            if column is not None and column not in columns:
                columns[column] = related_weight * float(idf[column])
        if not columns:
            return []
        weights = np.fromiter(columns.values(), dtype=np.float64)
        weights /= np.linalg.norm(weights)
        scores = np.asarray(self._matrix[:, list(columns)] @ weights).ravel()
        k = min(k, int(np.count_nonzero(scores)))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Hit(int(self._ids[row]), float(scores[row])) for row in top]

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity between passages, as a dense square matrix.

        The passages are re-vectorised from their text rather than sliced out of
        the column-major matrix: for the few dozen candidates of one answer that
        is cheaper than a row slice of a postings matrix.
        """
        if self._vectorizer is None or not texts:
            return np.zeros((len(texts), len(texts)))
        rows = normalize(self._vectorizer.transform(texts))
        return np.asarray((rows @ rows.T).todense())

    def dumps(self) -> bytes:
        return pickle.dumps((_FORMAT, self._vectorizer, self._matrix, self._ids), protocol=5)

    @classmethod
    def loads(cls, blob: bytes) -> PassageIndex | None:
        """The stored index, or None when it was written by another version and must be refit."""
        try:
            fmt, vectorizer, matrix, ids = pickle.loads(blob)
        except Exception:
            return None
        return cls(vectorizer, matrix, ids) if fmt == _FORMAT else None

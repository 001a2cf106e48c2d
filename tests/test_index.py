"""The index's scores equal a direct scikit-learn computation, and it survives a round trip."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from index.passages import split_passages
from index.terms import analyze, words
from index.tfidf import PIVOT_SLOPE, PassageIndex


@pytest.fixture(scope="module")
def corpus(seed_texts: dict[str, str]) -> list[str]:
    return [text[p.start : p.end] for text in seed_texts.values() for p in split_passages(text)]


def reference_scores(corpus: list[str], question: str) -> np.ndarray:
    """The naive computation: the full dense product, pivoted by row norm."""
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, norm=None)
    matrix = vectorizer.fit_transform(corpus).toarray()
    norms = np.linalg.norm(matrix, axis=1)
    pivot = (1 - PIVOT_SLOPE) * norms.mean() + PIVOT_SLOPE * norms
    query = vectorizer.transform([question]).toarray()[0]
    return (matrix @ (query / np.linalg.norm(query))) / pivot


@pytest.mark.parametrize("question", ["Who denied the arms deal?", "Which news agency carried the statement?", "KCNA"])
def test_scores_from_postings_equal_the_full_product(corpus: list[str], question: str) -> None:
    index = PassageIndex.fit(corpus, list(range(100, 100 + len(corpus))))
    expected = reference_scores(corpus, question)
    hits = index.search(question, k=len(corpus))
    assert hits, question
    for hit in hits:
        assert hit.score == pytest.approx(expected[hit.passage_id - 100], rel=1e-4)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len(hits) == np.count_nonzero(expected)


def test_a_question_of_unknown_words_finds_nothing(corpus: list[str]) -> None:
    index = PassageIndex.fit(corpus, list(range(len(corpus))))
    assert index.search("Saudi oil quotas", k=5) == []
    assert not index.knows("saudi")
    assert index.knows(words("Kirby")[0][1])


def test_round_trip_keeps_scores_and_a_foreign_blob_is_refused(corpus: list[str]) -> None:
    index = PassageIndex.fit(corpus, list(range(len(corpus))))
    loaded = PassageIndex.loads(index.dumps())
    assert loaded is not None
    assert loaded.search("arms deal", 3) == index.search("arms deal", 3)
    assert PassageIndex.loads(b"not a pickle") is None


def test_an_empty_corpus_answers_nothing() -> None:
    index = PassageIndex.fit([], [])
    assert len(index) == 0
    assert index.search("anything", 5) == []


def test_terms_fold_inflections_and_keep_acronyms() -> None:
    assert [t for _, t in words("denied denies denial")] == ["deni", "deni", "denial"]
    assert [t for _, t in words("Kirby told reporters")] == [t for _, t in words("Kirby tell reporter")]
    assert [w for w, _ in words("The U.S. and the US said the EU")] == ["us", "us", "eu"]
    assert words("what did they say to us?") == []


def test_british_and_american_spellings_are_one_term() -> None:
    for british, american in [
        ("defence", "defense"),
        ("rumour", "rumor"),
        ("criticised", "criticized"),
        ("centre", "center"),
    ]:
        assert words(british)[0][1] == words(american)[0][1]


def test_related_terms_are_searched_below_the_askers_words(corpus: list[str]) -> None:
    index = PassageIndex.fit(corpus, list(range(len(corpus))))
    plain = {h.passage_id for h in index.search("deny", 50)}
    widened = index.search("deny", 50, related=[words("dismissed")[0][1]], related_weight=0.5)
    assert plain < {h.passage_id for h in widened}
    by_id = {h.passage_id: h.score for h in widened}
    assert all(by_id[pid] > 0 for pid in plain)

"""The index's scores equal a direct scikit-learn computation, and it survives a round trip."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from index import snapshots
from index.kernels import row_cosines
from index.passages import split_passages
from index.refit import Due, refit_due
from index.terms import analyze, question_terms, words
from index.tfidf import PIVOT_SLOPE, Fitted, PassageIndex, Query
from index.tuning import IndexTuning


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
    scores: np.ndarray = (matrix @ (query / np.linalg.norm(query))) / pivot
    return scores


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
    assert index.known(["saudi", words("Kirby")[0][1]]) == {words("Kirby")[0][1]}


def test_a_snapshot_round_trip_keeps_scores_and_a_damaged_one_is_refused(corpus: list[str], tmp_path: Path) -> None:
    fitted = Fitted.fit(corpus, list(range(len(corpus))))
    name = snapshots.save(fitted, tmp_path)
    loaded = snapshots.load(tmp_path, name)
    assert loaded is not None
    assert PassageIndex.from_fitted(loaded).search("arms deal", 3) == PassageIndex.from_fitted(fitted).search(
        "arms deal", 3
    )
    (tmp_path / name / "meta.json").write_bytes(b"not json")
    with pytest.raises(snapshots.UnusableSnapshot, match="damaged"):
        snapshots.load(tmp_path, name)
    with pytest.raises(snapshots.UnusableSnapshot, match="missing"):
        snapshots.load(tmp_path, "missing")


def test_an_added_passage_is_found_at_once_and_a_removed_one_is_gone(corpus: list[str]) -> None:
    index = PassageIndex.fit(corpus, list(range(len(corpus))))
    kirby = {h.passage_id for h in index.search("Kirby", 50)}
    changed = index.with_changes([(1000, "The zebra curator said Kirby fed the zebras.")], removed=[min(kirby)])
    hits = {h.passage_id for h in changed.search("Kirby", 50)}
    assert 1000 in hits and min(kirby) not in hits
    zebras = words("zebras")[0][1]
    assert changed.known([zebras]) == {zebras} and not index.known([zebras])
    assert next(h.passage_id for h in changed.search("zebra curator", 5)) == 1000
    assert len(changed) == len(index)
    assert index.search("Kirby", 50) == PassageIndex.fit(corpus, list(range(len(corpus)))).search("Kirby", 50)


def test_a_delta_passage_scores_as_a_refit_would_for_known_words(corpus: list[str]) -> None:
    ids = list(range(len(corpus)))
    base = PassageIndex.fit(corpus[:-1], ids[:-1]).with_changes([(ids[-1], corpus[-1])], removed=[])
    refit = PassageIndex.fit(corpus, ids)
    question = corpus[-1][:60]
    assert next(h.passage_id for h in base.search(question, 3)) == next(h.passage_id for h in refit.search(question, 3))


def test_a_large_delta_asks_for_a_refit(corpus: list[str]) -> None:
    large = IndexTuning(small_archive=0)
    index = PassageIndex.fit(corpus, list(range(len(corpus))))
    assert refit_due(index, large) is Due.NO
    assert refit_due(index.with_changes([], removed=[]), large) is Due.NO
    grown = index.with_changes([(1000 + n, t) for n, t in enumerate(corpus[:10])], removed=[])
    assert refit_due(grown, large) is not Due.NO


def test_an_empty_corpus_answers_nothing() -> None:
    index = PassageIndex.fit([], [])
    assert len(index) == 0
    assert index.search("anything", 5) == []


def test_passages_of_stop_words_only_are_indexed_and_a_later_passage_is_found(tmp_path: Path) -> None:
    index = PassageIndex.fit(["It was what it was.", "And so it is."], [1, 2])
    assert len(index) == 2 and index.search("was it", 5) == []
    grown = index.with_changes([(3, "The ferry resumes on Friday.")], removed=[1])
    assert [hit.passage_id for hit in grown.search("ferry", 5)] == [3]
    loaded = snapshots.load(tmp_path, snapshots.save(index.fitted, tmp_path))
    assert loaded is not None and loaded.ids.tolist() == [1, 2]


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


def test_similarity_reads_the_stored_vectors_of_fitted_and_delta_passages(corpus: list[str]) -> None:
    ids = list(range(len(corpus)))
    index = PassageIndex.fit(corpus[:-1], ids[:-1]).with_changes([(ids[-1], corpus[-1])], removed=[])
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True).fit(corpus[:-1])
    # Three fitted passages that share words with the delta passage, so their cosines with it can be checked.
    near = [i for i in ids[:-1] if (vectorizer.transform([corpus[i]]) @ vectorizer.transform(corpus[-1:]).T)[0, 0] > 0][
        :3
    ]
    assert len(near) == 3
    reference = vectorizer.transform([corpus[i] for i in near] + corpus[-1:])
    expected = (reference @ reference.T).toarray()
    # A question made of every passage finds every passage, with where the index keeps it.
    hit_of = {hit.passage_id: hit for hit in index.search(" ".join(corpus), k=len(corpus))}
    got = index.similarity([hit_of[pid] for pid in (*near, ids[-1])])
    assert got[:3, :3] == pytest.approx(expected[:3, :3], abs=1e-5)
    assert got[3, 3] == pytest.approx(1.0, abs=1e-5)
    assert got == pytest.approx(got.T, abs=1e-6)
    assert 0 < got[0, 3] <= expected[0, 3] + 1e-6, "words new to the fit only add to the delta vector's length"


def test_damaged_postings_raise_instead_of_writing_out_of_bounds(corpus: list[str]) -> None:
    fitted = Fitted.fit(corpus, list(range(len(corpus))))
    indices = fitted.matrix.indices.copy()
    indices[:] = len(corpus) + 5
    damaged = replace(fitted, matrix=sparse.csc_matrix((fitted.matrix.data, indices, fitted.matrix.indptr.copy())))
    with pytest.raises(ValueError, match="damaged"):
        PassageIndex.from_fitted(damaged).search("arms deal", 5)
    indptr = fitted.matrix.indptr.copy()
    indptr[1:-1] = len(indices) + 100
    damaged = replace(
        fitted, matrix=sparse.csc_matrix((fitted.matrix.data, indices, indptr), shape=fitted.matrix.shape)
    )
    with pytest.raises(ValueError, match="damaged"):
        PassageIndex.from_fitted(damaged).search("arms deal", 5)


def test_damaged_rows_raise_instead_of_writing_out_of_bounds(corpus: list[str]) -> None:
    fitted = Fitted.fit(corpus, list(range(len(corpus))))
    rows = fitted.rows
    indices = np.full_like(rows.indices, rows.shape[1] + 5)
    damaged = replace(fitted, rows=sparse.csr_matrix((rows.data, indices, rows.indptr), shape=rows.shape))
    index = PassageIndex.from_fitted(damaged)
    with pytest.raises(ValueError, match="damaged"):
        index.similarity(index.search("arms deal", 2))


@pytest.fixture(scope="module")
def zipf_corpus() -> list[str]:
    """Sentences over a Zipf vocabulary: common words have long postings, rare ones short,
    as in news, so the search can stop reading the common words' postings early."""
    rng = np.random.default_rng(7)
    vocabulary = [f"w{n}x" for n in range(400)]
    ranks = np.minimum(rng.zipf(1.3, size=(3000, 12)), len(vocabulary)) - 1
    return [" ".join(vocabulary[r] for r in row) + "." for row in ranks]


def test_the_top_k_equals_the_full_product_when_common_words_are_cut_short(zipf_corpus: list[str]) -> None:
    removed = set(range(0, len(zipf_corpus), 7))
    index = PassageIndex.fit(zipf_corpus, list(range(len(zipf_corpus)))).with_changes([], removed=removed)
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, norm=None)
    matrix = vectorizer.fit_transform(zipf_corpus)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    pivot = (1 - PIVOT_SLOPE) * norms.mean() + PIVOT_SLOPE * norms
    rng = np.random.default_rng(11)
    for _ in range(100):
        question = " ".join(f"w{n}x" for n in rng.zipf(1.2, size=rng.integers(2, 7)) if n < 400) or "w1x"
        query = vectorizer.transform([question]).toarray()[0]
        expected = np.asarray(matrix @ (query / np.linalg.norm(query))).ravel() / pivot
        expected[list(removed)] = 0.0
        for k in (1, 3, 10):
            hits = index.search(question, k)
            best = sorted(expected[expected > 0], reverse=True)[:k]
            assert [h.score for h in hits] == pytest.approx(best, rel=1e-4), question
            assert [h.score for h in hits] == pytest.approx([expected[h.passage_id] for h in hits], rel=1e-4)


def test_questions_read_terms_as_articles_do_without_growing_the_articles_cache() -> None:
    from index import terms

    question = "Did the Zyxwvut ministers deny rumours about Qwertyuiop's shipments?"
    before = len(terms._SEEN)
    asked = question_terms(question)
    assert len(terms._SEEN) == before
    assert asked == analyze(question) == [t for _, t in words(question)]
    assert len(terms._SEEN) > before


def test_a_warmed_vocabulary_finds_the_same_columns(corpus: list[str]) -> None:
    vocabulary = Fitted.fit(corpus, list(range(len(corpus)))).vocabulary
    asked = [str(term) for term in vocabulary.terms[::3]] + ["zzzunknown", "aaaunknown", "a", ""]
    searched = vocabulary.columns(asked)
    assert len(searched) == len(range(0, len(vocabulary), 3))
    vocabulary.warm(IndexTuning(warm_slice=7))  # several slices, the last one short
    assert vocabulary.columns(asked) == searched
    assert vocabulary.columns(str(term) for term in vocabulary.terms) == {
        str(term): column for column, term in enumerate(vocabulary.terms)
    }


def test_postings_count_what_a_search_reads_in_the_fit_and_the_delta(corpus: list[str]) -> None:
    ids = list(range(len(corpus)))
    index = PassageIndex.fit(corpus[:-3], ids[:-3]).with_changes(list(zip(ids[-3:], corpus[-3:], strict=True)), [])
    question = "Who denied the arms deal, and which zebras?"
    containing = [sum(term in analyze(text) for text in corpus) for term in dict.fromkeys(question_terms(question))]
    assert index.postings(question_terms(question)) == sum(containing) > 0
    related = words("dismissed")[0][1]
    assert index.postings(question_terms(question), [related]) == sum(containing) + sum(
        related in analyze(t) for t in corpus
    )


def test_a_warmed_snapshot_answers_as_before(corpus: list[str], tmp_path: Path) -> None:
    fitted = Fitted.fit(corpus, list(range(len(corpus))))
    loaded = snapshots.load(tmp_path, snapshots.save(fitted, tmp_path))
    assert loaded is not None

    def found() -> list[tuple[int, float, int]]:
        return [(h.passage_id, h.score, h.row) for h in PassageIndex.from_fitted(loaded).search("arms deal", 5)]

    before = found()
    loaded.warm(IndexTuning())
    assert found() == before and before


def test_row_cosines_equal_the_dense_product() -> None:
    rng = np.random.default_rng(3)
    fitted = sparse.random(200, 300, density=0.05, format="csr", dtype=np.float32, random_state=rng)
    delta = sparse.random(20, 320, density=0.08, format="csr", dtype=np.float64, random_state=rng)
    fitted_rows = np.array([0, 5, 5, -1, 199, -1, 17, -1])
    delta_rows = np.array([-1, -1, -1, 3, -1, 19, -1, -1])  # the last row is in neither part: all zero
    dense = np.vstack(
        [
            np.pad(fitted[r].toarray()[0], (0, 20)) if r >= 0 else delta[d].toarray()[0] if d >= 0 else np.zeros(320)
            for r, d in zip(fitted_rows, delta_rows, strict=True)
        ]
    )
    norms = np.linalg.norm(dense, axis=1)
    expected = (dense @ dense.T) / np.where(np.outer(norms, norms) > 0, np.outer(norms, norms), 1.0)
    got = row_cosines(
        (fitted.indptr, fitted.indices, fitted.data),
        fitted_rows,
        (delta.indptr, delta.indices, delta.data),
        delta_rows,
        320,
    )
    assert got == pytest.approx(expected, abs=1e-6)
    assert got[1, 2] == pytest.approx(1.0) and not got[-1].any()


def test_hits_of_another_index_are_refused(corpus: list[str]) -> None:
    small = PassageIndex.fit(corpus[:5], list(range(5)))
    large = PassageIndex.fit(corpus, list(range(len(corpus))))
    hits = large.search("arms deal", 30)
    assert any(hit.row >= 5 for hit in hits)
    with pytest.raises(ValueError, match="another index"):
        small.similarity(hits)


def test_coverage_is_the_share_of_the_questions_term_weight_a_passage_holds() -> None:
    texts = ["ferry storm harbour", "ferry", "storm harbour", "bus"]
    base = PassageIndex.fit(texts[:3], [1, 2, 3])
    # The last passage arrives after the fit: coverage reads the delta's postings too.
    index = base.with_changes([(4, "ferry storm harbour bus")], removed=[])
    hits = index.search("ferry storm harbour", 10)
    query = index.query(question_terms("ferry storm harbour"))
    shares = dict(zip([h.passage_id for h in hits], index.coverage(query, hits), strict=True))
    assert shares[1] == pytest.approx(1.0) and shares[4] == pytest.approx(1.0)
    assert 0 < shares[2] < shares[3] < 1
    # A related term counts at its lower weight: "storm" alone holds less than half.
    (related,) = index.coverage(
        index.query(question_terms("ferry"), related=["storm"]), [h for h in hits if h.passage_id == 3]
    )
    assert 0 < related < 0.5


def test_holding_finds_every_passage_with_all_the_words_scored_as_the_search_scores_them() -> None:
    texts = ["ferry storm harbour", "ferry harbour", "storm harbour ferry bus", "bus", "harbour ferry storms"]
    base = PassageIndex.fit(texts, [1, 2, 3, 4, 5])
    # Passage 6 arrives after the fit, with a word the fit never saw; passage 3 is removed.
    index = base.with_changes([(6, "the ferry left the storm harbour by tram")], removed=[3])
    query = index.query(question_terms("ferry storm harbour bus"))
    held = index.holding(question_terms("ferry storm harbour"), query, most=10)
    assert held is not None and {h.passage_id for h in held} == {1, 5, 6}
    scores = {h.passage_id: h.score for h in index.search("ferry storm harbour bus", 10)}
    assert [h.score for h in held] == sorted((h.score for h in held), reverse=True)
    assert all(h.score == pytest.approx(scores[h.passage_id]) for h in held)
    assert [h.passage_id for h in index.holding(question_terms("tram ferry"), query, most=10) or []] == [6]
    assert index.holding(question_terms("ferry zeppelin"), query, most=10) == []
    # The rarest word is in three passages: more than ``most`` allows, so not looked up.
    assert index.holding(question_terms("storm harbour"), query, most=2) is None


def test_the_heaviest_terms_carry_more_than_the_share_asked() -> None:
    query = Query(np.array([10, 11, 12, 13]), np.array([4.0, 1.0, 3.0, 2.0]))
    assert query.heaviest(0.5).columns.tolist() == [10, 12]
    assert query.heaviest(0.0).columns.tolist() == [10]
    assert query.heaviest(0.99).columns.tolist() == [10, 12, 13, 11]
    assert query.heaviest(0.5).weights.tolist() == [4.0, 3.0]


def test_an_askers_emphasis_is_not_searched_for() -> None:
    """ "actually" in "can the US actually track these shipments?" asks nothing: searched
    for, a rare adverb outweighs the subject and ranks a passage that only shares it."""
    assert question_terms("Can the US actually track these shipments?") == ["us", "track", "shipment"]
    corpus = [
        "Officials did not know if Russia had actually received the ammunition but were monitoring shipments.",
        "The United States has the capacity to track shipments.",
        *(f"Shipments number {n} went by rail." for n in range(6)),
        *(f"Analysts track rail line {n}." for n in range(2)),
    ]
    hits = PassageIndex.fit(corpus, list(range(len(corpus)))).search("can they actually track these shipments?", 1)
    assert [hit.passage_id for hit in hits] == [1]

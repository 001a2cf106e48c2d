"""Finding where the archive holds a quotation, and judging each place for ``verify``.

A quotation is in a passage holding all its words: those are walked first, and
read for the words in order, so the statement itself is found however common its
words ("How many times do we have to see this": only "times" is indexed). A
claim with a word changed is held whole by no passage when the changed word is
indexed: the passages holding all its indexed words but one are read for it
too, and the passages scoring best on its words give the other reports'
wordings of the statement.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import messages
from bot.answers import Verification
from bot.found_passages import evidence_of
from bot.quote_diff import claimed_runs
from bot.quote_lookup import Match, Quoted, holds, match, quote_words
from bot.verification import verify_against
from index.question_store import QuestionStore, StoredPassage
from index.terms import question_terms
from index.tfidf import Hit, PassageIndex, Query, Within

# A quotation is looked up first among the passages holding all its words: the
# rarest word's postings are walked, each looked up in the others' by binary
# search (at this many, about a millisecond at worst) ...
HOLDING_POSTINGS = 50_000
# ... and the best of them by the words' scores are read and searched for the words
# in order (a thousand cost about 10 ms).
PHRASE_READS = 2_000
# Passages read for a claim with one indexed word changed, for each word left out.
NEAR_READS = 200
# Passages compared with a claim: those holding it nearly, and the best by its words,
# where the other articles' wordings of the statement are.
NEAR_COMPARED = 50
SCORED_COMPARED = 30


def quotation_terms(lookup: Quoted) -> list[str]:
    """The indexed terms of a quotation's words."""
    return question_terms(" ".join(" ".join(run) for run in lookup.runs))


def holding(
    questions: QuestionStore, index: PassageIndex, lookup: Quoted, query: Query, within: Within | None = None
) -> list[tuple[Hit, StoredPassage]]:
    """The passages holding the quotation word for word (of those ``within``), best first by ``query``, as read."""
    return [
        (hit, row)
        for hit, row in _held(questions, index, quotation_terms(lookup), query, PHRASE_READS, within)
        if holds(lookup, quote_words(row.text))
    ]


def verify_in(
    questions: QuestionStore, index: PassageIndex, claim: str, claimed_speaker: str | None, limit: int
) -> Verification:
    """``claim`` checked against the passages of the archive that may hold it."""
    lookup = Quoted(claimed_runs(claim), marked=True)
    terms = quotation_terms(lookup)
    if not terms:
        return Verification(claim, claimed_speaker, "error", error=messages.CLAIM_TOO_COMMON)
    query = index.query(" ".join(terms))
    held = _held(questions, index, terms, query, PHRASE_READS)
    exact = [(hit, row) for hit, row in held if holds(lookup, quote_words(row.text))]
    near = [] if exact else _near(questions, index, lookup, terms, query, held)
    found = {hit.passage_id: (hit, row) for hit, row in [*exact, *near[:NEAR_COMPARED]]}
    scored = [hit for hit in index.top(query, SCORED_COMPARED) if hit.passage_id not in found]
    pairs = [*found.values(), *zip(scored, questions.passages([hit.passage_id for hit in scored]), strict=False)]
    passages = [evidence for _, evidence in evidence_of([row for _, row in pairs], [hit for hit, _ in pairs])]
    return verify_against(claim, claimed_speaker, passages, limit)


def _near(
    questions: QuestionStore,
    index: PassageIndex,
    lookup: Quoted,
    terms: list[str],
    query: Query,
    held: list[tuple[Hit, StoredPassage]],
) -> list[tuple[Hit, StoredPassage]]:
    """Passages holding half the claim's word pairs: among those holding all its indexed
    words (a common word changed), then among those holding all but one."""
    near = [(hit, row) for hit, row in held if match(lookup, row.text) == Match.NEAR]
    if len(terms) > 1:
        for left_out in dict.fromkeys(terms):
            others = [term for term in terms if term != left_out]
            near.extend(
                (hit, row)
                for hit, row in _held(questions, index, others, query, NEAR_READS)
                if match(lookup, row.text) == Match.NEAR
            )
    return sorted(dict((hit.passage_id, (hit, row)) for hit, row in near).values(), key=lambda pair: -pair[0].score)


def _held(
    questions: QuestionStore,
    index: PassageIndex,
    terms: Sequence[str],
    query: Query,
    reads: int,
    within: Within | None = None,
) -> list[tuple[Hit, StoredPassage]]:
    """The first ``reads`` passages holding all of ``terms``, best first by ``query``, as read."""
    held = index.holding(terms, query, most=HOLDING_POSTINGS, within=within) if terms else None
    if not held:
        return []
    hit_of = {hit.passage_id: hit for hit in held[:reads]}
    return [(hit_of[row.id], row) for row in questions.passages(list(hit_of))]

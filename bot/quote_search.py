"""Finding where the archive holds a quotation, and judging each place for ``verify``.

A quotation is in a passage holding all its words: those are walked first, and
read for the words in order, so the statement itself is found however common its
words ("How many times do we have to see this": only "times" is indexed). A
claim with a word changed is held whole by no passage when the changed word is
indexed: the passages holding all its indexed words but one are read for it
too. The other reports' wordings of the statement are among the passages
scoring best on the claim's rarest words, and only those holding most of its
term weight are read: a passage sharing a stock phrase with the claim is no
report of it, and reading it is most of what a check costs."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot import messages
from bot.answers import Verification
from bot.found_passages import evidence_of
from bot.quote_diff import claimed_runs
from bot.quote_lookup import Match, Quoted, holds, match, quote_words
from bot.verification import verify_against
from bot.voices import voiced
from index.archive import PassageReads, StoredPassage
from index.terms import question_terms
from index.tfidf import Hit, PassageIndex, Query, Within

# A quotation is looked up first among the passages holding all its words: the
# rarest word's postings are walked, each looked up in the others' by binary search,
# so past this many the walk costs more than a search by the words ...
HOLDING_POSTINGS = 50_000
# ... and the best of them by the words' scores are read and searched for the words
# in order: each is a row read from the store, so not all of them when the words are common.
PHRASE_READS = 2_000
# Passages read for a claim no passage holds, of those holding all its indexed words
# but one, and of them those compared with it...
NEAR_READS = 200
NEAR_COMPARED = 50
# ... and the best by its words, of those holding most of its term weight, where the
# other reports' wordings are...
SCORED_COMPARED = 30
# ... and "most" is this share of the claim's IDF weight. A passage sharing a stock
# phrase with the claim ("the rest of the world", "the Middle East and North Africa")
# holds its common words but not the words that make it this statement.
NEAR_SHARE = 0.5


def quotation_terms(lookup: Quoted) -> list[str]:
    """The indexed terms of a quotation's words."""
    return question_terms(" ".join(" ".join(run) for run in lookup.runs))


@dataclass(frozen=True, slots=True)
class Holders:
    """The passages holding every indexed word of a quotation (of those a filter
    keeps), the first ``PHRASE_READS`` best by ``query``, as read: a question quoting
    a claim walks and reads them once, to check the claim and to answer."""

    terms: frozenset[str]
    query: Query
    read: list[tuple[Hit, StoredPassage]]


def holders(
    questions: PassageReads, index: PassageIndex, terms: Sequence[str], query: Query, within: Within | None = None
) -> Holders:
    """The passages holding all of ``terms``, as ``Holders`` keeps them."""
    return Holders(frozenset(terms), query, _held(questions, index, terms, query, PHRASE_READS, within))


def holding(index: PassageIndex, lookup: Quoted, held: Holders, query: Query) -> list[tuple[Hit, StoredPassage]]:
    """Those of ``held`` holding the quotation word for word, best first by ``query``."""
    rows = {hit.passage_id: row for hit, row in held.read if holds(lookup, quote_words(row.text))}
    hits = [hit for hit, _ in held.read if hit.passage_id in rows]
    return [(hit, rows[hit.passage_id]) for hit in index.scored(query, hits)]


def verify_in(
    questions: PassageReads,
    index: PassageIndex,
    claim: str,
    claimed_speaker: str | None,
    limit: int,
    held: Holders | None = None,
) -> Verification:
    """``claim`` checked against the passages of the archive that may hold it; ``held``
    are the passages holding its words when the caller has them already."""
    lookup = Quoted(claimed_runs(claim), marked=True)
    terms = quotation_terms(lookup)
    if not terms:
        return Verification(claim, claimed_speaker, "error", error=messages.CLAIM_TOO_COMMON)
    if held is None:
        held = holders(questions, index, terms, index.query(terms))
    query = held.query
    exact = [(hit, row) for hit, row in held.read if holds(lookup, quote_words(row.text))]
    found = {
        hit.passage_id: (hit, row) for hit, row in exact or _near(questions, index, lookup, terms, query, held.read)
    }
    scored = index.top(query.heaviest(1 - NEAR_SHARE), SCORED_COMPARED)
    compared = _weighty(index, query, scored, found.keys(), NEAR_SHARE)
    pairs = [*found.values(), *zip(compared, questions.passages([hit.passage_id for hit in compared]), strict=False)]
    rows = [row for _, row in pairs]
    # The speaker of the claim's words, where a passage has several.
    evidence = [found for _, found in evidence_of(rows, [hit for hit, _ in pairs])]
    passages = [voiced(passage, row.note, lookup) for row, passage in zip(rows, evidence, strict=True)]
    return verify_against(claim, claimed_speaker, passages, limit)


def _near(
    questions: PassageReads,
    index: PassageIndex,
    lookup: Quoted,
    terms: list[str],
    query: Query,
    held: list[tuple[Hit, StoredPassage]],
) -> list[tuple[Hit, StoredPassage]]:
    """Passages holding half the claim's word pairs: among those holding all its indexed
    words (a common word changed), then among those holding all but one (an indexed
    word changed), read in order of the claim's weight they hold."""
    near = [(hit, row) for hit, row in held if match(lookup, row.text) == Match.NEAR]
    if len(terms) > 1:
        others = [
            hit
            for left_out in dict.fromkeys(terms)
            for hit in index.holding([term for term in terms if term != left_out], query, most=HOLDING_POSTINGS) or []
        ]
        read = _weighty(index, query, others, {hit.passage_id for hit, _ in near}, 0.0)[:NEAR_READS]
        rows = questions.passages([hit.passage_id for hit in read])
        hit_of = {hit.passage_id: hit for hit in read}
        near.extend((hit_of[row.id], row) for row in rows if match(lookup, row.text) == Match.NEAR)
    return near[:NEAR_COMPARED]


def _weighty(index: PassageIndex, query: Query, hits: list[Hit], found: Collection[int], least: float) -> list[Hit]:
    """Those of ``hits`` not ``found`` that hold at least ``least`` of the query's
    weight, each once, most weight first, then best by score."""
    fresh = list({hit.passage_id: hit for hit in hits if hit.passage_id not in found}.values())
    shares = index.coverage(query, fresh)
    kept = sorted(
        ((share, hit) for share, hit in zip(shares, fresh, strict=True) if share >= least),
        key=lambda pair: (-pair[0], -pair[1].score),
    )
    return [hit for _, hit in kept]


def _held(
    questions: PassageReads,
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

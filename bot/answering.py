"""Answering one question from a snapshot of the index: question, evidence, claims.

A question's words are checked against the archive (misspellings read as the
known word, absent words named), its quotation checked (``bot.quote_search``),
the candidate passages found, coordinated, read and tiered, then grouped into
claims or events. Everything here is a function of the index snapshot, the
store's reads and the tuning: where it runs (the event loop or a worker thread)
is ``bot.factchecker``'s choice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

import numpy as np

from bot.abstention import absent, should_abstain, speaker_on_topic
from bot.answers import Answer, Claim, Evidence, Verification
from bot.asked_speakers import asked_speaker, asks_who_said, claimed_speaker
from bot.datelines import asks_dateline, datelines
from bot.dates import asks_when, mentions_time
from bot.demonyms import kindred_terms
from bot.events import asks_for_events, with_quoted_words
from bot.found_passages import continued, evidence_of, overlaps
from bot.named_months import in_period
from bot.naming import asks_name, gives_name
from bot.outlets import named_outlets, without_outlets
from bot.person_names import speaker_agreement
from bot.questions import Question, parse_question
from bot.quote_diff import claimed_runs
from bot.quote_lookup import Match, Quoted, match, quotations, unquoted
from bot.quote_search import Holders, holders, holding, quotation_terms, verify_in
from bot.reasons import asks_why, gives_reason
from bot.speech_acts import DENIAL, RELATED_WEIGHT, asked_acts
from bot.spelling import correction
from bot.timeline import in_order
from bot.tuning import Tuning
from bot.voices import voiced
from bot.word_families import family_term
from index.archive import PassageReads, StoredPassage
from index.terms import question_terms, word_terms, words
from index.tfidf import Hit, PassageIndex, Query, Ranking, Within

# Enough candidates that every article's wording of a claim is among them, and no
# more: each one is read, built and compared with the others (the README measures it).
CANDIDATES = 20
# A run of eight words copied from an article, or a quotation with a word or two
# changed, ranks its passage near the top by its words alone: only the first
# candidates are read for them (every candidate is searched for a marked quotation).
CHECKED = 10
# A marked quotation's words are often common ones ("where do we go from here"): the
# passage holding them in order may rank far down by words alone. A copied run without
# marks is eight words or more, enough for the words alone to find it.
QUOTE_CANDIDATES = 100
# A passage's score is multiplied by the share of the question's IDF-weighted terms it
# holds to this power (Lucene's classic coordination factor): one strong word must not
# beat a passage holding them all (the exponents measured are in the README).
COORDINATION = 0.75
# A question asking when is answered by a passage that says when: its score counts
# this many times over.
TIMED = 1.5
# A question asking why is answered by a passage that gives a reason, likewise.
REASONED = 1.5
# A question asking who said something, by a passage that names no speaker: its score
# counts this much (0.25 to 0.75 measured alike).
UNSPOKEN = 0.5
# A question asking what something is called, by a passage that names something.
NAMED = 1.5
# The matches a question's quotation is shown with, as ``factcheck verify`` shows them.
VERIFIED_MATCHES = 3


def find_answer(
    questions: PassageReads,
    index: PassageIndex,
    question: Question,
    limit: int,
    *,
    outlets: Sequence[str],
    within: Within | None,
    tuning: Tuning,
) -> Answer:
    """The answer to ``question`` from one snapshot of the index and the store's reads:
    respelt where words are misspelt, kept to the rows ``within`` passes (None: all),
    ranked, and grouped into claims (events when it asks who did something or when)."""
    missing, corrections = _unheld_words(questions, index, question, outlets)
    # The word asking for a dateline ("datelined") is answered by one: it is no subject.
    missing = tuple(word for word in missing if not asks_dateline(word))
    asked = question
    if corrections:
        respelt = _respelt(question.text, dict(corrections))
        question = parse_question(respelt, max_chars=len(respelt), filters=asked.filters)
    checked, held = _checked_quotation(questions, index, asked)
    if within is not None and not len(within):
        return Answer(asked.original, "no_evidence", filters=question.filters, filtered_out=True)
    ranked = _ranked(questions, index, question, outlets, missing, within, held if within is None else None)
    if ranked is None:
        return Answer(
            question=asked.original,
            status="no_evidence",
            missing_terms=missing,
            corrections=corrections,
            filters=question.filters,
            verification=checked,
        )
    claims = _claims(questions, index, question, *ranked, limit, tuning)
    if claims and question.shown and not question.about:
        claims[0] = _statement_continued(questions, ranked[0], claims[0], question.shown)
    return Answer(
        question=asked.original,
        status="answered" if claims else "no_evidence",
        claims=tuple(claims),
        missing_terms=missing,
        corrections=corrections,
        filters=question.filters,
        timeline=question.timeline,
        verification=checked,
    )


def _claims(
    questions: PassageReads,
    index: PassageIndex,
    question: Question,
    found: list[tuple[Hit, Evidence]],
    tiers: list[int],
    limit: int,
    tuning: Tuning,
) -> list[Claim]:
    """The passages ``found`` grouped into claims (events when the question asks who
    did something or when, in date order for a timeline), or the datelines of their
    articles when it asks where a report was filed from: each article's its own."""
    if asks_dateline(question.text):
        openings, opening_tiers = datelines(questions, [evidence for _, evidence in found], tiers)
        return tuning.group_claims(openings, np.eye(len(openings)), limit, opening_tiers)
    similarity = index.similarity([hit for hit, _ in found])
    acts = asked_acts(tuple(w.term for w in question.words))
    if question.timeline or (acts and asks_for_events(question.text)):
        following = questions.continuations([hit.passage_id for hit, _ in found])
        reports = [with_quoted_words(e, following.get(hit.passage_id)) for hit, e in found]
        claims = tuning.group_events(reports, similarity, None, tiers, denial=DENIAL in acts, shown=question.shown)
        return list(in_order(claims, limit)) if question.timeline else claims[:limit]
    return tuning.group_claims([evidence for _, evidence in found], similarity, limit, tiers)


def _statement_continued(
    questions: PassageReads, found: list[tuple[Hit, Evidence]], claim: Claim, shown: Sequence[tuple[str, int, int]]
) -> Claim:
    """``claim``, when it is the one a conversation led its last answer with, reaching into
    the next paragraph where the same speaker goes on: a follow-up asking something of its
    own ("Who did they say was behind the rumours?") is led by it again when no other
    statement matches better, and what the thread has not yet seen of that statement is
    what it asks about."""
    lead = claim.evidence
    if not overlaps(lead, shown):
        return claim
    passage = next((hit.passage_id for hit, e in found if e.doc_id == lead.doc_id and e.end == lead.end), None)
    following = questions.continuations([passage], paragraphs=True).get(passage) if passage is not None else None
    if following is None or speaker_agreement(lead.who, following.who) != "same":
        return claim
    return replace(claim, evidence=continued(lead, following))


def _ranked(
    questions: PassageReads,
    index: PassageIndex,
    question: Question,
    outlets: Sequence[str],
    missing: tuple[str, ...],
    within: Within | None,
    held: Holders | None,
) -> tuple[list[tuple[Hit, Evidence]], list[int]] | None:
    """The candidate passages with their evidence, best first, and the tier each
    ranks in (see ``_tier``); None when the archive holds no answer to give.
    ``held`` are the passages holding the words of the quotation checked, if read."""
    # A question asking where a report was filed from names its outlet, not a speaker.
    speaker = None if asks_dateline(question.text) else asked_speaker(question.text)
    # An outlet that is the asked speaker ("What did the Washington Post say …") is
    # answered by whoever quotes it, not by its own pages alone.
    named = named_outlets(question.text.replace(speaker, " ") if speaker else question.text, outlets)
    query = _query(index, question, named)
    quoted, ranking = _hits(questions, index, question.lookup, query, within, held)
    if should_abstain(question, missing, ranking.best):
        return None
    hits = ranking.hits
    # The passages holding the quotation were read to check it; the others are read now.
    read = {row.id: row for _, row in quoted}
    rows = [read[hit.passage_id] for hit in hits] if read else questions.passages([hit.passage_id for hit in hits])
    found = _unechoed(index, query, question, _kept(_voiced(rows, evidence_of(rows, hits), question), question))
    if asks_when(question.text):
        found = _counted(found, TIMED, lambda e: mentions_time(e.quote))
    if asks_why(question.text):
        found = _counted(found, REASONED, lambda e: gives_reason(e.quote))
    if asks_name(question.text):
        found = _counted(found, NAMED, lambda e: gives_name(e.quote))
    if asks_who_said(question.text):
        found = _counted(found, UNSPOKEN, lambda e: e.who is None)
    if not found and (question.leave_out or question.not_by):
        return None
    # A headline ranks below a body passage that matches as well: the headline is the
    # desk's summary, the body passage the reported words. Only a tie-break: a
    # discount cost answers (README).
    found.sort(key=lambda pair: (-pair[1].score, pair[1].headline))
    # A speaker asked what they made of a claim may have said it in none of its words.
    by_them = any(_spoken_by(question, evidence) for _, evidence in found)
    if speaker is not None and not by_them and not speaker_on_topic(question, speaker, [e for _, e in found]):
        return None
    # A question naming an outlet ("per Asia News") asks for that outlet's reporting.
    tiers = [_tier(question, evidence, rank, named) for rank, (_, evidence) in enumerate(found)]
    # Those that lead by tier first, then by score; a quotation's wider search is cut
    # back to the usual number before the passages are compared with each other.
    order = sorted(range(len(found)), key=lambda n: -tiers[n])[:CANDIDATES]
    return [found[n] for n in order], [tiers[n] for n in order]


def _query(index: PassageIndex, question: Question, named: set[str]) -> Query:
    """The question's words as searched: without the outlets it names as its source
    (unless nothing else is left), with the related terms of its speech acts and the
    adjectives of the places it names."""
    related = (*question.related, *kindred_terms([w.term for w in question.words if w.proper], index.starting))
    searched = without_outlets(question.text, named) if named else question.text
    terms = [w.term for w in question.words] if searched == question.text else question_terms(searched)
    return index.query(terms or [w.term for w in question.words], related=related, related_weight=RELATED_WEIGHT)


def _hits(
    questions: PassageReads,
    index: PassageIndex,
    lookup: Quoted | None,
    query: Query,
    within: Within | None,
    held: Holders | None,
) -> tuple[list[tuple[Hit, StoredPassage]], Ranking]:
    """The passages holding a marked quotation word for word, as read, and the ranking
    of the hits: those, else the best by the words. A quotation found word for word is
    the answer: its places, not passages that merely share its words."""
    if lookup is None or not lookup.marked:
        return [], index.rank(query, CANDIDATES, coordination=COORDINATION, within=within)
    terms = quotation_terms(lookup)
    if held is None or held.terms != set(terms):
        held = holders(questions, index, terms, query, within)
    quoted = holding(index, lookup, held, query)[:QUOTE_CANDIDATES]
    if not quoted:
        return [], index.rank(query, QUOTE_CANDIDATES, coordination=COORDINATION, within=within)
    hits = [hit for hit, _ in quoted]
    return quoted, Ranking(index.coordinated(query, hits, COORDINATION), hits[0].score)


def _voiced(
    rows: Sequence[StoredPassage], found: list[tuple[Hit, Evidence]], question: Question
) -> list[tuple[Hit, Evidence]]:
    """``found`` (read from ``rows``) with the speaker of the words a question quotes
    ("Who said “…”?") where a passage has several (``bot.voices``)."""
    lookup = question.lookup
    if lookup is None or not lookup.marked:
        return found
    return [(hit, voiced(evidence, row.note, lookup)) for row, (hit, evidence) in zip(rows, found, strict=True)]


def _counted(
    found: list[tuple[Hit, Evidence]], times: float, favoured: Callable[[Evidence], bool]
) -> list[tuple[Hit, Evidence]]:
    """``found`` with the scores of the passages ``favoured`` counted ``times`` over: one
    that says when, for a question asking when, or why, for why; one naming no speaker
    counted half, for a question asking who said it."""
    return [(hit, replace(e, score=e.score * times) if favoured(e) else e) for hit, e in found]


def _unechoed(
    index: PassageIndex, query: Query, question: Question, found: list[tuple[Hit, Evidence]]
) -> list[tuple[Hit, Evidence]]:
    """``found`` with the passages a follow-up's reading took a claim's words from scored
    as if they held none of those words: they hold them for being the claim's source,
    not for answering what the follow-up asks of it. The score is the search's, of the
    same query, with the claim's terms counted as missing."""
    if not question.echo or not found:
        return found
    kept = np.isin(query.columns, index.query(question.unechoed).columns)
    part = Query(query.columns[kept], query.weights[kept])
    # ``scored`` and ``coverage`` measure against the part; the search measured against the whole.
    scale = float(np.linalg.norm(part.weights) / np.linalg.norm(query.weights))
    held = float(part.weights.sum() / query.weights.sum())
    rescored = []
    for hit, evidence in found:
        if overlaps(evidence, question.echo):
            score = index.scored(part, [hit])[0].score * scale
            share = index.coverage(part, [hit])[0] * held
            evidence = replace(evidence, score=score * share**COORDINATION)
        rescored.append((hit, evidence))
    return rescored


def _kept(found: list[tuple[Hit, Evidence]], question: Question) -> list[tuple[Hit, Evidence]]:
    """``found`` without what the question leaves out; when that leaves nothing, without
    only the quotes it leaves out: the speaker left out may be all the archive has."""
    kept = [pair for pair in found if not _left_out(pair[1], question)]
    if kept or question.not_by is None:
        return kept
    return _kept(found, replace(question, not_by=None))


def _left_out(evidence: Evidence, question: Question) -> bool:
    """Whether ``evidence`` overlaps a quote the question leaves out (a conversation showed
    it), or is a statement of the speaker it leaves out."""
    # An answer to a claim is someone's statement: a passage that gives no speaker is none.
    if question.not_by is not None and (
        evidence.who is None or speaker_agreement(question.not_by, evidence.who) == "same"
    ):
        return True
    return overlaps(evidence, question.leave_out)


def _checked_quotation(
    questions: PassageReads, index: PassageIndex, question: Question
) -> tuple[Verification | None, Holders | None]:
    """The check of the quotation a question marks ("Did Kirby say “…”?"), the longest
    when it marks several, against the speaker it names, and the passages holding its
    words, read for the check."""
    if question.lookup is None or not question.lookup.marked:
        return None, None
    claim = quotations(question.text)[0]
    terms = quotation_terms(Quoted(claimed_runs(claim), marked=True))
    held = holders(questions, index, terms, index.query(terms))
    speaker = claimed_speaker(unquoted(question.text))
    return verify_in(questions, index, claim, speaker, VERIFIED_MATCHES, held), held


def _tier(question: Question, evidence: Evidence, rank: int, outlets: set[str]) -> int:
    """How a passage ranks before its score: holding the question's quotation outranks
    everything, the reporting of an outlet the question names comes next, then a
    statement of the period a follow-up asks about, then one by the speaker it asks about.
    The claim a follow-up asks of ("who said that?") leads them all, by the quote shown."""
    lookup = question.lookup
    held = Match.NONE
    if lookup is not None and (lookup.marked or rank < CHECKED):
        held = match(lookup, evidence.quote, near=rank < CHECKED)
    during = question.during is not None and in_period(evidence.when, question.during)
    tier = 8 * held + 4 * (evidence.source.outlet in outlets) + 2 * during + _spoken_by(question, evidence)
    # Above every sum of the others: the quote the follow-up points to, then its other reports.
    return 64 * overlaps(evidence, question.about[:1]) + 32 * overlaps(evidence, question.about) + tier


def _spoken_by(question: Question, evidence: Evidence) -> bool:
    return question.spoken_by is not None and speaker_agreement(question.spoken_by, evidence.who) == "same"


def _unheld_words(
    questions: PassageReads, index: PassageIndex, question: Question, outlets: Sequence[str]
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The question's words no article holds in any inflection nor in an outlet's name
    ("reuters" in "NBC News (Reuters)": an outlet is mentioned by its articles, though its
    name is in no passage), and (word, known word) for those read as a held word: a
    misspelling's, else another form of the word ("invasion" for "invade")."""
    known = index.known(w.term for w in question.words)
    unknown = dict.fromkeys(w.word for w in question.words if w.term not in known)
    not_held = absent(unknown, partial(_held_as_place, index))
    outlet_names = [outlet.lower() for outlet in outlets]
    unnamed = [word for word in not_held if not any(word in name for name in outlet_names)]
    names = {w.word for w in question.words if w.proper}
    corrections = tuple(
        (word, fix) for word in unnamed if (fix := _read_as(questions, index, word, name=word in names)) is not None
    )
    fixed = dict(corrections)
    return tuple(word for word in unnamed if word not in fixed), corrections


def _held_as_place(index: PassageIndex, variant: str) -> bool:
    """Whether an article holds ``variant``, or the adjective of the place it names."""
    terms = question_terms(variant)
    return bool(index.known(terms) or kindred_terms(terms, index.starting))


def _read_as(questions: PassageReads, index: PassageIndex, word: str, *, name: bool) -> str | None:
    """The held word an unheld ``word`` is read as: a slip's correction first, since a
    misspelt word means that word exactly; a name is never re-read."""
    fix = correction(word, partial(_known_words, index), name=name)
    return fix if fix is not None or name else _family_word(questions, index, word)


def _family_word(questions: PassageReads, index: PassageIndex, word: str) -> str | None:
    """The word of ``word``'s family that the archive uses most, as one of its passages spells it."""
    term = family_term(word, index.starting, lambda member: index.rarest([member]))
    if term is None:
        return None
    hits = index.top(index.query([], related=[term], related_weight=1.0), 1)
    rows = questions.passages([hit.passage_id for hit in hits])
    return next((surface for row in rows for surface, held in words(row.text) if held == term), None)


def _known_words(index: PassageIndex, words: list[str]) -> set[str]:
    """Those of ``words`` some indexed passage holds."""
    terms = word_terms(words)
    held = index.known(terms.values())
    return {word for word, term in terms.items() if term in held}


def _respelt(text: str, fixed: dict[str, str]) -> str:
    """``text`` with each misspelt word replaced by the known word it was read as."""
    for word, fix in fixed.items():
        text = re.sub(rf"\b{re.escape(word)}\b", fix, text, flags=re.IGNORECASE)
    return text

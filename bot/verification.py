"""A claimed quotation checked against the passages found for it.

Someone pastes "Kirby said North Korea is 'covertly supplying' shells" into a
channel; the desk needs the article's own words beside the claim, the words
that differ, and whether the article gives them to the claimed speaker. Each
article counts once, by its closest passage: five reports of one statement are
five places to cite, not five verdicts to weigh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from bot.answers import Evidence
from bot.person_names import Agreement, speaker_agreement
from bot.quote_diff import DiffEntry, Verdict, compare

Status = Literal["verbatim", "altered", "not_found", "error"]


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where an article holds the claim: ``evidence.quote`` is the smallest verbatim
    slice covering the matched words; ``similarity`` the share of the claim's words
    it holds in order."""

    evidence: Evidence
    verdict: Verdict
    speaker: Agreement
    similarity: float
    diff: tuple[DiffEntry, ...]


@dataclass(frozen=True, slots=True)
class Verification:
    """The verdict on one claim: the best match's, or ``not_found``."""

    claim: str
    claimed_speaker: str | None
    status: Status
    matches: tuple[QuoteMatch, ...] = ()
    error: str | None = None


def verify_against(claim: str, claimed_speaker: str | None, passages: Sequence[Evidence], limit: int) -> Verification:
    """Compare ``claim`` with each of ``passages`` (whole passages, best first); the
    closest match of each article, verbatim ones first, then by similarity."""
    closest: dict[str, QuoteMatch] = {}
    for passage in passages:
        found = compare(claim, passage.quote)
        if found is None:
            continue
        match = QuoteMatch(
            replace(
                passage,
                quote=passage.quote[found.start : found.end],
                start=passage.start + found.start,
                end=passage.start + found.end,
            ),
            found.verdict,
            speaker_agreement(claimed_speaker, passage.who),
            found.similarity,
            found.diff,
        )
        held = closest.get(passage.doc_id)
        if held is None or _rank(match) < _rank(held):
            closest[passage.doc_id] = match
    matches = sorted(closest.values(), key=_rank)[:limit]
    status: Status = matches[0].verdict if matches else "not_found"
    return Verification(claim, claimed_speaker, status, tuple(matches))


def _rank(match: QuoteMatch) -> tuple[bool, float, bool]:
    """Verbatim first, then the closest; among equals, the report the archive dates."""
    return (match.verdict != "verbatim", -match.similarity, match.evidence.source.published is None)

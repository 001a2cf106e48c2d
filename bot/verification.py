"""A claimed quotation checked against the passages found for it.

Someone pastes "Kirby said North Korea is 'covertly supplying' shells" into a
channel; the desk needs the article's own words beside the claim, the words
that differ, and whether the article gives them to the claimed speaker. Each
article counts once, by its closest passage: five reports of one statement are
five places to cite, not five verdicts to weigh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answers import Evidence, QuoteMatch, Verification, VerificationStatus
from bot.person_names import speaker_agreement
from bot.quote_diff import compare


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
    status: VerificationStatus = matches[0].verdict if matches else "not_found"
    return Verification(claim, claimed_speaker, status, tuple(matches))


def _rank(match: QuoteMatch) -> tuple[bool, float, bool]:
    """Verbatim first, then the closest; among equals, the report the archive dates."""
    return (match.verdict != "verbatim", -match.similarity, match.evidence.source.published is None)

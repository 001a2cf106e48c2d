"""A topic's statements in the order they were made: one line per event.

A fact-checker reconstructing a story needs the sequence: who said what first,
who answered, when it was said again. An event is one speaker's statement on one
date, however many articles carry it; events are ordered by that date (the
statement's own where the article dates it, else the article's), the undated last.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers import Claim, Evidence
from bot.person_names import speaker_agreement


def in_order(claims: Sequence[Claim], limit: int) -> tuple[Claim, ...]:
    """``claims`` (best first) merged into events, the best ``limit`` of them in date order."""
    events: list[list[Evidence]] = []
    for claim in claims:
        reports = [claim.evidence, *claim.also_in]
        same = next((event for event in events if _one_event(event[0], claim.evidence)), None)
        if same is None:
            events.append(reports)
        else:
            same.extend(reports)
    kept = [_claim(event) for event in events[:limit]]
    return tuple(sorted(kept, key=lambda claim: (date_of(claim.evidence) is None, date_of(claim.evidence) or "")))


def date_of(evidence: Evidence) -> str | None:
    """The statement's date: its own where the article dates it, else the article's."""
    if evidence.when is not None and evidence.when.date:
        return evidence.when.date
    return evidence.source.published


def articles(claim: Claim) -> int:
    """How many articles carry the event."""
    return len({e.doc_id for e in (claim.evidence, *claim.also_in)})


def _one_event(lead: Evidence, other: Evidence) -> bool:
    """The same speaker on the same date (an unnamed speaker is no one to match)."""
    return date_of(lead) == date_of(other) and speaker_agreement(lead.who, other.who) == "same"


def _claim(reports: list[Evidence]) -> Claim:
    """The event led by its best report, the other articles' after it, one report per article."""
    lead, *rest = reports
    seen = {lead.doc_id}
    others = []
    for report in rest:
        if report.doc_id not in seen:
            seen.add(report.doc_id)
            others.append(report)
    return Claim(lead, tuple(others))

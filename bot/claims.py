"""Group retrieved passages into distinct claims.

The same statement is reported by several outlets in different words; a
fact-checker wants it once, with the other outlets listed as "also reported
by". But two denials months apart are two events, even when worded alike, so
passages join a claim only when their texts are close, their dates can be
the same event, *and* their speakers can be the same (a White House denial of
a report and a ministry's denial are different claims, however alike).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

import numpy as np

from bot.answers import Claim, Evidence, When
from index.terms import words

# Cosine between two passages' TF-IDF vectors above which they state the same thing.
SAME_CLAIM = 0.3
# Reports of one statement date it a little differently (the day it was made,
# the day it was carried, the day the piece ran).
SAME_EVENT_DAYS = 3
# A dated report may lead a claim instead of a better-matching undated one if it
# matches at least this share as well.
LEAD_MIN_SHARE = 0.5
# How much each further outlet reporting a claim adds to its rank, as a share of
# that outlet's own match: a statement carried by four outlets is a better
# answer than one sentence of one article that matches a little better. The
# corroboration at most doubles a claim's rank: twenty outlets sharing only the
# question's commonest word must not outrank the one passage that matches it.
CORROBORATION_WEIGHT = 0.5


def group_claims(
    evidence: Sequence[Evidence],
    similarity: np.ndarray,
    limit: int | None = None,
    tiers: Sequence[int] | None = None,
) -> list[Claim]:
    """Distinct claims, best first, at most ``limit`` of them; ``evidence`` must be best first.

    ``tiers`` (one per passage, higher first, e.g. how it holds a quotation the
    question traces) rank claims before their scores do, and a claim is led by a
    passage of its highest tier.

    Each passage is compared with the first passage of each claim so far, never
    with the other members, so a chain of near matches cannot drag unrelated
    passages into one claim. A claim takes at most one passage per article.
    Claims rank by their best match plus ``CORROBORATION_WEIGHT`` times the
    matches of the other outlets that carry them, at most twice their best match.
    """
    # Python floats: hundreds of lookups into a NumPy array cost more than the grouping.
    close = similarity.tolist()
    groups: list[list[int]] = []
    for i, candidate in enumerate(evidence):
        for group in groups:
            lead = evidence[group[0]]
            if (
                close[i][group[0]] >= SAME_CLAIM
                and all(evidence[j].doc_id != candidate.doc_id for j in group)
                and same_event(lead.when, candidate.when)
                and same_speaker(lead.who, candidate.who)
            ):
                group.append(i)
                break
        else:
            groups.append([i])
    tier = tiers if tiers is not None else [0] * len(evidence)
    top = [max(tier[j] for j in group) for group in groups]
    order = sorted(range(len(groups)), key=lambda n: (-top[n], -rank([evidence[j] for j in groups[n]])))
    return [
        _claim([evidence[j] for j in groups[n] if tier[j] == top[n]], [evidence[j] for j in groups[n]])
        for n in order[:limit]
    ]


def rank(members: Sequence[Evidence]) -> float:
    """A claim's rank: the best match, plus ``CORROBORATION_WEIGHT`` times the best match
    of each other outlet, at most twice the best. More articles of the best one's outlet
    (a live blog's updates, a column run twice) corroborate nothing; an article whose
    outlet is unknown counts as an outlet of its own."""
    if len(members) == 1:
        return members[0].score
    best = max(members, key=lambda e: e.score)
    own = _outlet(best)
    others: dict[str, float] = {}
    for member in members:
        outlet = _outlet(member)
        if outlet != own:
            others[outlet] = max(others.get(outlet, 0.0), member.score)
    return best.score + min(best.score, CORROBORATION_WEIGHT * sum(others.values()))


def _outlet(evidence: Evidence) -> str:
    outlet = evidence.source.outlet
    return f"outlet:{outlet}" if outlet is not None else f"article:{evidence.doc_id}"


def _claim(leads: list[Evidence], members: list[Evidence]) -> Claim:
    """Lead with the report a fact-checker can cite, of those that may lead: one whose
    article carries a publication date, unless it matches the question far worse than the best."""
    floor = leads[0].score * LEAD_MIN_SHARE
    lead = max((m for m in leads if m.score >= floor), key=lambda m: (m.source.published is not None, m.score))
    return Claim(lead, tuple(m for m in members if m is not lead))


def same_event(a: When | None, b: When | None) -> bool:
    """Whether two datings can describe one event; an unknown date matches any."""
    span_a, span_b = span(a), span(b)
    if span_a is None or span_b is None:
        return True
    gap = max(span_a[0], span_b[0]) - min(span_a[1], span_b[1])
    return gap <= dt.timedelta(days=SAME_EVENT_DAYS)


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two attributions can name one speaker: they share a content word
    ("a Defense Ministry official", "the defense ministry's deputy director"),
    or one of them is unknown."""
    if a is None or b is None:
        return True
    return not {t for _, t in words(a)}.isdisjoint(t for _, t in words(b))


def span(when: When | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a dating covers (a month covers all its days)."""
    if when is None or when.date is None:
        return None
    if len(when.date) == 7:
        first = dt.date.fromisoformat(when.date + "-01")
        # Counted within the month: stepping into the next one overflows in December 9999.
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    first = dt.date.fromisoformat(when.date)
    return first, dt.date.fromisoformat(when.until) if when.until else first

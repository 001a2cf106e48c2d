"""A schema.org ``ClaimReview`` draft of a checked quotation (``factcheck verify --claimreview``).

A fact-checker who publishes a verdict marks it up so search engines show it
beside the claim. The draft fills what the archive knows (the claim, who is said
to have spoken it, where and when it appeared, the verdict's wording) and leaves
the judgement to the person who signs it: no numeric rating is given, and the
review's own address is left null unless the newsroom names a pattern for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.answers import QuoteMatch, Verification

# How the draft names the verdict; a fact-checker may reword it before publishing.
RATING_NAMES = {"verbatim": "Verbatim quote", "altered": "Altered quote", "not_found": "No record in our archive"}
# A speaker named with one of these words is an organisation, not a person.
_ORGANISATION_WORDS = re.compile(
    r"\b(?:ministry|department|agency|office|house|government|committee|council|party|campaign|"
    r"news|press|service|bureau|embassy|army|military|forces|command|union|association|university|"
    r"institute|center|centre|foundation|company|corporation|inc|ltd|group|administration|senate|congress)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """Who publishes the review: ``FACTCHECK_ORG_NAME``, ``FACTCHECK_ORG_URL``, and
    ``FACTCHECK_REVIEW_URL``, the review's address with ``{id}`` for the claim's id."""

    org_name: str | None = None
    org_url: str | None = None
    review_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ReviewSettings:
        return cls(
            env.get("FACTCHECK_ORG_NAME") or None,
            env.get("FACTCHECK_ORG_URL") or None,
            env.get("FACTCHECK_REVIEW_URL") or None,
        )


def claim_review(checked: Verification, settings: ReviewSettings, today: dt.date) -> dict[str, Any]:
    """The draft for ``checked``, dated ``today``."""
    claim_id = hashlib.sha256(checked.claim.encode("utf-8")).hexdigest()[:12]
    best = checked.matches[0] if checked.matches else None
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": _speaker(checked.claimed_speaker or (best.evidence.who if best else None)),
        "datePublished": _claim_date(best),
    }
    if checked.matches:
        item["appearance"] = [_appearance(match) for match in checked.matches]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.review_url.replace("{id}", claim_id) if settings.review_url else None,
        "author": {"@type": "Organization", "name": settings.org_name, "url": settings.org_url},
        "datePublished": today.isoformat(),
        "claimReviewed": checked.claim,
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": RATING_NAMES.get(checked.status)},
    }


def _speaker(name: str | None) -> dict[str, str] | None:
    if not name:
        return None
    kind = "Organization" if _ORGANISATION_WORDS.search(name) else "Person"
    return {"@type": kind, "name": name}


def _claim_date(match: QuoteMatch | None) -> str | None:
    """When the words were said, where the article lets it be worked out; else its publication date."""
    if match is None:
        return None
    when = match.evidence.when
    return when.date if when is not None and when.date else match.evidence.source.published


def _appearance(match: QuoteMatch) -> dict[str, Any]:
    source = match.evidence.source
    work: dict[str, Any] = {"@type": "CreativeWork", "url": source.url, "headline": source.title or source.doc_id}
    if source.published:
        work["datePublished"] = source.published
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    return work

"""The answer as the JSON object scripts and batch checks read (``factcheck ask --json``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.answers import Answer, Evidence, QuoteMatch, Verification
from bot.timeline import articles, date_of


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """The answer as stored; a question quoting a claim also carries its ``verification``."""
    found: dict[str, Any] = {
        "question": answer.question,
        "status": answer.status,
        "error": answer.error,
        "missing_terms": list(answer.missing_terms),
        "corrections": [{"asked": word, "searched": fix} for word, fix in answer.corrections],
        "results": [
            {**_evidence(claim.evidence), "also_in": [_evidence(e) for e in claim.also_in]} for claim in answer.claims
        ],
    }
    if answer.verification is not None:
        found["verification"] = verification_to_dict(answer.verification)
    return found


def timeline_to_dict(answer: Answer) -> dict[str, Any]:
    """A timeline (``factcheck timeline --json``): its events in date order, each with the
    date it is placed at and how many articles carry it."""
    return {
        "topic": answer.question,
        "status": answer.status,
        "error": answer.error,
        "events": [
            {
                **_evidence(claim.evidence),
                "date": date_of(claim.evidence),
                "articles": articles(claim),
                "also_in": [_evidence(e) for e in claim.also_in],
            }
            for claim in answer.claims
        ],
    }


def verification_to_dict(checked: Verification) -> dict[str, Any]:
    """The check of a claimed quotation (``factcheck verify --json``)."""
    return {
        "claim": checked.claim,
        "claimed_speaker": checked.claimed_speaker,
        "status": checked.status,
        "error": checked.error,
        "matches": [_match(match) for match in checked.matches],
    }


def _match(match: QuoteMatch) -> dict[str, Any]:
    shown = _evidence(match.evidence)
    del shown["score"], shown["headline"]
    return {
        **shown,
        "verdict": match.verdict,
        "speaker": match.speaker,
        "similarity": round(match.similarity, 4),
        "diff": [{"op": d.op, "claimed": d.claimed, "article": d.article} for d in match.diff],
    }


def _evidence(evidence: Evidence) -> dict[str, Any]:
    source = evidence.source
    return {
        "quote": evidence.quote,
        "doc_id": source.doc_id,
        "start": evidence.start,
        "end": evidence.end,
        "score": round(evidence.score, 4),
        "title": source.title,
        "outlet": source.outlet,
        "published": source.published,
        "url": source.url,
        "file": source.file,
        "who": evidence.who,
        "when": asdict(evidence.when) if evidence.when else None,
        "headline": evidence.headline,
    }

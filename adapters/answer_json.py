"""The answer as the JSON object scripts and batch checks read (``factcheck ask --json``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.answers import Answer, Evidence


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    return {
        "question": answer.question,
        "status": answer.status,
        "error": answer.error,
        "missing_terms": list(answer.missing_terms),
        "corrections": [{"asked": word, "searched": fix} for word, fix in answer.corrections],
        "results": [
            {**_evidence(claim.evidence), "also_in": [_evidence(e) for e in claim.also_in]} for claim in answer.claims
        ],
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

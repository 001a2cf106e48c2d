"""Passages found by the index, read from the store and made into evidence.

A search yields ids and scores; a reader needs the passage's words with its
article, speaker and date. The passages found are often several of one article,
so each article's source is made once.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence

from bot.annotations import Annotation
from bot.answers import Evidence, Source
from index.archive import Continuation, StoredPassage
from index.tfidf import Hit


def evidence_of(rows: Sequence[StoredPassage], hits: Sequence[Hit]) -> list[tuple[Hit, Evidence]]:
    """The hits with their evidence from their passages ``rows`` (read in the hits' order)."""
    hit_of = {hit.passage_id: hit for hit in hits}
    evidence = scored_evidence(rows, [hit_of[row.id].score for row in rows])
    return [(hit_of[row.id], found) for row, found in zip(rows, evidence, strict=True)]


def scored_evidence(rows: Sequence[StoredPassage], scores: Sequence[float]) -> list[Evidence]:
    """The evidence of the passages ``rows``, each with its score."""
    sources: dict[str, Source] = {}
    found = []
    for row, score in zip(rows, scores, strict=True):
        note = Annotation.from_note(row.note)
        source = sources.get(row.doc_id)
        if source is None:
            source = Source(row.doc_id, os.path.basename(row.file), row.title, row.outlet, row.published, row.url)
            sources[row.doc_id] = source
        found.append(
            Evidence(row.text, row.start, row.end, score, source, note.who, note.when, headline=bool(row.headline))
        )
    return found


def continued(evidence: Evidence, following: Continuation) -> Evidence:
    """``evidence`` reaching over the passage after it: still one contiguous slice of the
    article (``article_text[start:end] == quote``), never two places joined."""
    return dataclasses.replace(evidence, quote=evidence.quote + following.gap + following.text, end=following.end)


def overlaps(evidence: Evidence, spans: Sequence[tuple[str, int, int]]) -> bool:
    """Whether ``evidence`` shares characters with one of the quotes ``spans`` (article id,
    start, end): a conversation's shown claims, its echoes, what it leaves out."""
    # Called for every candidate of every question, which mostly have no spans to check.
    return bool(spans) and any(
        doc_id == evidence.doc_id and start < evidence.end and evidence.start < end for doc_id, start, end in spans
    )

"""Where a report was filed from: its dateline.

"Where was the Reuters piece datelined?" asks about the article, not about a
statement in it: its answer is the opening passage that begins with the place the
report was filed from ("SEOUL, South Korea —", "WASHINGTON (AP) —"), in the
articles the question's words find. A passage that merely shares the question's
words is no answer to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answers import Evidence
from bot.found_passages import scored_evidence
from index.archive import PassageReads

# The passages of an article its dateline may open: after the headline, a
# standfirst and a lead photo's caption come before the report itself.
OPENING_PASSAGES = 8

_ASKS = re.compile(
    r"\bdatelin(?:e|ed|es)\b|\b(?:filed|reported|reporting|written|writing)\s+from\b|\bwhere\b.*\bfiled\b",
    re.IGNORECASE,
)
# A city in capitals, a region or date after a comma, an agency in brackets, a dash.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+)*(?:, [A-Z][\w.'’\-]*(?: [\w.'’\-]+){0,3}){0,2}"
    r"(?: \([^()\n]{1,40}\))?\s*[—–-]{1,2}\s"
)


def asks_dateline(question: str) -> bool:
    """Whether ``question`` asks where a report was filed from."""
    return _ASKS.search(question) is not None


def datelined(passage: str) -> bool:
    """Whether ``passage`` opens with a dateline."""
    return _DATELINE.match(passage) is not None


def datelines(reads: PassageReads, found: Sequence[Evidence], tiers: Sequence[int]) -> tuple[list[Evidence], list[int]]:
    """The dateline passage of each article ``found`` holds one in its opening, in the
    order of the article's first passage found, with that passage's score and tier."""
    first: dict[str, tuple[float, int]] = {}
    for evidence, tier in zip(found, tiers, strict=True):
        first.setdefault(evidence.source.doc_id, (evidence.score, tier))
    rows = {}
    for row in reads.openings(list(first), OPENING_PASSAGES):
        if row.doc_id not in rows and datelined(row.text):
            rows[row.doc_id] = row
    kept = [rows[doc_id] for doc_id in first if doc_id in rows]
    openings = scored_evidence(kept, [first[row.doc_id][0] for row in kept])
    return openings, [first[row.doc_id][1] for row in kept]

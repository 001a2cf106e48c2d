"""Group the passages of a speech-act question into events: who did it, when, about what.

"Who denied what, when?" asks for events. Outlets word one denial so differently
that wording alone splits it into fragments (a headline and the paragraph quoting
the same statement are often under 0.1 apart by TF-IDF cosine), while two denials
worded alike months apart are two events. So a speech-act question groups its
passages by the date of what they report first and by subject second: passages
join an event when their dates can be one event's and they share some subject
with one of its passages. Each article stands once in an event, by the passage
that states the act most directly, and the event is led by the most direct of
those: a quotation of the speaker's own words, not a headline or a summary
("The government in Pyongyang denies and speaks of rumors.").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

import numpy as np

from bot.answers import Claim, Evidence
from bot.claims import SAME_EVENT_DAYS, rank, span
from bot.found_passages import continued, overlaps
from index.archive import Continuation

# Cosine between two passages' TF-IDF vectors from which they can be about the same
# thing: one shared uncommon word. The dates do most of the separating.
EVENT_SUBJECT = 0.05
# A quotation of four or more words: the speaker's own words, not a scare quote.
_QUOTATION = re.compile(r"[“\"‘]\s*(?:[^\s”\"’]+\s+){3,}[^”\"]*?[”\"’]")
_WHO_OR_WHEN = re.compile(r"\b(?:who|whom|when)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:never|not|no|none|nothing|neither|nor)\b|n[’']t\b", re.IGNORECASE)


def asks_for_events(question: str) -> bool:
    """Whether a question naming a speech act asks who did it or when ("Who denied what,
    when?"): then its answer is events. Grouping by date is measured only there; other
    speech-act questions ("Did North Korea support the annexation?") ask about a
    subject, and as events they lost answers (seeds Hit@3 23 -> 21 of 26, PolNeAR train
    Hit@1 1711 -> 1699)."""
    return _WHO_OR_WHEN.search(question) is not None


def group_events(
    evidence: Sequence[Evidence],
    similarity: np.ndarray,
    limit: int | None = None,
    tiers: Sequence[int] | None = None,
    *,
    denial: bool = False,
    shown: Sequence[tuple[str, int, int]] = (),
) -> list[Claim]:
    """Events, best first, at most ``limit``; ``evidence`` must be best first.

    Passages dated by their own words are placed first (they date an event to the
    day: "on Monday" and "on Tuesday" are two events), then those dated only by
    their article's publication (which may lag the event by days), then the
    undated, each into the event whose passages it is closest to. ``tiers`` rank
    events before their scores do, as in ``group_claims``. With ``denial`` a
    passage holding a negation ("never had arms dealings") states the act more
    directly than one that only names it.
    """
    close = similarity.tolist()
    groups: list[list[int]] = []
    dating = [_Dating(span(e.when), e.when is not None and e.when.basis == "text") for e in evidence]
    for i in sorted(range(len(evidence)), key=lambda n: (dating[n].precision, n)):
        fits = [
            group
            for group in groups
            if all(_one_event(dating[i], dating[j]) for j in group) and max(close[i][j] for j in group) >= EVENT_SUBJECT
        ]
        if fits:
            max(fits, key=lambda group: max(close[i][j] for j in group)).append(i)
        else:
            groups.append([i])
    tier = tiers if tiers is not None else [0] * len(evidence)
    events = [_event([(evidence[j], tier[j]) for j in sorted(group)], denial, shown) for group in groups]
    events.sort(key=lambda event: (-event[0], -event[1]))
    return [claim for _, _, claim in events[:limit]]


def _event(
    members: list[tuple[Evidence, int]], denial: bool, shown: Sequence[tuple[str, int, int]]
) -> tuple[int, float, Claim]:
    """(tier, rank, claim) of one event: each article's most direct passage, led by the
    most direct of those; the rank counts each outlet once, by its best match.

    A conversation's follow-up that finds the event its thread has just been shown is
    led by a passage not ``shown`` yet, another outlet's or the same article's: the
    thread asks something new of that event ("Who did they say was behind the
    rumours?"), and the quote it has read cannot answer it again."""
    top = max(tier for _, tier in members)
    # Worked out once per passage: each holds two searches of its text.
    directness = [(tier == top, *_directness(passage, denial)) for passage, tier in members]
    best: dict[str, int] = {}
    for at, (passage, _) in enumerate(members):
        held = best.get(passage.doc_id)
        if held is None or directness[at] > directness[held]:
            best[passage.doc_id] = at
    unseen = {at: not overlaps(members[at][0], shown) for at in best.values()}
    lead = members[max(best.values(), key=lambda at: (directness[at][0], unseen[at], directness[at]))][0]
    reports = tuple(members[at][0] for at in best.values() if members[at][0] is not lead)
    return top, rank([passage for passage, _ in members]), Claim(lead, reports)


def _directness(passage: Evidence, denial: bool) -> tuple[bool, bool, bool, bool, float]:
    """How directly a passage states the act: a body passage quoting a named speaker's
    words, holding a negation when the act is a denial, from a dated article, then by
    its match."""
    quotes = passage.who is not None and _QUOTATION.search(passage.quote) is not None
    negated = denial and _NEGATION.search(passage.quote) is not None
    return not passage.headline, quotes, negated, passage.source.published is not None, passage.score


def with_quoted_words(passage: Evidence, following: Continuation | None) -> Evidence:
    """``passage`` reaching into the next piece of its paragraph when that piece quotes a
    named speaker and ``passage`` quotes nobody: the report names the act ("the Defense
    Ministry … accused the United States …") and the next sentence gives its words. One
    contiguous slice of the article, whose speaker is the one quoted."""
    if (
        following is None
        or following.who is None
        or _QUOTATION.search(following.text) is None
        or _QUOTATION.search(passage.quote) is not None
    ):
        return passage
    return dataclasses.replace(continued(passage, following), who=following.who)


@dataclasses.dataclass(frozen=True, slots=True)
class _Dating:
    """A passage's dates, worked out once: a grouping compares each pair of passages."""

    span: tuple[dt.date, dt.date] | None
    from_text: bool

    @property
    def precision(self) -> int:
        """0 for a date from the passage's own words, 1 for the publication date, 2 for none."""
        if self.span is None:
            return 2
        return 0 if self.from_text else 1


def _one_event(a: _Dating, b: _Dating) -> bool:
    """Whether two datings can be one event's: two dates from the passages' own words
    must overlap; a publication date may lag by ``SAME_EVENT_DAYS``; unknown fits any."""
    if a.span is None or b.span is None:
        return True
    gap = max(a.span[0], b.span[0]) - min(a.span[1], b.span[1])
    slack = 0 if a.from_text and b.from_text else SAME_EVENT_DAYS
    return gap <= dt.timedelta(days=slack)

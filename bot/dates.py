"""Work out when a passage's statement was made, from its own time words.

News dates events relative to the day a piece runs ("said Tuesday", "last
week", "In September"), so a time word is resolved against the article's
publication date: a bare weekday is the latest such day on or before it; "last
week" is the whole calendar week (Monday to Sunday) before the publication
week; a month without a year is the latest such month not after publication.

A sentence can carry several time words, only some of which date the statement
("Kirby said last week ... the war, which began in February"). Candidates near
a speech word (said, told, denied, statement ...) are preferred, the closest
first; in a sentence with a speech word, a time word far from every one is
background and is ignored. With no time word at all, the publication date
stands in (``basis="published"``) because a report's statements are usually
that day's or the day before's news.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from bot.answers import When

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sept sep",
            "october oct",
            "november nov",
            "december dec",
        ],
        1,
    )
    for name in names.split()
}
_WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR, "saturday": SA, "sunday": SU}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<mm>\d{2})-(?P<day>\d{2})\b")),
    (
        "month_day",
        re.compile(rf"\b(?:on\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?"),
    ),
    ("day_month", re.compile(rf"\b(?:on\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?")),
    (
        "month",
        re.compile(
            rf"\b(?:(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y|[Oo]f|[Ee]arly|[Ll]ate|[Mm]id-?)\s+)?{_MONTH}(?:\s+(?P<year>\d{{4}}))?\b"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:[Oo]n\s+|[Ll]ast\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<relative>today|tonight|this (?:morning|afternoon|evening)|yesterday|"
            r"(?:earlier |later )?(?:this|last|next) (?:week|month|year)|in recent (?:days|weeks|months))\b",
            re.IGNORECASE,
        ),
    ),
]
# Cheap test for any time word at all, so most sentences skip the patterns below.
_ANY_TIME = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
    r"|\b(?:[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]his|[Ll]ast|[Nn]ext|[Rr]ecent)\b"
)
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|denied|denies|deny|dismissed|dismisses|stated|statements?|announced|reported|"
    r"warned|added|claimed|accused|rebuked|rebuff|pledged|pledging|declared|insisted|stressed|noted|confirmed|"
    r"rejected|slammed|boasted|spoke|responded|responding|quoted|cited|cites)\b",
    re.IGNORECASE,
)
_WHEN_ASKED = re.compile(
    r"^\W*when\b|\b(?:what|which) (?:date|day|month|year|week)\b|\bhow long ago\b|\bsince when\b", re.IGNORECASE
)
# A time word further than this (in characters) from every speech word dates
# background, not the statement.
_NEAR = 80


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    kind: str
    match: re.Match[str]


def resolve_when(passage: str, published: dt.date | None) -> When | None:
    chosen = _choose(passage)
    if chosen is None:
        return When(published.isoformat(), published.isoformat(), basis="published") if published else None
    try:
        date, until = _resolve(chosen, published)
    except OverflowError:
        # Counted back from a publication date at the calendar's start ("yesterday"
        # in a piece dated 0001-01-01): no day to give, so the words stay undated.
        date, until = None, None
    return When(passage[chosen.start : chosen.end], date, until, "text")


def asks_when(question: str) -> bool:
    """Whether ``question`` asks for a time ("When did …", "On what day …")."""
    return _WHEN_ASKED.search(question) is not None


def mentions_time(text: str) -> bool:
    """Whether ``text`` says when in words this module reads (a date, a month, a
    weekday, "last week"): what a question asking when needs from its answer."""
    return bool(_candidates(text))


def _choose(passage: str) -> _Candidate | None:
    found = _candidates(passage)
    if not found:
        return None
    speech = [m.span() for m in _SPEECH.finditer(passage)]
    if not speech:
        return min(found, key=lambda c: c.start)

    def distance(c: _Candidate) -> int:
        return min(max(s - c.end, c.start - e, 0) for s, e in speech)

    near = [c for c in found if distance(c) <= _NEAR]
    return min(near, key=lambda c: (distance(c), c.start)) if near else None


def _candidates(passage: str) -> list[_Candidate]:
    """The time words of ``passage``, each stretch once (the first pattern to read it)."""
    if not _ANY_TIME.search(passage):
        return []
    found: list[_Candidate] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(passage):
            if kind == "month" and match.group("month") == "May" and match.group(0) == "May":
                continue
            if not any(c.start < match.end() and match.start() < c.end for c in found):
                found.append(_Candidate(match.start(), match.end(), kind, match))
    return found


def _resolve(c: _Candidate, published: dt.date | None) -> tuple[str | None, str | None]:
    groups = c.match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if c.kind == "iso":
        return _valid(year, int(groups["mm"]), int(groups["day"])), None
    if c.kind in ("month_day", "day_month"):
        month, day = _MONTHS[groups["month"].rstrip(".").lower()], int(groups["day"])
        if year is None and published is not None:
            year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
        return (_valid(year, month, day) if year else None), None
    if c.kind == "month":
        month = _MONTHS[groups["month"].rstrip(".").lower()]
        if year is None and published is not None:
            year = published.year if month <= published.month else published.year - 1
        return (f"{year:04d}-{month:02d}" if year else None), None
    if published is None:
        return None, None
    if c.kind == "weekday":
        latest = published + relativedelta(weekday=_WEEKDAYS[groups["weekday"].lower()](-1))
        return latest.isoformat(), None
    return _relative(groups["relative"].lower(), published)


def _relative(words: str, published: dt.date) -> tuple[str | None, str | None]:
    monday = published - dt.timedelta(days=published.weekday())
    if words in ("today", "tonight") or (
        words.startswith("this ") and words.split()[1] in ("morning", "afternoon", "evening")
    ):
        return published.isoformat(), None
    if words == "yesterday":
        return (published - dt.timedelta(days=1)).isoformat(), None
    if words.endswith("last week"):
        start = monday - dt.timedelta(days=7)
        return start.isoformat(), (start + dt.timedelta(days=6)).isoformat()
    if words.endswith("this week"):
        return monday.isoformat(), published.isoformat()
    if words.endswith("last month"):
        previous = published.replace(day=1) - dt.timedelta(days=1)
        return f"{previous.year:04d}-{previous.month:02d}", None
    if words.endswith("this month"):
        return f"{published.year:04d}-{published.month:02d}", None
    return None, None


def _valid(year: int | None, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat() if year else None
    except ValueError:
        return None

"""A month a follow-up names, read as when its answer's statements were made.

"And in November?" after an answer about September asks for November's statements.
That is a date, which the archive knows for each passage (``bot.dates`` dates its
statement from the article's time words and publication date), not a word to
search for: most reports never print the month ("North Korea said Tuesday …"), and
a question asking for a word no article holds is refused. "How did Pyongyang
respond at the time?" names the month of the claim it follows.

The month's year is the one nearest the dates the conversation has shown ("in
November" after September 2022 is November 2022); with no date shown there is no
year to give, and the month stays a word of the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers import When

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH = re.compile(
    r"(?:\b(?:in|during|for|from|of)\s+)?\b(?P<month>" + "|".join(MONTH_NAMES) + r")\b(?:,?\s+(?P<year>\d{4})\b)?",
    re.IGNORECASE,
)
_THEN = re.compile(r"\b(?:at|around|by)\s+(?:the|that)\s+time\b|\bback\s+then\b", re.IGNORECASE)
_BEFORE_MARK = re.compile(r"\s+(?=[,?.!])")


@dataclass(frozen=True, slots=True)
class Period:
    """When the statements an answer prefers were made: from ``start`` to ``end`` (None:
    open), each an ISO date or its leading part (``2022-11`` is all of November)."""

    start: str
    end: str | None = None


@dataclass(frozen=True, slots=True)
class NamedMonth:
    """The month a follow-up's reading names, and the reading without it, as searched."""

    month: Period
    searched: str


def named_month(reading: str, dates: Sequence[str]) -> NamedMonth | None:
    """The month ``reading`` names ("in November", "the September one", "at the time"),
    given ``dates`` (ISO, the claims the conversation has shown, the first claim's first);
    None when it names none, or no date shown gives its year."""
    then = _THEN.search(reading)
    if then is not None and dates:
        return NamedMonth(Period(dates[0][:7], dates[0][:7]), _without(reading, then))
    found = next((m for m in _MONTH.finditer(reading) if _is_month(m)), None)
    if found is None:
        return None
    number = MONTH_NAMES.index(found.group("month").lower()) + 1
    year = int(found.group("year")) if found.group("year") else _nearest_year(number, dates)
    if year is None:
        return None
    month = f"{year:04d}-{number:02d}"
    return NamedMonth(Period(month, month), _without(reading, found))


def in_period(when: When | None, period: Period) -> bool:
    """Whether a statement dated ``when`` (a day, a month, or a span such as "last week") falls in ``period``."""
    if when is None or when.date is None:
        return False
    last = when.until or when.date
    return last[: len(period.start)] >= period.start and (
        period.end is None or when.date[: len(period.end)] <= period.end
    )


def _is_month(found: re.Match[str]) -> bool:
    """ "May" is a month when capitalised or after a preposition ("in may"); "may" alone is a verb."""
    word = found.group("month")
    return word.lower() != "may" or word == "May" or found.group() != word


def _nearest_year(number: int, dates: Sequence[str]) -> int | None:
    """The year that puts month ``number`` nearest the ``dates`` shown, the later year on a tie."""
    shown = [int(date[:4]) * 12 + int(date[5:7]) - 1 for date in dates if len(date) >= 7]
    if not shown:
        return None
    years = {at // 12 + step for at in shown for step in (-1, 0, 1)}
    return min(sorted(years, reverse=True), key=lambda year: min(abs(year * 12 + number - 1 - at) for at in shown))


def _without(reading: str, found: re.Match[str]) -> str:
    return _BEFORE_MARK.sub("", " ".join((reading[: found.start()] + reading[found.end() :]).split()))

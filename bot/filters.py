"""Narrowing a question to some outlets, a speaker or a span of dates.

A fact-checker often knows where to look: "what did Kirby say, per NBC, after
the first of November?". ``outlet:nbc``, ``by:Kirby``, ``after:2022-11-01`` and
``before:…`` anywhere in a question (or as options of a command) keep the search
to the passages that pass, before ranking, so a filtered question still gets
its full number of claims. They are read out of the question before anything
else reads it: a quoted outlet (``outlet:"Asia News"``) is no quotation to trace.
"""

from __future__ import annotations

import datetime as dt
import re

from bot import messages
from bot.answers import Filters
from bot.errors import QuestionError

_FILTER = re.compile(
    r"(?<!\S)(?P<name>outlet|by|after|before):(?:\"(?P<plain>[^\"]*)\"|“(?P<curly>[^”]*)”|(?P<word>\S*?)(?=[?!,;.]*(?:\s|$)))",
    re.IGNORECASE,
)


def read_filters(question: str) -> tuple[str, Filters]:
    """``question`` without its filters, and the filters; a malformed one is refused
    with a message naming it, never silently searched as words."""
    found: dict[str, str] = {}
    for match in _FILTER.finditer(question):
        name = match.group("name").lower()
        value = next(v for v in (match.group("plain"), match.group("curly"), match.group("word")) if v is not None)
        found[name] = checked_filter(name, value.strip())
    return _FILTER.sub(" ", question).strip(), Filters(**found)


def checked_filter(name: str, value: str) -> str:
    """``value`` as filter ``name`` takes it; a date must be a real ISO date."""
    if not value:
        raise QuestionError(messages.EMPTY_FILTER.format(name=name))
    if name in ("after", "before") and not _is_date(value):
        raise QuestionError(messages.BAD_FILTER_DATE.format(name=name, value=value))
    return value


def _is_date(value: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True

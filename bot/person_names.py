"""Whether a claimed speaker and an article's speaker are the same person.

A claim says "Kirby said …"; the article says "White House spokesman John
Kirby said …": the same man. "Eric Trump" and "Donald Trump" share a surname
and are not. A name is compared by its last run of capitalised words, titles
left out: the surnames must agree, and the given names too when both give one.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.demonyms import is_demonym
from bot.mentions import ROLES
from bot.tokens import word_set

Agreement = Literal["same", "different", "unknown"]

_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*")
# A run of capitalised words before a common noun describes it ("a North Korean defense
# official", "Clinton aides", "the Korean voice"): no one is named there.
_MODIFIES = re.compile(r"\s+(?!(?:of|for|at|from|in|on|and|or|who|whose|with|to|by)\b)[a-z]")
TITLES = word_set(
    "mr mrs ms miss dr prof rep sen gov gen lt col sgt capt adm rev sir dame lord lady "
    "president vice secretary senator representative governor minister spokesman spokeswoman "
    "spokesperson director chairman chairwoman chair general judge justice ambassador mayor"
)
# Besides roles and titles, the words that say where in a body someone stands, not which
# body: "a senior official" and "the deputy director" differ only in them.
_RANKS = word_set("a an the of for at from in on and with its officials officer deputy senior top source member staff")
_DESCRIPTION_WORD = re.compile(r"[A-Za-z]+")


def speaker_agreement(claimed: str | None, who: str | None) -> Agreement:
    """``same`` when both name one person, ``unknown`` when either is not named."""
    if not claimed or not who:
        return "unknown"
    mine, theirs = _name(claimed), _name(who)
    if not mine or not theirs:
        # A speaker the article describes without a name ("a senior official") is
        # someone, and not the person the claim names unless described alike.
        alike = " ".join(claimed.lower().split()) == " ".join(who.lower().split())
        return "same" if alike or (not mine and not theirs and _described_alike(claimed, who)) else "different"
    if mine[-1] != theirs[-1]:
        return "different"
    given_mine, given_theirs = mine[:-1], theirs[:-1]
    if given_mine and given_theirs and given_mine[0] != given_theirs[0]:
        return "different"
    return "same"


def _name(text: str) -> list[str]:
    """The last run of capitalised words, lower-cased, without titles or initials; none
    when that run describes the noun after it."""
    run: list[str] = []
    previous_end = 0
    for match in _CAPITALISED.finditer(text):
        # Only spaces between two capitalised words keep them in one name.
        if text[previous_end : match.start()].strip(" "):
            run = []
        run.append(match.group())
        previous_end = match.end()
    if _MODIFIES.match(text, previous_end):
        return []
    words = [word.rstrip(".").lower() for word in run]
    return [word for word in words if word not in TITLES and len(word) > 1]


def _described_alike(one: str, other: str) -> bool:
    """Whether two descriptions place their speaker in one body: "a North Korean defense
    ministry official" and "North Korea's deputy director … at the defense ministry" do;
    "a North Korean official" and "a South Korean official" do not. The body words of one
    must all be in the other, a place matching its people's adjective ("Korea", "Korean")."""
    mine, theirs = _body_words(one), _body_words(other)
    fewer, more = sorted((mine, theirs), key=len)
    return bool(fewer) and all(any(_kindred(word, placed) for placed in more) for word in fewer)


def _body_words(description: str) -> frozenset[str]:
    words = (word.lower() for word in _DESCRIPTION_WORD.findall(description.replace("’s", "").replace("'s", "")))
    return frozenset(word for word in words if word not in _RANKS and word not in ROLES and word not in TITLES)


def _kindred(word: str, other: str) -> bool:
    short, long = sorted((word, other), key=len)
    return long == short or is_demonym(long, short)

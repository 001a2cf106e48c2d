"""The people and bodies an article names, so a short mention finds its full one.

Reporters name a person in full once ("Rep. Michael McCaul") and by surname
after ("McCaul"), and use "he" or "she" for whoever they are following. A name
here is a run of capitalised words (titles and initials included, a leading
sentence word such as "But" left out); a bare surname resolves to the fullest
earlier name ending in it. Nothing is resolved across a gap the reader could
not bridge either: with no earlier name, the mention stays as written.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from bot.cues import is_cue
from bot.tokens import Tokens, word_set

# Capitalised words that start sentences or titles rather than names.
_NOT_NAMES = word_set(
    "the a an but and or so yet in on at by for of to from with as if when while after before since this that "
    "these those there here it its his her their our my your we i he she they you however meanwhile still also "
    "then now later earlier during according last next monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december"
)
# Nouns that make a phrase a person even when a body is named in it.
ROLES = word_set(
    "official spokesman spokeswoman spokesperson director minister secretary president senator representative "
    "chairman chairwoman chair governor mayor adviser advisor aide analyst expert leader chief head ambassador "
    "general judge lawyer attorney professor manager strategist candidate nominee"
)
# Words that make a name a body rather than a person: "he" and "she" skip it.
_BODIES = word_set(
    "ministry department government agency committee council party house office campaign administration news "
    "times post journal network group company corporation university association foundation commission court "
    "board bureau institute center centre service press media poll report statement ad website newspaper "
    "magazine channel station union organization organisation state states cnn nbc abc cbs msnbc fox kcna "
    "senate congress army military police korea russia china ukraine iran israel america japan britain france "
    "germany mexico canada europe nations washington moscow pyongyang seoul beijing kremlin tehran kyiv"
)


@dataclass(frozen=True, slots=True)
class Name:
    """A name as the article writes it: character offsets and its word count."""

    start: int
    end: int
    size: int


class Mentions:
    """The names of one article, collected in one pass over its tokens."""

    def __init__(self, tokens: Tokens) -> None:
        # Per surname: where each of its names starts, and the fullest name up to there.
        self._starts: dict[str, list[int]] = {}
        self._fullest: dict[str, list[Name]] = {}
        i = 0
        while i < len(tokens):
            if not tokens.is_capitalised(i):
                i += 1
                continue
            first = i
            # "Continued Stone: …": a speech verb opening the sentence is no part of the name.
            while first < len(tokens) and (
                tokens.words[first].lower() in _NOT_NAMES or is_cue(tokens.words[first].lower())
            ):
                first += 1
            last, end = _name_end(tokens, first)
            if last >= first and tokens.is_capitalised(first):
                self._add(tokens, first, last, end)
            i = max(last, i) + 1

    def _add(self, tokens: Tokens, first: int, last: int, end: int) -> None:
        # A person's name follows the body they work for in a run of capitals
        # ("United States White House John Kirby"): the name is what comes after it.
        for k in range(last - 1, first - 1, -1):
            if tokens.words[k].lower() in _BODIES:
                first = k + 1
                break
        size = sum(1 for k in range(first, last + 1) if tokens.is_word(k))
        name = Name(tokens.starts[first], end, size)
        surname = _surname(tokens.words[last])
        fullest = self._fullest.setdefault(surname, [])
        self._starts.setdefault(surname, []).append(name.start)
        fullest.append(name if not fullest or name.size >= fullest[-1].size else fullest[-1])

    def fullest(self, surname: str, before: int) -> Name | None:
        """The fullest name ending in ``surname`` that starts before offset ``before``
        (the latest of equally full ones)."""
        key = surname.lower()
        count = bisect.bisect_left(self._starts.get(key, []), before)
        return self._fullest[key][count - 1] if count else None


def is_body(words: str) -> bool:
    """Whether the words name an organisation or a document rather than a person:
    no part of them (between commas) is a person's, that is free of a body's words
    ("Victor Cha, of the … Center"), headed by a role ("a defense ministry official") or
    ending in a name after the body ("Army Capt. Christian Pardo", "Kremlin spokesman
    Dmitry Peskov")."""
    for part in words.split(","):
        written = part.split()
        found = [w.strip(".’'").lower() for w in written]
        if not found:
            continue
        bodies = [at for at, w in enumerate(found) if w in _BODIES]
        if found[-1] in ROLES or not bodies:
            return False
        after = written[bodies[-1] + 1 :]
        if len(after) >= 2 and all(w[:1].isupper() and not w.isupper() for w in after[-2:]):
            return False
    return True


def _surname(word: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)].lower()
    return word.lower()


def _name_end(tokens: Tokens, first: int) -> tuple[int, int]:
    """The last token of the name starting at ``first``, and its end offset (a
    possessive "’s" left out)."""
    last = first - 1
    k = first
    while k < len(tokens) and (tokens.is_capitalised(k) or (k > first and tokens.is_abbreviation_point(k))):
        last = k
        k += 1
    if last < first:
        return last, tokens.starts[first] if first < len(tokens) else 0
    if tokens.is_abbreviation_point(last):
        last -= 1
    word = tokens.words[last]
    cut = len(word) - len(_surname(word)) if word.lower() != _surname(word) else 0
    return last, tokens.ends[last] - cut

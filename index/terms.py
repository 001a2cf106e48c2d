"""Turn text into the terms the index matches on.

Questions and articles word the same thing differently ("denied", "denies",
"denial"; "U.S." and "US"), so terms are Snowball stems of lower-cased words.
Acronyms are kept whole and exempt from the stop list: "US" is the United
States, not the pronoun "us".
"""

from __future__ import annotations

import functools
import re

import Stemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# PyStemmer: the Snowball algorithm in C. Its own cache is off: the caches below
# already hold every token's term, and a third copy only grew with chat.
_STEMMER = Stemmer.Stemmer("english", 0)
_EMPHASIS = {"actually", "really", "exactly", "truly", "basically", "literally", "genuinely", "honestly", "definitely"}
# Beside the usual function words: "say" is every question's and every report's verb,
# and the adverbs an asker adds for emphasis ("can the US actually track them?") say
# nothing of what is asked, yet as rare words they would outweigh its subject.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"did", "does", "doing", "s", "say", "said", "says"} | _EMPHASIS
# Stemming cannot reach irregular past forms ("told" is not "tell"), yet news
# reports in the past tense while questions ask in the present.
IRREGULAR_PAST = {
    past: base
    for base, forms in {
        "begin": "began begun",
        "break": "broke broken",
        "bring": "brought",
        "build": "built",
        "buy": "bought",
        "catch": "caught",
        "choose": "chose chosen",
        "come": "came",
        "drive": "drove driven",
        "fall": "fell fallen",
        "feel": "felt",
        "fight": "fought",
        "find": "found",
        "flee": "fled",
        "fly": "flew flown",
        "forbid": "forbade forbidden",
        "give": "gave given",
        "go": "went gone",
        "grow": "grew grown",
        "hear": "heard",
        "hide": "hid hidden",
        "hold": "held",
        "keep": "kept",
        "know": "knew known",
        "lead": "led",
        "leave": "left",
        "lose": "lost",
        "make": "made",
        "mean": "meant",
        "meet": "met",
        "pay": "paid",
        "rise": "rose risen",
        "run": "ran",
        "see": "saw seen",
        "seek": "sought",
        "sell": "sold",
        "send": "sent",
        "shoot": "shot",
        "speak": "spoke spoken",
        "spend": "spent",
        "steal": "stole stolen",
        "strike": "struck",
        "take": "took taken",
        "teach": "taught",
        "tell": "told",
        "think": "thought",
        "throw": "threw thrown",
        "understand": "understood",
        "win": "won",
        "withdraw": "withdrew withdrawn",
        "write": "wrote written",
    }.items()
    for past in forms.split()
}


# British and American spellings of one word ("defence", "rumour", "criticise")
# fold to one form. The rewrite runs on both articles and questions, so an
# over-eager rewrite ("promise" -> "promize") is harmless: it is consistent.
_SPELLING = [
    (re.compile(r"(?<=\w{3})our(s|ed|ing)?$"), r"or\1"),
    (re.compile(r"(?<=\w{2})is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"^(def|off|lic|pret)ence(s)?$"), r"\1ense\2"),
    (re.compile(r"(?<=\w{3})tre(s)?$"), r"ter\1"),
    (re.compile(r"(?<=\w{4})ogue(s)?$"), r"og\1"),
]


# Where every rewrite above can match: one search instead of five substitutions.
_SPELLING_ENDS = re.compile(r"(?:our|ours|oured|ouring|is(?:e|es|ed|ing|ation|ations)|ences?|tres?|ogues?)$")


def _stem(word: str) -> str:
    word = IRREGULAR_PAST.get(word, word)
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return str(_STEMMER.stemWord(word))


def _read(token: str) -> tuple[str, str] | None:
    """(surface word, term) for one token, or None for a stop word."""
    plain = _POSSESSIVE.sub("", token).replace(".", "").replace("’", "'")
    if len(plain) > 1 and plain.isupper() and plain.isalpha():
        return plain.lower(), plain.lower()
    word = plain.lower()
    if word in STOP_WORDS or not 2 <= len(word) <= _LONGEST_WORD:
        return None
    return word, _stem(word)


# Each distinct token is read once: fitting a million passages meets the same
# few hundred thousand tokens tens of millions of times. The cache is dropped
# when it grows past its bound, so hostile input cannot make it grow forever.
_SEEN: dict[str, tuple[str, str] | None] = {}
# Longer "words" are hashes, URLs run together or junk, never what a question asks about.
_LONGEST_WORD = 40
_SEEN_LIMIT = 1_000_000


def _cached(token: str) -> tuple[str, str] | None:
    try:
        return _SEEN[token]
    except KeyError:
        if len(_SEEN) >= _SEEN_LIMIT:
            _SEEN.clear()
        found = _SEEN[token] = _read(token)
        return found


def words(text: str) -> list[tuple[str, str]]:
    """Return (surface word, term) for every content word of ``text``, in order.

    The surface word is lower-cased so it can be shown to a reader ("No article
    mentions china") while the term is what the index stores.
    """
    return [found for token in _TOKEN.findall(text) if (found := _cached(token)) is not None]


# Questions come from anyone and may be pasted junk: their new tokens go to a
# small cache of their own, so chat cannot grow the articles' cache by hundreds
# of megabytes; a token the articles already taught is still found in theirs.
_QUESTION_TOKENS = 1 << 14


@functools.lru_cache(maxsize=_QUESTION_TOKENS)
def _read_for_question(token: str) -> tuple[str, str] | None:
    return _read(token)


_MISSING = ("", "")


def _question_token(token: str) -> tuple[str, str] | None:
    found = _SEEN.get(token, _MISSING)
    return _read_for_question(token) if found is _MISSING else found


def question_terms(text: str) -> list[str]:
    """``analyze`` for a question: the same terms, without growing the articles' cache."""
    return [found[1] for token in _TOKEN.findall(text) if (found := _question_token(token)) is not None]


def word_terms(words: list[str]) -> dict[str, str]:
    """The term of each lower-case word that is not a stop word, read without any cache
    and stemmed in one call: for hundreds of words tried once, such as the spellings
    near a misspelt one."""
    kept = [w for w in words if w not in STOP_WORDS and 2 <= len(w) <= _LONGEST_WORD]
    ready = [IRREGULAR_PAST.get(w, w) for w in kept]
    for at, word in enumerate(ready):
        if _SPELLING_ENDS.search(word):
            for pattern, replacement in _SPELLING:
                word = pattern.sub(replacement, word)
            ready[at] = word
    return dict(zip(kept, _STEMMER.stemWords(ready), strict=True))


def cased_words(text: str) -> list[tuple[str, str, bool]]:
    """(surface word, term, capitalised) for every content word of a question, in
    order; a word opening the text does not count as capitalised, since every
    sentence opens with one."""
    found = []
    for match in _TOKEN.finditer(text):
        read = _question_token(match.group())
        if read is not None:
            found.append((*read, match.start() > 0 and match.group()[:1].isupper()))
    return found


def analyze(text: str) -> list[str]:
    """The scikit-learn analyzer: the terms of ``text``, in order (the hot loop of fitting)."""
    seen = _SEEN
    terms = []
    for token in _TOKEN.findall(text):
        found = seen[token] if token in seen else _cached(token)
        if found is not None:
            terms.append(found[1])
    return terms

"""Who a question asks about as the speaker: "What did X say about …", "Did X deny …",
"… according to X".

"What did Victor Cha say about a nuclear test?" has no answer in articles where
Cha speaks only of shells, however well "nuclear test" matches elsewhere: finding X
lets abstention ask whether any passage gives X with the rest of the question, and
keeps an outlet that is X from being taken for the outlet the answer must come from.
(Raising X's passages in the ranking was measured and cost answers; see the README.)
"""

from __future__ import annotations

import re

from bot.cues import LEXICON

_AUX = r"(?:did|does|do|has|have|had|will|would|could|can|is|was)"
_OPENING = re.compile(rf"^\s*(?:(?:what|how|when|why|where|who)\s+)?{_AUX}\s+(?P<rest>.+)$", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.?!;]+)", re.IGNORECASE)
_WHO = re.compile(r"^\s*who\s+(?P<verb>[^\W\d_]+)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*\.?")
# The speech verbs as a question words them (the base form): those whose -s, -ed or -d
# forms are cue verbs, and these irregular ones.
_IRREGULAR_SPEECH = frozenset({"say", "tell", "write", "think", "speak", "mean", "feel", "hear"})
# The longest speaker a question names ("Democratic National Committee Chair Debbie Wasserman Schultz").
MOST_WORDS = 10


def asked_speaker(question: str) -> str | None:
    """The words naming the speaker ``question`` asks about, as the asker wrote them."""
    opening = _OPENING.match(question)
    if opening:
        words = _WORD.findall(opening.group("rest"))[: MOST_WORDS + 1]
        # "say" and its like before any other speech verb: in "What did a new report by
        # Politico say", "report" is part of the speaker.
        for test in (_IRREGULAR_SPEECH.__contains__, _is_speech_verb):
            for at, word in enumerate(words):
                if at and test(word.lower()):
                    return " ".join(words[:at])
    according = _ACCORDING.search(question)
    return according.group("who").strip() if according else None


def claimed_speaker(question: str) -> str | None:
    """Who a question says spoke a quotation: "Did Kirby say “…”?", "Kirby said “…”",
    "“…”, according to Kirby"."""
    asked = asked_speaker(question)
    if asked is not None:
        return asked
    words = _WORD.findall(re.split(r"[“\"„‘]", question, maxsplit=1)[0])[: MOST_WORDS + 1]
    spoken = (at for at, word in enumerate(words) if at and is_saying(word.lower()))
    return next((" ".join(words[:at]) for at in spoken), None)


def asks_who_said(question: str) -> bool:
    """Whether ``question`` asks who said or did something in words ("Who said …?",
    "Who denied …?"), not who someone is."""
    asked = _WHO.match(question)
    return asked is not None and is_saying(asked.group("verb").lower())


def is_saying(word: str) -> bool:
    """A verb of saying in any form a question gives it: a cue ("announced"), or a base
    form one of whose forms is ("suspect")."""
    return word in LEXICON or _is_speech_verb(word)


def _is_speech_verb(word: str) -> bool:
    if word in _IRREGULAR_SPEECH:
        return True
    return any(form in LEXICON for form in (word + "s", word + "es", word + "ed", word + "d", word[:-1] + "ied"))

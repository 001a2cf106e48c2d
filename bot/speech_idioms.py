"""Follow-ups that ask what someone said in other words than "say".

In a thread people ask "How did Pyongyang respond?", "What did Kirby say in
return?", "What did Victor Cha make of it?", "What was Seoul's reaction?": each asks
what that speaker said about the claim just shown. The verbs themselves are no help
in a search: articles report what was said ("dismissed the claims as baseless"), and
seldom that someone "responded" or "made" something "of" it, so a question searched
with them finds little or is refused for a word no article holds. ``plain_speech``
asks them as "What did Pyongyang say about it?", where "it" is then the claim
(``bot.references``), and keeps what follows ("… at the time?").
"""

from __future__ import annotations

import re

from bot.thread_messages import OPENING_WORD

_OPENER = rf"^\s*{OPENING_WORD}*"
# Who is asked about: a few words, not a question word nor a pronoun, which stands for
# the claim's own speaker and would ask the speaker to answer their own claim.
_WHO = r"(?P<who>(?!(?:he|she|they|it|we|you|i|what|who|which|that|this)\b)[^\s?,][^?,]{0,60}?)"
_REACT = r"(?:respond(?:ed)?|react(?:ed)?|repl(?:y|ied)|answer(?:ed)?|hit\s+back|push(?:ed)?\s+back|retort(?:ed)?)"
_NOUN = r"(?:response|reaction|reply|answer|retort|view|take|verdict|assessment|opinion)"
_AUX = r"(?:did|does|do|has|have|had|will|would)"
_OBJECT = r"(?:\s+(?:to|of|about|on)\s+(?P<object>[^?!]+?))?"
# What follows may say when ("… at the time?"), which is kept.
_TAIL = r"(?P<when>\s+(?:(?:at|around|by)\s+(?:the|that)\s+time|back\s+then|then))?\s*[?.!]*\s*$"
_IDIOMS = [
    # "How did Pyongyang respond (to the claim)?", "Did North Korea react?"
    re.compile(rf"{_OPENER}(?:how\s+{_AUX}|{_AUX})\s+{_WHO}\s+{_REACT}{_OBJECT}{_TAIL}", re.IGNORECASE),
    # "What did Kirby say in return?", "What did Cha say in response (to it)?"
    re.compile(rf"{_OPENER}what\s+{_AUX}\s+{_WHO}\s+say\s+(?:in\s+(?:return|response)|back){_OBJECT}{_TAIL}", re.I),
    # "What did Victor Cha make of it?", "What did Cha think (of that)?"
    re.compile(rf"{_OPENER}what\s+{_AUX}\s+{_WHO}\s+(?:make|made|think|thought|feel|felt){_OBJECT}{_TAIL}", re.I),
    # "What was Seoul's reaction (to it)?", "What's Cha's take on that?"
    re.compile(rf"{_OPENER}what(?:\s+(?:was|is|were)|['’]s)\s+{_WHO}['’]s?\s+{_NOUN}{_OBJECT}{_TAIL}", re.IGNORECASE),
]


def plain_speech(question: str) -> str | None:
    """``question`` asked as what its speaker said about its object ("it" when it names
    none), or None when it asks in no such words."""
    for idiom in _IDIOMS:
        found = idiom.match(question)
        if found is not None:
            about = found.group("object") or "it"
            return f"What did {found.group('who').strip()} say about {about.strip()}{found.group('when') or ''}?"
    return None

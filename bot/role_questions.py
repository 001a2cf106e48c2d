"""Follow-ups that ask who a speaker is: "What is his title?", "Where does he work?".

A report gives a speaker's role once, where it first names them ("White House
National Security spokesperson John Kirby", "Victor Cha, of the U.S.-based Center
for Strategic and International Studies"), and never in the words the asker uses:
no article says Kirby's "title" or where Cha "works". A search for those words
finds nothing, or is refused for a word no article holds, while "Who is Kirby?"
finds the passage that names him with his role. ``role_holder`` says whose role is
asked, as typed ("he", or a name), for ``bot.followups`` to ask who they are.
"""

from __future__ import annotations

import re

from bot.thread_messages import OPENING_WORD

_OPENER = rf"^\s*{OPENING_WORD}*"
# A person is a name or a noun phrase: words that open a clause ("they say the US was
# trying to", "he would") make "What did … do?" a question about an act, not a job.
_CLAUSE_WORDS = (
    "to say says said tell tells told think thinks thought will would can could should might must may was were is are"
)
_CLAUSE = rf"\b(?:{'|'.join(_CLAUSE_WORDS.split())})\b"
_PERSON = rf"(?P<who>he|she|they|(?:(?!{_CLAUSE})[^?,]){{1,60}}?)"
_POSSESSOR = r"(?P<whose>his|her|their|[^\s?,][^?,]{0,60}?['’]s?)"
_ROLE = r"(?:(?:job\s+)?title|job|role|position|post|occupation|employer|affiliation|organi[sz]ation)"
_AUX = r"(?:does|did|do|is|was|are|were)"
_TAIL = r"\s*[?.!]*\s*$"
_ASKS = [
    # "What is his title?", "What's Kirby's job?", "What was their role?"
    re.compile(rf"{_OPENER}what(?:\s+(?:is|was|are|were)|['’]s)\s+{_POSSESSOR}\s+{_ROLE}{_TAIL}", re.IGNORECASE),
    # "Where does he work?", "Who does Cha work for?", "What does he do?"
    re.compile(rf"{_OPENER}(?:where|who|whom)\s+{_AUX}\s+{_PERSON}\s+work(?:\s+(?:for|at))?{_TAIL}", re.IGNORECASE),
    # "What does he do?" asks a job; "What did he do?" an act.
    re.compile(rf"{_OPENER}what\s+(?:does|do)\s+{_PERSON}\s+do(?:\s+for\s+a\s+living)?{_TAIL}", re.IGNORECASE),
]
_PRONOUNS = {"his": "he", "her": "she", "their": "they"}


def role_holder(question: str) -> str | None:
    """Whose role ``question`` asks for, as typed ("he", "Kirby"), or None when it asks no role."""
    for asks in _ASKS:
        found = asks.match(question)
        if found is not None:
            return found.groupdict().get("who") or _owner(found.group("whose"))
    return None


def _owner(whose: str) -> str:
    """The person a possessive names: "he" for "his", "Kirby" for "Kirby's"."""
    return _PRONOUNS.get(whose.lower()) or re.sub(r"['’]s?$", "", whose)

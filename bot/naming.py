"""Questions asking what something is called, and passages giving its name.

"What were the drills called?" shares "drills" with every passage about the drills;
the one that answers it gives their name ("so-called Vigilant Storm operation").
Like a question asking when, which prefers the passages that say when, one asking
for a name prefers the passages that name something.
"""

from __future__ import annotations

import re

_NAME_ASKED = re.compile(
    r"^\W*(?:and\W+)?what\b.*\b(?:called|named|dubbed|code-?named|known\s+as)\W*$"
    r"|\bwhat(?:\s+(?:is|was|are|were)|['’]s)\s+(?:the\s+|its\s+|their\s+)?(?:name|code-?name)\b",
    re.IGNORECASE,
)
# A naming word before a capitalised name: "so-called Vigilant Storm", "dubbed
# Operation …", "known as the Freedom Shield"; "called the allegations a rumor" names nothing.
_NAMING = re.compile(
    r"\b(?:[Cc]alled|[Nn]amed|[Dd]ubbed|[Cc]ode-?named|[Kk]nown\s+as|[Tt]itled|[Ee]ntitled)\s+"
    r"(?:the\s+)?[“\"‘']?[A-Z]"
)


def asks_name(question: str) -> bool:
    """Whether ``question`` asks what something is called ("What were the drills called?")."""
    return _NAME_ASKED.search(question.strip().rstrip("?").strip()) is not None


def gives_name(text: str) -> bool:
    """Whether ``text`` names something in the words English gives a name with."""
    return _NAMING.search(text) is not None

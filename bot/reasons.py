"""Questions asking why, and passages giving a reason.

"Why does the US think Russia needs North Korean ammunition?" shares its words with
the denials of the deal as much as with Kirby's "a sign of Russia's own shortage";
what sets the answer apart is that it gives a cause ("due to a shortage", "given that
Russia wields a veto", "which is why"). Like a question asking when, which prefers the
passages that say when, one asking why prefers the passages that say why.
"""

from __future__ import annotations

import re

_WHY_ASKED = re.compile(
    r"^\W*(?:(?:and|but|so)\W+)?(?:why|how come|for what reason)\b|\bwhat (?:is|was) the reason\b", re.IGNORECASE
)
# The connectives English gives a cause or a motive with.
_REASON = re.compile(
    r"\b(?:because|due to|owing to|thanks to|given that|since|as a result|"
    r"in order to|so that|sign of|reasons?|why|caused by|driven by|in response to|amid)\b",
    re.IGNORECASE,
)


def asks_why(question: str) -> bool:
    """Whether ``question`` asks for a cause or motive ("Why did …", "How come …")."""
    return _WHY_ASKED.search(question) is not None


def gives_reason(text: str) -> bool:
    """Whether ``text`` states a cause or motive in the words English gives one with."""
    return _REASON.search(text) is not None

"""A misspelt word is not an absent one.

"What did Trump say about imigration?" asks about a subject the archive covers;
refusing it as "no article mentions imigration" would be wrong, and answering
from the other words alone would drop the subject. A word no article holds is
read as the known word one edit away (a letter dropped, added, changed or two
swapped), and the answer says which word it searched.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator

# Shorter words are one edit away from too many others ("nfts" from "nets", "wordle"
# from "worded"), and names from other names ("Sinema" from "cinema"): a name or a
# short word that no article holds is reported missing, never re-read.
MIN_LETTERS = 7


def correction(word: str, known: Callable[[list[str]], set[str]], *, name: bool = False) -> str | None:
    """The known word one edit from ``word``, or None for a ``name`` (a word the asker
    capitalised) or a word with no known neighbour. ``known`` takes candidate words
    and returns those some article holds. A dropped letter is tried first, then two
    swapped, one changed and one added: typing slips are most often in that order."""
    if name or len(word) < MIN_LETTERS or not word.isalpha():
        return None
    candidates = list(dict.fromkeys(_edits(word.lower())))
    found = known(candidates)
    return next((candidate for candidate in candidates if candidate in found), None)


def _edits(word: str) -> Iterator[str]:
    # The first letter is kept: slips there are rare, and changing it turns one real word
    # into another ("getting" into "setting") when the archive lacks the first.
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    yield from (a + c + b for a, b in splits for c in string.ascii_lowercase)
    yield from (a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1 and b[0] != b[1])
    yield from (a + c + b[1:] for a, b in splits if b for c in string.ascii_lowercase if c != b[0])
    yield from (a + b[1:] for a, b in splits if b)

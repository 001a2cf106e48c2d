"""A word no article holds may still be asked about in another form of it.

"When did Russia invade Ukraine?" asks about the invasion the articles report;
no article says "invade", and the Snowball stems the index matches on keep
"invade" (invad) and "invasion" (invas) apart: stemming strips inflections, not
derivations. Lovins's stemmer (1968) strips derivational endings too and
recodes the stem's end ("vad" to "vas"), so it puts invade and invasion,
decide and decision, allege and allegation in one family. It is too coarse to
index with (it joins "nation" and "national"), but for a word that would
otherwise match nothing, the family's most common form in the archive is a
better search than none, and the answer says which word it searched.
"""

from __future__ import annotations

from collections.abc import Callable

from stemming.lovins import stem as lovins_stem

# Lovins's shortest stems ("den" from "deny", "sup" from "supply") gather unrelated
# words; a family is only trusted when its stem is at least this long.
MIN_STEM = 4


def family_term(word: str, starting: Callable[[str], list[str]], frequency: Callable[[str], int]) -> str | None:
    """The index term of ``word``'s family that most passages hold, or None.

    ``starting`` gives the index terms beginning with a prefix; ``frequency`` how
    many passages hold a term. A term is of the family when it is the family's
    stem itself or has the same Lovins stem: the index's Snowball stems are often
    the Lovins stem already ("invas" for "invasion")."""
    if not word.isalpha():
        return None
    family = lovins_stem(word.lower())
    if len(family) < MIN_STEM:
        return None
    members = [term for term in starting(family[:MIN_STEM]) if term == family or lovins_stem(term) == family]
    return max(members, key=frequency, default=None)

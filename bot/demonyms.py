"""A place and the adjective of its people name one subject.

"Ukraine's military" is reported as "the Ukrainian armed forces", a question about
North Korea is answered by "a North Korean official", and the stemmer leaves
"ukrain" and "ukrainian" two terms. A name the question capitalises is searched
with the archive's terms that are it plus a demonym ending, as related terms
(below the asker's own words).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# The endings that make a place's adjective from its stem: Korea-n, Ukrain-ian,
# Japan-ese, Pakistan-i, Turk-ish.
ENDINGS = ("n", "an", "ian", "ese", "i", "ish")


def kindred_terms(names: Iterable[str], starting: Callable[[str], list[str]]) -> tuple[str, ...]:
    """The archive's terms that are the adjective of one of ``names`` (analysed terms
    of capitalised words); ``starting`` lists the archive's terms with a prefix."""
    found = dict.fromkeys(term for name in names for term in starting(name) if is_demonym(term, name))
    return tuple(found)


def is_demonym(word: str, place: str) -> bool:
    """Whether ``word`` is ``place`` plus a demonym ending ("korean" of "korea")."""
    return word.startswith(place) and word[len(place) :] in ENDINGS

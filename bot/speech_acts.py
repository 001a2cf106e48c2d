"""Words for the same speech act, so "Who denied …?" finds "dismissed" and "rejected".

Fact-checking questions are about speech acts (who denied, accused, warned,
confirmed), and reporters vary the verb from one sentence to the next. A
question that names one act also searches for its synonyms, at a lower weight
than the words the asker typed (``RELATED_WEIGHT``), so an exact match still
wins. The table is about language, not about any corpus.
"""

from __future__ import annotations

from index.terms import words

RELATED_WEIGHT = 0.5

_ACTS = [
    # A denial also calls the claim unfounded, baseless, false or a rumour.
    "deny denial dismiss reject rebuff refute rebut repudiate unfounded baseless false rumor",
    "accuse accusation allege allegation charge",
    "warn warning threaten threat caution",
    "confirm acknowledge admit concede",
    "promise pledge vow",
    "criticize criticise condemn denounce slam rebuke",
    "announce declare",
    "support back endorse",
]
_RELATED: dict[str, tuple[str, ...]] = {}
for _line in _ACTS:
    _terms = tuple(dict.fromkeys(term for _, term in words(_line)))
    for _term in _terms:
        _RELATED[_term] = _terms
DENIAL = _RELATED[words("deny")[0][1]]


def asked_acts(terms: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The speech acts (each as its family of terms) that ``terms`` name."""
    return {_RELATED[term] for term in terms if term in _RELATED}


def related_terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    """Synonyms of the speech acts among ``terms`` that are not already in them."""
    found = dict.fromkeys(other for term in terms for other in _RELATED.get(term, ()))
    return tuple(term for term in found if term not in terms)

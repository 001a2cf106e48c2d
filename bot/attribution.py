"""Find who made the statement in a sentence, following news conventions.

Reporters attribute in a few fixed shapes, tried in this order because the
earlier ones are the more explicit:

1. a trailing attribution after a quote or at the end of the sentence
   ("“…,” the official said in a statement", "…, said John Smith.");
2. "X was quoted as saying";
3. a subject followed by a speech verb at the start of the main clause
   ("Kirby told reporters …", "In a statement, the ministry accused …");
4. "according to X".

A pronoun or a stand-in ("he", "the statement added", "the official said")
is resolved to the speaker named in the sentences just before, as a reader
would; with no such speaker the answer is None. Nothing is ever guessed from
a sentence that names nobody.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_VERBS = (
    r"said|says|say|told|tells|added|adds|stressed|noted|notes|warned|warns|claimed|claims|boasted|declared|"
    r"denied|denies|dismissed|dismisses|accused|accuses|called|slammed|rejected|rejects|insisted|suggested|"
    r"suggests|spoke|explained|argued|announced|confirmed|stated|wrote|reported|reports|cited|cites|pledged|"
    r"responded|replied|urged|acknowledged|admitted|reads|read|asserted|maintained|emphasised|emphasized"
)
_AUX = r"(?:(?:has|had|have|also|further|later|again|then|previously|repeatedly|once\s+again)\s+)*"
_ANY_VERB = re.compile(rf"\b(?:{_VERBS})\b")
# Where a trailing attribution can start: after a closing quote or a comma.
_ANCHOR = re.compile(r"[”\"’]|,")
_TAIL_SPEAKER_VERB = re.compile(rf"\s*,?\s*(?P<who>[^“”\"—]{{2,160}}?)\s+{_AUX}(?:{_VERBS})\b[^“”\"]*$")
_TAIL_VERB_SPEAKER = re.compile(rf"\s*,?\s*(?:{_VERBS})\s+(?P<who>[^“”\";—]{{2,120}}?)\s*[.;]?\s*$")
_QUOTED_AS = re.compile(
    r"(?:(?P<subject>[^“”\",;]{2,120}?)\s+(?:was|were)\s+quoted\s+as\s+saying"
    r"|\b(?:cites?|cited|quotes?|quoted)\s+(?:a\s+statement\s+from\s+)?(?P<object>[^“”\",;]{2,120}?)\s+as\s+saying)"
)
_SUBJECT = re.compile(
    rf"^(?:[^“”\"—]{{0,60}}\s—\s+|[^,“”\"—]{{0,60}},\s+)?"
    rf"(?P<who>[^,“”\"—]{{2,120}}?(?:,\s+[A-Z][^,“”\"—]{{1,60}},)?)\s+{_AUX}(?:{_VERBS})\b"
)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+(?P<who>[^,.;“”\"]{2,80})")
_NOT_A_SUBJECT = re.compile(
    r"\b(?:is|are|was|were|be|been|being|will|would|could|should|can|may|might|that|which|because|if|when|"
    r"while|whether|not|do|does|did)\b",
    re.IGNORECASE,
)
_LEAD_WORDS = re.compile(r"^(?:(?:however|but|and|meanwhile|also|so|yet|still|instead)\b,?\s*)+", re.IGNORECASE)
_CLAUSE_END = re.compile(r",\s+(?:who|which|whose|where)\b.*$")
_VERB_TO = re.compile(r"\s+\w+\s+to$")
_PRONOUN = re.compile(r"^(?:he|she|they|him|her|them)$", re.IGNORECASE)
_STAND_IN = re.compile(
    r"^(?:the|this|that|its|his|her|their)\s+(?:statement|report|official|ministry|spokes(?:man|woman|person)|"
    r"minister|government|agency|source|letter|communiqué)$",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"\b(?:ministry|government|agency|media|council|house|department|statement|committee|military|army|party|"
    r"office|state|states|country|nation|korea|russia|china|pyongyang|washington|moscow|seoul|kremlin|kcna)\b",
    re.IGNORECASE,
)
_LOOK_BACK = 6
_MAX_WORDS = 16


def attribute_all(sentences: Sequence[str]) -> list[str | None]:
    """The speaker of each sentence of an article, in one reading from the top.

    A pronoun resolves against the speakers named in the ``_LOOK_BACK``
    sentences before it, as resolved themselves, so a chain of "he said"
    follows the person a reader follows.
    """
    named: list[tuple[int, str]] = []
    speakers: list[str | None] = []
    for position in range(len(sentences)):
        recent = [who for at, who in named if at >= position - _LOOK_BACK]
        who = _resolve(_speaker(sentences, position), recent)
        if who is not None:
            named.append((position, who))
        speakers.append(who)
    return speakers


def attribute(sentences: Sequence[str], index: int) -> str | None:
    """The speaker of ``sentences[index]`` as the article names them, or None."""
    return attribute_all(sentences)[index]


def _resolve(who: str | None, named: list[str]) -> str | None:
    if who is None or not (_PRONOUN.match(who) or _STAND_IN.match(who)):
        return who
    if who.lower() in ("he", "she", "him", "her"):
        people = [n for n in named if not _ORGANISATION.search(n)]
        return people[-1] if people else None
    return named[-1] if named else None


def _speaker(sentences: Sequence[str], index: int) -> str | None:
    sentence = _closing_sentence(sentences, index) or sentences[index]
    return _trailing(sentence) or _quoted_as(sentence) or _first(_SUBJECT, sentence) or _first(_ACCORDING, sentence)


def _trailing(sentence: str) -> str | None:
    """The attribution closing the sentence: the rightmost clause that names a speaker."""
    verbs = [m.start() for m in _ANY_VERB.finditer(sentence)]
    for anchor in reversed(list(_ANCHOR.finditer(sentence))):
        if not verbs or verbs[-1] < anchor.end():
            continue
        for pattern in (_TAIL_SPEAKER_VERB, _TAIL_VERB_SPEAKER):
            match = pattern.match(sentence, anchor.end())
            who = _clean(match.group("who")) if match else None
            if who:
                return who
    return None


def _quoted_as(sentence: str) -> str | None:
    if "as saying" not in sentence:
        return None
    match = _QUOTED_AS.search(sentence)
    return _clean(match.group("subject") or match.group("object")) if match else None


def _first(pattern: re.Pattern[str], sentence: str) -> str | None:
    match = pattern.search(sentence)
    return _clean(match.group("who")) if match else None


def _closing_sentence(sentences: Sequence[str], index: int) -> str | None:
    """For a quote that opens here and closes later, the sentence that closes it
    (where its attribution stands)."""
    sentence = sentences[index]
    if sentence.count("“") <= sentence.count("”"):
        return None
    for later in sentences[index + 1 : index + 4]:
        if "”" in later:
            return later[later.index("”") :]
    return None


def _clean(raw: str) -> str | None:
    who = _LEAD_WORDS.sub("", raw.strip(" \t\n,.;:—–-\u00a0\u202f"))
    who = _VERB_TO.sub("", _CLAUSE_END.sub("", who)).strip(" ,.;:\u00a0\u202f")
    if _PRONOUN.match(who):
        return who
    words = who.split()
    if not words or len(words) > _MAX_WORDS or _NOT_A_SUBJECT.search(who):
        return None
    if not who[0].isupper() and (words[0].lower() not in ("a", "an", "the") or len(words) < 2):
        return None
    return who

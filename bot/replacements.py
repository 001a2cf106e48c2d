"""Putting the conversation's people, claims and subjects into a follow-up's words.

``resolved`` replaces the references ``bot.references`` found ("he", "that", "the
September one") by what they stand for; ``with_subject`` puts the new subject of
"what about X?" in place of the matching part of the previous question. The rules
themselves are told in ``bot.followups``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.asked_speakers import asked_speaker
from bot.claim_words import person_name, speaker_name
from bot.mentions import is_body
from bot.named_months import MONTH_NAMES
from bot.references import MONTHS, ORDINALS, Reference
from bot.tokens import word_set
from bot.verb_forms import base_form
from index.terms import STOP_WORDS

_RUN = re.compile(r"\b[A-Z][\w’'.\-]*(?:\s+(?:of\s+)?[A-Z][\w’'.\-]*)*")
_LEADING = word_set(
    "and so but then ok okay the a an in on at what who whom whose when where why how which did does do is are was "
    "were has have had will would can could should i we you he she it they"
)
_DATE = re.compile(
    r"(?:\b(?:in|on|during|since|after|before|by|from)\s+)?\b(?:"
    + "|".join(month.capitalize() for month in sorted(MONTHS))
    + r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{4}(?:-\d{2}){0,2})\b"
    + r"(?:\s+\d{1,2}\b)?(?:,?\s+\d{4}\b)?",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(r"^(?:in|on|during|since|after|before|by|from)\s", re.IGNORECASE)
_TOPIC = re.compile(r"\b(?:about|on|regarding|concerning|over)\s+(?P<topic>[^?!]+?)\s*[?.!]*\s*$", re.IGNORECASE)
# A question asking who did something ("Who denied …", "Who else said …"), not whom it was done to.
_WHO_DID = re.compile(
    r"^\s*who(?:\s+else)?\s+(?!(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should)\b)",
    re.IGNORECASE,
)
_SPEECH = re.compile(r"\b(?:say|said|says|tell|told|claim|claimed|report|reported|think|mention|mentioned)\b")
_LATEST = word_set("latest later newest recent")
_OPENING = re.compile(
    r"^\s*(?:(?:what|how|when|why|where|who|which)\s+)?(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could)"
    r"\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# A verb by its form: where the subject after a question's opening ends ("were the drones used").
_VERB = re.compile(r"^(?:\w{3,}(?:ed|ing)|used|say|do|make|mean|want|get|go|give|know|think)$")
SUBJECT_WORDS = 4
"""The most words of a subject read off a question's opening."""


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claim of the previous answer as a follow-up may point to it: its speaker, a few
    of its words (``bot.claim_words``), its date (ISO, as the answer gave it) and the
    article's time words, and the places of its quotes, the lead first."""

    who: str | None
    words: str
    date: str | None = None
    when: str | None = None
    spans: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Asked:
    """What the previous question asked about: a person it names, else its subject."""

    person: str | None = None
    subject: str | None = None


def resolved(typed: str, found: Sequence[Reference], claims: Sequence[Claimed], asked: Asked) -> str:
    """``typed`` with each reference replaced; one nothing stands for stays as typed."""
    text = typed
    for reference in reversed(found):
        word = typed[reference.start : reference.end].lower()
        meant = _meant(reference, word, claims, asked)
        if meant:
            text = text[: reference.start] + meant + text[reference.end :]
    return text


def _meant(reference: Reference, word: str, claims: Sequence[Claimed], asked: Asked) -> str | None:
    if reference.kind == "claim":
        return claims[0].words if claims else None
    if reference.kind == "pick":
        return _picked(reference.pick or "", claims)
    who = _who(word, claims[0].who if claims else None, asked)
    if who is None or reference.kind == "person":
        return who
    return who + ("’" if who.endswith("s") else "’s")


def _who(word: str, speaker: str | None, asked: Asked) -> str | None:
    """The person a pronoun or stand-in means: the speaker of the previous answer's first
    claim, else what the previous question asked about. "He", "she" and "the official"
    are a person: for them a speaker that is a body ("North Korea") gives way to a
    person the previous question named. A person goes by surname, as a report names
    someone after the first mention."""
    named = person_name(speaker) if speaker else None
    plural = word.split()[0] in ("they", "them", "their", "theirs")
    person = None if plural else named or asked.person
    if person:
        return person.split()[-1]
    if speaker:
        return speaker_name(speaker)
    # "He" never stands for a body the previous question was about ("North Korea's ties").
    return asked.subject if plural or not (asked.subject and is_body(asked.subject)) else None


def _picked(pick: str, claims: Sequence[Claimed]) -> str | None:
    """The words of the claim "the second one", "the other one", "the latest one" or
    "the September one" picks, with the month as asked; None when none fits."""
    chosen = picked(pick, claims)
    if chosen is None:
        return None
    return f"{chosen.words} in {pick.capitalize()}" if pick in MONTHS else chosen.words


def picked(pick: str, claims: Sequence[Claimed]) -> Claimed | None:
    """The claim a ``pick`` reference names (an ordinal, "other", "latest", a month)."""
    if pick in ORDINALS:
        at = ORDINALS[pick]
        return claims[at] if -len(claims) <= at < len(claims) and len(claims) > 1 else None
    if pick in MONTHS:
        number = f"-{MONTH_NAMES.index(pick) + 1:02d}"
        return next((c for c in claims if (c.date and c.date[4:7] == number) or pick in (c.when or "").lower()), None)
    dated = [claim for claim in claims if claim.date]
    if not dated:
        return None
    return sorted(dated, key=lambda claim: claim.date or "", reverse=pick in _LATEST)[0]


def with_subject(previous: str, subject: str, people: Collection[str]) -> str:
    """The previous question with ``subject`` (of "what about X?") in place of its matching
    part: a date its date, a person its speaker or person (or the "who" it asks for),
    another name its other name, other words its topic."""
    subject = subject.strip()
    if _DATE.search(subject):
        return _with_date(previous, subject)
    names = _runs(previous)
    if subject[:1].isupper():
        person = _is_person(subject, people)
        if person:
            asked = asked_speaker(previous)
            targets = [asked] if asked and asked in previous else [n for n in names if _is_person(n, people)]
            if targets:
                return previous.replace(targets[0], subject, 1)
        others = [name for name in names if not _is_person(name, people)]
        asking = _WHO_DID.match(previous)
        # "Who denied it?" then "and Kirby?" or "and China?": asked about as the one who did.
        if asking and (person or not others):
            return _as_doer(previous[asking.end() :], subject)
        if others:
            at = previous.rfind(others[-1])
            return previous[:at] + subject + previous[at + len(others[-1]) :]
    return _with_topic(previous, subject)


def _as_doer(rest: str, subject: str) -> str:
    """ "Who denied the deal?" asked of ``subject``: "Did Kirby deny the deal?"; as "Kirby
    denied the deal?" when its verb's base form is not known."""
    verb, _, after = rest.partition(" ")
    base = base_form(verb)
    return f"Did {subject} {base} {after}" if base and after else f"{subject} {rest}"


def asked_about(question: str, people: Collection[str]) -> Asked:
    """Whom ``question`` asks about (its asked speaker, "What did Kirby say …", or a person
    it names, "Which think tank does Victor Cha work for?"), and what: that, or the
    words after its opening ("What were the Iranian drones used for?"), or a name."""
    names = _runs(question)
    speaker = asked_speaker(question)
    # The speaker a question asks about ("What did Kirby say") is a person unless it names a body.
    person = speaker if speaker and not is_body(speaker) else next((n for n in names if _is_person(n, people)), None)
    return Asked(person, speaker or person or _subject(question, names))


def _subject(question: str, names: list[str]) -> str | None:
    opening = _OPENING.match(question)
    if opening:
        phrase: list[str] = []
        for word in opening.group("rest").split():
            bare = word.strip("?.!,;:")
            if phrase and (bare.lower() in STOP_WORDS or _VERB.match(bare.lower())):
                break
            phrase.append(bare)
            if len(phrase) == SUBJECT_WORDS or bare != word:
                break
        if phrase:
            return " ".join(phrase)
    return names[0] if names else None


def _with_date(previous: str, subject: str) -> str:
    found = _DATE.search(previous)
    if found is None:
        return f"{previous.rstrip(' ?.!')} {subject}?"
    keep = found.group()
    if not _PREPOSITION.match(subject) and (preposition := _PREPOSITION.match(keep)):
        subject = preposition.group() + subject
    return previous[: found.start()] + subject + previous[found.end() :]


def _with_topic(previous: str, subject: str) -> str:
    subject = re.sub(r"^about\s+", "", subject, flags=re.IGNORECASE)
    topic = _TOPIC.search(previous)
    if topic:
        return previous[: topic.start("topic")] + subject + "?"
    speech = _SPEECH.search(previous)
    if asked_speaker(previous) and speech:
        return f"{previous[: speech.end()]} about {subject}?"
    return f"{previous.rstrip(' ?.!')}, and {subject}?"


def _runs(question: str) -> list[str]:
    """The names a question capitalises, its opening words ("What", "Did") left out."""
    found = []
    for match in _RUN.finditer(question):
        words = match.group().split()
        while words and words[0].lower() in _LEADING:
            words.pop(0)
        if words:
            found.append(" ".join(words).removesuffix("’s").removesuffix("'s"))
    return found


def _is_person(name: str, people: Collection[str]) -> bool:
    """Whether ``name`` is a person's: no body's word in it, not an acronym, and its
    surname one the archive quotes (any name of two words when the archive's are unknown)."""
    bare = name.removesuffix("’s").removesuffix("'s")
    if is_body(bare) or bare.isupper() or bare.lower() in MONTHS:
        return False
    surname = bare.split()[-1].lower()
    return surname in people or (not people and len(name.split()) > 1)

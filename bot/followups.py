"""Reading a follow-up question against the conversation it continues.

In a thread people ask "and when did he say that?", "what about Kirby?", "and in
November?": questions that mean something only after the one before. Each is read
against the conversation's last question as it was read (so a third turn keeps the
subject) and that question's answer, into a question that stands alone:

- a person it points to ("he", "they", "the official") is the speaker of the
  previous answer's first claim (a person's name, when the speaker is a body and the
  previous question named a person), else the previous question's subject;
- a claim it points to ("that", "it", "who said so?", "this claim") is the previous
  answer's first claim, in a few of its words and never in quote marks; "the
  September one", "the second one", "the other one" pick a claim by date or order;
- "what about X?", "and X?" put X in place of the matching part of the previous
  question: a person's name in place of its speaker or person, another name in place
  of its other name, a date in place of its date, other words in place of its topic;
- a question naming no subject ("and when?") is the previous question with it added;
- one asking in other words than "say" what someone made of the claim ("How did
  Pyongyang respond?", "What did Cha make of it?") is asked as what they said about
  it (``bot.speech_idioms``), and one asking a speaker's role ("What is his title?")
  as who they are (``bot.role_questions``);
- a month it names ("and in November?", "the September one", "at the time") says
  when its answer's statements were made, and is not searched as a word
  (``bot.named_months``); an answer to the claim is someone's statement, preferred
  from on or after the claim's date;
- the statements of a speaker it asks about by a pronoun or asks what they made of
  the claim rank first (a speaker the article describes rather than names is not
  searched for: ``_unnamed_speaker_unsearched``);
- one that asks nothing of its own about the claim it points to ("who said that?",
  "and when?") is led by that claim;
- a question that needs none of this is asked as it stands.

The previous question's filters (``outlet:nbc``) carry over, under the follow-up's
own. "What else did he say?" leaves out the claims already shown. All of it is pure:
the conversation's state and the asking are ``bot.conversations``'.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from bot.answers import Filters
from bot.asked_speakers import asked_speaker, is_saying
from bot.claim_words import person_name
from bot.errors import QuestionError
from bot.filters import read_filters
from bot.mentions import is_body
from bot.named_months import Period, named_month
from bot.person_names import speaker_agreement
from bot.references import Reference, references
from bot.replacements import Claimed, asked_about, picked, resolved, with_subject
from bot.role_questions import role_holder
from bot.speech_idioms import plain_speech
from bot.thread_messages import OPENING_WORD
from bot.tokens import word_set
from index.terms import STOP_WORDS, cased_words, words

Span = tuple[str, int, int]
"""A quote's place: its article's id, and its start and end there."""

_LETTERS = re.compile(r"[^\W_]")
_FIRST_WORD = re.compile(r"[^\W_]+")
_OPENER = re.compile(rf"^\s*{OPENING_WORD}+", re.IGNORECASE)
_ABOUT = re.compile(
    r"^\s*(?:(?:and|but|so|ok|okay)[\s,]+)?(?:(?:what|how)\s+about|and)\s+(?P<subject>[^?!]+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_MORE = re.compile(r"\b(?:what|anything|something)\s+else\b|\b(?:what|any|which)\s+other\b|\banother\b", re.IGNORECASE)
# A reaction to the claim ("Did North Korea deny it?", "How did Pyongyang respond?") is
# another statement than the claim; one without its object ("… respond?") is to the claim.
_REACTION = re.compile(
    r"\b(?:respon(?:d|ds|ded|se)|react(?:s|ed|ion)?|repl(?:y|ies|ied)|rebut(?:s|ted)?|den(?:y|ies|ied|ial)"
    r"|disput(?:e|es|ed)|reject(?:s|ed)?|in return|push(?:ed)? back)\b",
    re.IGNORECASE,
)
_RESPONDED = re.compile(
    r"\b(?:respond|responded|react|reacted|reply|replied|in return|in response)\s*[?.!]*\s*$", re.IGNORECASE
)
# Words that ask, rather than name what is asked about.
_ASKING = word_set(
    "say said says tell told report reported reports mention mentioned claim claimed exactly again first too also "
    "else ever really happen happened outlet outlets source sources paper papers newspaper newspapers media carry "
    "carried"
)
_NOT_A_SUBJECT = word_set("who whom whose what when where why how which did does do is are was were has have had")
SUBJECT_WORDS = 6
"""The most words an "and X?" follow-up's X has: a longer one is a question of its own."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a follow-up is read against: the last question as read (with its filters
    apart) and the claims of its answer, best first."""

    question: str
    claims: tuple[Claimed, ...] = ()
    filters: Filters = Filters()


@dataclass(frozen=True, slots=True)
class Reading:
    """The question a follow-up is asked as, and whether that differs from what was typed."""

    text: str
    rewritten: bool
    filters: Filters = Filters()
    leave_out: tuple[Span, ...] = ()
    """Quotes the answer leaves out: shown already, or the claim the follow-up asks an answer to."""
    not_by: str | None = None
    """A speaker whose statements the answer leaves out: the claim's, when the follow-up asks how others answered it."""
    during: Period | None = None
    """When the statements the answer prefers were made: the month the reading names
    (``bot.named_months``), else after the claim whose answer it asks for."""
    searched: str | None = None
    """The words searched, when not ``text``: ``text`` without the month that is ``during``."""
    spoken_by: str | None = None
    """The speaker whose statements the answer prefers: one the follow-up asks what they
    made of the claim, or points to ("when did they say it?")."""
    about: tuple[Span, ...] = ()
    """The quotes of the claim the follow-up asks of and nothing more ("who said that?",
    "and when?"): the answer leads with them."""
    echo: tuple[Span, ...] = ()
    """The quotes of the claim whose words the reading holds (taken from them) ..."""
    unechoed: str | None = None
    """... and the words searched without that claim's: the words those quotes are scored by."""
    shown: tuple[Span, ...] = ()
    """The quotes of the previous answer's first claim: led with again, it is shown with
    the rest of its speaker's statement."""


def read_follow_up(context: Context, text: str, *, people: Collection[str] = ()) -> Reading:
    """``text`` read against ``context``. ``people`` holds the surnames (lower case) of
    the people the archive quotes, which tell "and Kirby?" from "and India?"."""
    try:
        typed, own = read_filters(text)
        previous = read_filters(context.question)[0]
    except QuestionError:
        # A malformed filter is the asker's to fix: asked as it stands, it says which.
        return Reading(text, False, context.filters)
    filters = context.filters.over(own)
    if not _LETTERS.search(typed):
        return Reading(text, False, filters)
    shown = context.claims[0].spans if context.claims else ()
    known = _known_people(context, people)
    plain = _in_plain_words(context, previous, typed, known)
    found = references(plain or typed)
    read = _read(context, previous, plain or typed, found, known) or plain
    asked = " ".join(read.split()) if read is not None else text
    reading = Reading(asked[:1].upper() + asked[1:] if read else text, read is not None, filters, shown=shown)
    if plain is not None or (read and any(reference.kind == "person" for reference in found)):
        reading = replace(reading, spoken_by=asked_speaker(reading.text))
    if plain is not None:
        # Put in plain words, it asks something of its own: who someone is, what they made of it.
        return _dated(_leaving_out(reading, context, typed, found), context)
    reading = _unnamed_speaker_unsearched(reading)
    reading = _dated(_placed(_leaving_out(reading, context, typed, found), context, typed, found), context)
    return _echoing(reading, context, _own_words(typed, found))


def _read(context: Context, previous: str, typed: str, found: list[Reference], known: frozenset[str]) -> str | None:
    """The follow-up as a question that stands alone, or None when it already does."""
    about = _ABOUT.match(typed)
    if about and not found and _is_subject(about.group("subject")):
        return with_subject(previous, about.group("subject"), known)
    if found:
        rewritten = resolved(typed, found, context.claims, asked_about(previous, known))
        if rewritten != typed:
            return _OPENER.sub("", rewritten)
    if not _names_subject(typed):
        added = _OPENER.sub("", typed).strip()
        # The follow-up's question word opens no sentence once it is added to the previous question.
        if (first := _FIRST_WORD.match(added)) and first.group().lower() in _NOT_A_SUBJECT:
            added = added[:1].lower() + added[1:]
        return f"{previous.rstrip(' ?.!')}, and {added}"
    return None


def _in_plain_words(context: Context, previous: str, typed: str, known: frozenset[str]) -> str | None:
    """``typed`` asked in words a search can answer ("How did Pyongyang respond?" as
    "What did Pyongyang say about it?", "What is his title?" as "Who is he?"), when it
    asks in other words and the person or claim it points to is known; a body ("North
    Korea") has no role to ask for."""
    asked = asked_about(previous, known)
    said = plain_speech(typed)
    if said is not None:
        found = references(said)
        return None if found and resolved(said, found, context.claims, asked) == said else said
    holder = role_holder(typed)
    if holder is None:
        return None
    found = references(holder)
    person = resolved(holder, found, context.claims, asked)
    return None if (found and person == holder) or is_body(person) else f"Who is {holder}?"


def _leaving_out(reading: Reading, context: Context, typed: str, found: list[Reference]) -> Reading:
    """``reading`` with what its answer cannot be: the claims already shown when it asks for
    something else ("what else did he say?"); the claim it points to when it asks for
    someone's answer to it ("Did North Korea deny that?", "How did Pyongyang respond?"),
    which is no statement of the claim's own speaker either, or for another speaker's
    words on it ("What did Cha make of it?")."""
    if _MORE.search(typed):
        return replace(reading, leave_out=tuple(span for claim in context.claims for span in claim.spans))
    if not context.claims:
        return reading
    first = context.claims[0]
    points = any(reference.kind == "claim" for reference in found)
    if (points and _REACTION.search(typed)) or _RESPONDED.search(typed):
        # An answer to the claim comes after it.
        after = Period(first.date) if first.date else None
        speaker = first.who and (person_name(first.who) or first.who)
        return replace(reading, leave_out=first.spans, not_by=speaker, during=after)
    asked = asked_speaker(reading.text)
    if points and asked and speaker_agreement(asked, first.who) != "same":
        return replace(reading, leave_out=first.spans)
    return reading


def _unnamed_speaker_unsearched(reading: Reading) -> Reading:
    """``reading`` without the words of the speaker it prefers, when the article names no
    one but describes them ("a North Korean defense ministry official"): searched, those
    five words would rank the passage that describes them above that speaker's other
    statements, which ``spoken_by`` ranks first already. A name ("Kirby") is one word,
    and searched."""
    speaker = reading.spoken_by
    if speaker is None or person_name(speaker) is not None or speaker not in reading.text:
        return reading
    return replace(reading, searched=" ".join(reading.text.replace(speaker, " ").split()))


def _placed(reading: Reading, context: Context, typed: str, found: list[Reference]) -> Reading:
    """``reading`` led by the claim it points to, when it asks nothing of its own of it
    ("who said that?", "which outlets reported it?", "and when?"): that claim and its
    other reports are the answer, though other passages may share more of the words put
    in for it."""
    if not context.claims or reading.leave_out:
        return reading
    if _names_subject(_own_words(typed, found)):
        return reading
    picks = [picked(reference.pick or "", context.claims) for reference in found if reference.kind == "pick"]
    pointed = next((claim for claim in picks if claim is not None), context.claims[0])
    return replace(reading, about=pointed.spans)


def _echoing(reading: Reading, context: Context, own: str) -> Reading:
    """``reading`` with the claim whose words it holds and the words it searches without
    them, when the follow-up asks something of its own about the claim ("Is it enough
    to change the war?", read as "Is North Korea secretly sends a significant amount
    enough to change the war?"): the claim's own passage matches the words copied from
    it best, whatever it holds of "enough to change the war". Not when the follow-up
    asks only who said, announced or carried the claim ("Who suspected that?", "Did
    Asia News carry it?"): the claim's passage is the answer to that."""
    if reading.about or not reading.rewritten or not _asks_of_its_own(own):
        return reading
    searched = reading.searched or reading.text
    claim = next((claim for claim in context.claims if claim.words and claim.words in searched), None)
    if claim is None:
        return reading
    rest = " ".join(searched.replace(claim.words, " ").split())
    return replace(reading, echo=claim.spans, unechoed=rest)


def _asks_of_its_own(own: str) -> bool:
    """Whether ``own`` (a follow-up's words without those pointing back) holds a word of
    its own besides names and the verbs of saying: what it asks of the claim."""
    return any(
        not capitalised and word not in _ASKING and not is_saying(word) for word, _, capitalised in cased_words(own)
    )


def _own_words(typed: str, found: list[Reference]) -> str:
    """``typed`` without the words that point back ("he", "that", "the September one")."""
    own = typed
    for reference in reversed(found):
        own = own[: reference.start] + own[reference.end :]
    return own


def _dated(reading: Reading, context: Context) -> Reading:
    """``reading`` preferring the statements of the month it names, that month's words not searched."""
    month = named_month(reading.searched or reading.text, [claim.date for claim in context.claims if claim.date])
    # Without the month, a question of no other words would have nothing to search.
    if month is None or not _names_subject(month.searched):
        return reading
    return replace(reading, during=month.month, searched=month.searched)


def _is_subject(words_typed: str) -> bool:
    """Whether an "and …" follow-up's words name a subject ("and Kirby?", "and in November?")
    rather than ask a question of their own ("and when did he say it?")."""
    found = words_typed.split()
    return 0 < len(found) <= SUBJECT_WORDS and found[0].lower() not in _NOT_A_SUBJECT


def _names_subject(typed: str) -> bool:
    return any(word.lower() not in STOP_WORDS and word.lower() not in _ASKING for word, _ in words(typed))


def _known_people(context: Context, people: Collection[str]) -> frozenset[str]:
    """``people`` and the surnames of the people the previous answer quotes."""
    quoted = (person_name(claim.who) for claim in context.claims if claim.who)
    return frozenset(people) | {name.split()[-1].lower() for name in quoted if name}

"""The words of a follow-up that point back into the conversation.

"When did he say that?" names nobody and no claim: "he" is a person the thread has
already named and "that" a claim it has already shown. This finds such words and
says what kind of thing each stands for; ``bot.followups`` puts the person or
claim in their place. Words that point inside their own question are no
reference: in "Did North Korea deny it sold arms?" "it" is North Korea, and in
"Did he say that North Korea …" "that" opens a clause, as a determiner opens a
noun in "that spokesman" (a stand-in for the person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.cues import REPORTING, is_cue
from bot.mentions import ROLES, is_body
from bot.named_months import MONTH_NAMES
from bot.tokens import word_set

Kind = Literal["person", "possessive", "claim", "pick"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PUNCTUATION = re.compile(r"[,.;:!?…)\]]")
PERSONS = word_set("he she him they them")
POSSESSIVES = word_set("his their hers theirs")
MONTHS = frozenset(MONTH_NAMES)
ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1, "other": 1}
BY_DATE = word_set("latest later newest recent earliest earlier oldest")
_ONE = word_set("one claim statement quote denial report answer")
_CLAIM_NOUNS = word_set("claim claims statement statements quote allegation allegations accusation remark comment")
_STAND_INS = ROLES | word_set("man woman person")
# What may follow a pronoun "that" or "it" (the end of a clause, a preposition, an
# adverb or a judgement of it) rather than the clause or noun it would open.
_AFTER_PRONOUN = word_set(
    "in on at to about for from with by during before after when where and or but then first too also again "
    "exactly publicly officially yesterday today recently originally earlier later last true false right "
    "wrong correct accurate verified confirmed happen happened"
)
_NOT_NAMES = word_set(
    "and so but then ok okay the a an in on what who whom whose when where why how which did does do is are was "
    "were has have had will would can could should i"
)


@dataclass(frozen=True, slots=True)
class Reference:
    """The characters ``start:end`` of the follow-up stand for a person or a claim;
    a ``pick`` names which of the previous answer's claims (an ordinal, "other",
    "latest", or a month)."""

    start: int
    end: int
    kind: Kind
    pick: str | None = None


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str

    @property
    def low(self) -> str:
        return self.word.lower()


def references(text: str) -> list[Reference]:
    """Every reference in ``text``, in order."""
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    found: list[Reference] = []
    at = 0
    while at < len(tokens):
        phrase = _phrase(tokens, at)
        if phrase is not None:
            reference, at = phrase
            found.append(reference)
            continue
        pronoun = _pronoun(text, tokens, at)
        if pronoun is not None:
            found.append(pronoun)
        at += 1
    return found


def _phrase(tokens: list[_Token], at: int) -> tuple[Reference, int] | None:
    """A determiner's phrase that points back ("the September one", "this claim",
    "that spokesman"), and the token after it."""
    first = tokens[at].low
    if first not in ("the", "that", "this", "these", "those") or at + 1 >= len(tokens):
        return None
    word, start = tokens[at + 1].low, tokens[at].start
    after = tokens[at + 2].low if at + 2 < len(tokens) else None
    if (word in ORDINALS or word in BY_DATE or word in MONTHS) and after in _ONE:
        return Reference(start, tokens[at + 2].end, "pick", word), at + 3
    if word == "one" and after in ("from", "in", "of") and at + 3 < len(tokens) and tokens[at + 3].low in MONTHS:
        return Reference(start, tokens[at + 3].end, "pick", tokens[at + 3].low), at + 4
    if word in _CLAIM_NOUNS or (word == "one" and first in ("that", "this")):
        return Reference(start, tokens[at + 1].end, "claim"), at + 2
    for end in range(at + 1, min(at + 4, len(tokens))):
        if not tokens[end].word.islower():
            break
        if tokens[end].low in _STAND_INS and first in ("the", "that", "this"):
            return Reference(start, tokens[end].end, "person"), end + 1
    return None


def _pronoun(text: str, tokens: list[_Token], at: int) -> Reference | None:
    token = tokens[at]
    word = token.low
    if word in PERSONS or word in POSSESSIVES or (word == "her"):
        if _named_before(tokens, at, people=word not in ("they", "them", "their", "theirs")):
            return None
        possessive = word in POSSESSIVES or (word == "her" and _opens_noun(text, tokens, at))
        return Reference(token.start, token.end, "possessive" if possessive else "person")
    if word == "it" and not (_named_before(tokens, at, people=False) and _opens_noun(text, tokens, at)):
        return Reference(token.start, token.end, "claim")
    if word in ("that", "this") and not _opens_noun(text, tokens, at):
        return Reference(token.start, token.end, "claim")
    if word == "so" and at and _is_speech(tokens[at - 1].low) and not _opens_noun(text, tokens, at):
        return Reference(token.start, token.end, "claim")
    return None


def _opens_noun(text: str, tokens: list[_Token], at: int) -> bool:
    """Whether the word at ``at`` is followed, within its clause, by a word it would
    open (a noun, a clause) rather than by the clause's end or a preposition."""
    if at + 1 >= len(tokens):
        return False
    following = tokens[at + 1]
    if _PUNCTUATION.search(text[tokens[at].end : following.start]):
        return False
    return following.low not in _AFTER_PRONOUN


def _named_before(tokens: list[_Token], at: int, *, people: bool) -> bool:
    """Whether a name comes before ``at`` in the question (a person's, with ``people``),
    which the pronoun at ``at`` refers back to."""
    run: list[str] = []
    for position, token in enumerate(tokens[: at + 1]):
        capitalised = token.word[:1].isupper() and position < at and token.low not in _NOT_NAMES | MONTHS
        if capitalised:
            run.append(token.word)
            continue
        if run and (not people or _is_person(" ".join(run))):
            return True
        run = []
    return False


def _is_person(name: str) -> bool:
    return not is_body(name) and not name.isupper()


def _is_speech(word: str) -> bool:
    return word in REPORTING or is_cue(word) or word in ("say", "think", "believe", "claim", "report")

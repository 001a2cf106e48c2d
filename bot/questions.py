"""Check a question before it is searched, and find its key terms.

A question that cannot be asked (empty, too long, no words) is refused with a
message the asker can act on. Control characters are not meaningful in a
question typed into chat and are read as spaces rather than refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

from bot import messages
from bot.answers import Filters
from bot.errors import QuestionError
from bot.filters import checked_filter, read_filters
from bot.named_months import Period
from bot.quote_lookup import Quoted, quoted
from bot.speech_acts import related_terms
from index.terms import cased_words

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Word:
    word: str
    term: str
    proper: bool


@dataclass(frozen=True, slots=True)
class Question:
    """A question read once for everything that answers it: its words, the synonyms
    of the speech acts it names, and what it quotes."""

    original: str
    text: str
    words: tuple[Word, ...]
    related: tuple[str, ...] = ()
    lookup: Quoted | None = None
    timeline: bool = False
    """Asked for a topic's statements as events in date order (``factcheck timeline``)."""
    filters: Filters = Filters()
    """Read out of the question (``outlet:nbc``) before its words, with a command's options over them."""
    typed: str | None = None
    """The follow-up as typed, when this question is its reading (``bot.followups``)."""
    leave_out: tuple[tuple[str, int, int], ...] = ()
    """Quotes (article id, start, end) the answer leaves out: a conversation has shown them already."""
    not_by: str | None = None
    """A speaker whose statements the answer leaves out: a follow-up asks how others answered them."""
    spoken_by: str | None = None
    """A speaker whose statements rank first: a follow-up asks what they made of a claim
    ("What did Cha make of it?")."""
    during: Period | None = None
    """When the statements that rank first were made: a month a follow-up names ("and in
    November?"), or after the claim it asks the answer to."""
    about: tuple[tuple[str, int, int], ...] = ()
    """Quotes that lead: the claim a follow-up asks of ("who said that?")."""
    echo: tuple[tuple[str, int, int], ...] = ()
    """Quotes whose words the question holds because a follow-up's reading took them from there ..."""
    unechoed: tuple[str, ...] = ()
    """... and the terms those quotes are scored by: the question's without those words."""
    shown: tuple[tuple[str, int, int], ...] = ()
    """Quotes a conversation led its last answer with: led with again, their claim goes on
    into the next paragraph its speaker says."""


def parse_question(question: str, *, max_chars: int, filters: Filters = Filters()) -> Question:
    """``question`` read, its own filters under ``filters``; a question that cannot be asked raises."""
    if not question.isascii() and not _encodable(question):
        raise QuestionError(messages.UNREADABLE_QUESTION)
    if len(question) > max_chars:
        raise QuestionError(messages.QUESTION_TOO_LONG.format(length=len(question), limit=max_chars))
    searched, own = read_filters(question)
    for name, value in asdict(filters).items():
        if value is not None:
            checked_filter(name, value)
    text = _SPACE.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFC", searched))).strip()
    if not text:
        raise QuestionError(messages.EMPTY_QUESTION)
    read = cased_words(text)
    # A word is a name wherever the asker capitalised it once ("Kirby ... kirby").
    names = {word for word, _, capitalised in read if capitalised}
    found = tuple(Word(word, term, word in names) for word, term, _ in read)
    if not found:
        raise QuestionError(messages.NO_SEARCHABLE_WORDS)
    terms = tuple(w.term for w in found)
    return Question(question, text, found, related_terms(terms), quoted(text), filters=own.over(filters))


def _encodable(text: str) -> bool:
    """Whether ``text`` is Unicode text: a lone surrogate (a chat payload's broken escape,
    an argument's undecodable byte) is not, and no UTF-8 log or message can hold it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

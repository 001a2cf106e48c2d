"""Decide when the corpus does not support an answer.

A fact-checker is better served by "no article supports this" than by a loosely
related snippet. Two signals, either of which abstains:

* what the question asks about appears in no article, in any inflection: nothing
  can be said about "India" by articles that never mention India, however well
  "artillery shells" matches. What it asks about is a name the asker capitalised
  (not just the sentence's first word), the topic after "about", "on",
  "regarding" …, and the subject of a question that opens with an auxiliary
  ("has zelensky responded …", "when did russia invade …"): a lower-case name is
  still a name there;
* the best passage matches too little of the question: its TF-IDF cosine is
  below ``MIN_SCORE``. The value is calibrated with ``factcheck eval`` on the
  development questions (see the README): the lowest-scoring answerable
  question's top passage sits well above it, so no answerable question is refused.

A third signal comes after the search: a question about what a speaker said ("What
did Victor Cha say about a nuclear test?") abstains when no passage found gives that
speaker (as its speaker or in its words) together with the rest of the question.

Other missing words ("Which think tank …", "… datelined?") are reported in
``missing_terms`` but do not abstain: questions are often worded differently
from the articles that answer them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from bot.answers import Evidence
from bot.questions import Question
from bot.quote_lookup import unquoted
from index.terms import STOP_WORDS, words

MIN_SCORE = 0.1

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
_WH = frozenset({"who", "whom", "whose", "what", "when", "where", "why", "how", "which"})
_AUX = frozenset(
    {"did", "does", "do", "has", "have", "had", "is", "are", "was", "were", "will", "would", "can", "could"}
    | {"should", "may", "might", "must"}
)
_CONTRACTED = re.compile(r"^(?:what|who|where|how|when|why)['’]s$")
_TOPIC = frozenset({"about", "on", "regarding", "concerning", "over", "through", "against", "into"})
_DETERMINERS = frozenset(
    {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those", "any", "some"}
)
# A missing word ending so is a past form ("shipped", "datelined"): the action, not the subject.
_PAST_FORM = re.compile(r"^\w{3,}[^e]ed$")
# A comparative or superlative ("closer ties") qualifies the subject that follows it.
_DEGREE = re.compile(r"^\w{3,}(?:er|est)$")
# The most words of a topic phrase ("about in-state tuition costs") that are checked.
TOPIC_WORDS = 4
# Derivational endings tried when a word is missing: "denial" is "deny" in other words.
_ENDINGS = (
    "ial", "al", "ion", "ions", "ment", "ments", "er", "ers", "est", "ly", "ness", "ity", "ive",
    "ance", "ence", "ant", "ent", "ic", "ist", "ists", "ism", "ed", "ing", "s", "es",
)  # fmt: skip


def subject_words(question: Question) -> set[str]:
    """The lower-cased words naming what ``question`` asks about (see the module docstring)."""
    tokens = [t.lower() for t in _TOKEN.findall(unquoted(question.text))]
    found = {w.word for w in question.words if w.proper}
    for at, token in enumerate(tokens):
        if token in _TOPIC:
            found.update(_phrase(tokens, at + 1, TOPIC_WORDS))
    aux = _opening_aux(tokens)
    if aux is not None:
        found.update(_phrase(tokens, aux + 1, 1))
    return found


def _opening_aux(tokens: list[str]) -> int | None:
    """Where the auxiliary of a question's opening ("did", "has", "how fast did") is."""
    if not tokens:
        return None
    if tokens[0] in _AUX or _CONTRACTED.match(tokens[0]):
        return 0
    for at in (1, 2):
        if tokens[0] in _WH and at < len(tokens) and tokens[at] in _AUX:
            return at
    return None


def _phrase(tokens: list[str], start: int, most: int) -> list[str]:
    """The content words of the noun phrase at ``start``, up to ``most`` of them."""
    at = start
    while at < len(tokens) and (tokens[at] in _DETERMINERS or _DEGREE.match(tokens[at])):
        at += 1
    found: list[str] = []
    while at < len(tokens) and len(found) < most:
        token = tokens[at]
        if token in STOP_WORDS or not token[:1].isalnum() or _PAST_FORM.match(token):
            break
        found.append(token.replace("’", "'").removesuffix("'s"))
        at += 1
    return found


def variants(word: str) -> list[str]:
    """``word`` with one or two derivational endings taken off (and an "e" or "y" put
    back), so "denials" finds "denied" and "closer" finds "close" through their stems."""
    found = [word]
    for stripped in (word, *_stripped(word)):
        for base in _stripped(stripped):
            found.extend([base, base + "e", base + "y"])
    return found


def _stripped(word: str) -> list[str]:
    """``word`` without each ending it has, where at least three letters stay."""
    return [base for ending in _ENDINGS if (base := word.removesuffix(ending)) != word and len(base) >= 3]


def absent(words: Iterable[str], known: Callable[[str], bool]) -> tuple[str, ...]:
    """Those of ``words`` that no article holds in any of their ``variants``."""
    return tuple(word for word in words if not any(known(v) for v in variants(word)))


def should_abstain(question: Question, missing: tuple[str, ...], top_score: float) -> bool:
    if not set(missing).isdisjoint(subject_words(question)):
        return True
    return top_score < MIN_SCORE


def speaker_on_topic(question: Question, speaker: str, found: Sequence[Evidence]) -> bool:
    """Whether some passage gives the asked-about speaker (as its speaker or in its
    words) together with a word of what else the question asks: "What did Victor Cha
    say about a nuclear test?" has no answer in articles where Cha speaks only of shells."""
    asked = {term for _, term in words(speaker)}
    topic = {w.term for w in question.words} - asked
    if not asked or not topic:
        return True
    for evidence in found:
        held = {term for _, term in words(evidence.quote)}
        if evidence.who:
            held.update(term for _, term in words(evidence.who))
        if not held.isdisjoint(asked) and not held.isdisjoint(topic):
            return True
    return False

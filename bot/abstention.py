"""Decide when the corpus does not support an answer.

A fact-checker is better served by "no article supports this" than by a loosely
related snippet. Two signals, either of which abstains:

* a name the question asks about (a capitalised word, not just the sentence's
  first) appears in no article: nothing can be said about "India" by articles
  that never mention India, however well "artillery shells" matches;
* the best passage matches too little of the question: its TF-IDF cosine is
  below ``MIN_SCORE``. The value is calibrated with ``factcheck eval`` on the
  development questions (see the README): the lowest-scoring answerable
  question's top passage sits well above it, so no answerable question is refused.

Lower-case words missing from every article ("think tank") are reported in
``missing_terms`` but do not abstain on their own: questions are often worded
differently from the articles that answer them.
"""

from __future__ import annotations

from bot.questions import Question

MIN_SCORE = 0.1


def should_abstain(question: Question, missing: tuple[str, ...], top_score: float) -> bool:
    if any(word.proper and word.word in missing for word in question.words):
        return True
    return top_score < MIN_SCORE

"""Finding an answer in one snapshot of the index, with the store's reads it repeats kept.

A newsroom asks under the same few outlets and spans again and again: the
stored outlets, and the rows passing each question's filters, are read once per
index snapshot and kept until the index changes. Every method runs in the thread
that answers (the event loop or a worker): the archive picks its connection.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bot.answering import find_answer
from bot.answers import Answer, Filters
from bot.person_names import speaker_agreement
from bot.questions import Question
from bot.tuning import Tuning
from index.archive import Archive
from index.tfidf import PassageIndex, Within

# Filters whose passages are kept worked out (the index's rows passing them), per index.
FILTERS_KEPT = 64


class SnapshotReads:
    def __init__(self, archive: Archive, tuning: Tuning) -> None:
        self._archive = archive
        self._tuning = tuning
        self._outlets_of: tuple[PassageIndex, list[str]] | None = None
        self._filtered: tuple[PassageIndex | None, dict[Filters, Within]] = (None, {})

    def find(self, index: PassageIndex, question: Question, limit: int) -> Answer:
        """The answer to ``question`` from ``index`` (``bot.answering``), not yet logged; a
        follow-up's answers the question as typed and says how it was read."""
        outlets = self._outlets(index)
        within = self._within(index, question.filters)
        answer = find_answer(self._archive, index, question, limit, outlets=outlets, within=within, tuning=self._tuning)
        return answer if question.typed is None else replace(answer, question=question.typed, read_as=answer.question)

    def keeps(self, index: PassageIndex, filters: Filters) -> bool:
        """Whether the rows of ``index`` passing ``filters`` (if any) are known without a read."""
        return not filters or (self._filtered[0] is index and filters in self._filtered[1])

    def _outlets(self, index: PassageIndex) -> list[str]:
        if self._outlets_of is None or self._outlets_of[0] is not index:
            self._outlets_of = (index, self._archive.outlets())
        return self._outlets_of[1]

    def _within(self, index: PassageIndex, filters: Filters) -> Within | None:
        if not filters:
            return None
        if self._filtered[0] is not index:
            self._filtered = (index, {})
        kept = self._filtered[1]
        if filters not in kept:
            if len(kept) >= FILTERS_KEPT:
                kept.clear()
            speakers = None
            if filters.by is not None:
                speakers = [who for who in self._archive.speakers() if speaker_agreement(filters.by, who) == "same"]
            ids = self._archive.passages_matching(
                outlet=filters.outlet, after=filters.after, before=filters.before, speakers=speakers
            )
            kept[filters] = index.within(np.asarray(ids, np.int64))
        return kept[filters]

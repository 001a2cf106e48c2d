"""Where a question is answered: in the event loop, or in a worker thread.

CPU-bound work (searching, reading, grouping) runs in worker threads, so one
slow question never stalls the event loop that Slack and Discord share. The
exception is a cheap question once the archive is in memory (``warm``): the two
trips to a worker thread and back cost more than its whole answer, so the loop
answers it itself, within a few milliseconds at worst (``Tuning.loop_postings``).
Whichever thread answers makes the search, the reads and the log line itself; the
archive gives each thread its connection, the loop's one that never waits
(``index.archive.connections``).
"""

from __future__ import annotations

import asyncio
import logging
import time

from bot.answers import Answer
from bot.query_log import QueryLog
from bot.questions import Question
from bot.quote_diff import claimed_runs
from bot.quote_lookup import Quoted
from bot.quote_search import quotation_terms, verify_in
from bot.snapshot_reads import SnapshotReads
from bot.tuning import Tuning
from index.archive import Archive
from index.live_index import LiveIndex
from index.storage_errors import DatabaseBusy
from index.tfidf import PassageIndex

log = logging.getLogger(__name__)


class Scheduler:
    """Answers questions and checks claims, each in the loop or in a worker thread."""

    def __init__(self, archive: Archive, index: LiveIndex, query_log: QueryLog, tuning: Tuning) -> None:
        self._archive = archive
        self._index = index
        self._query_log = query_log
        self._tuning = tuning
        self._reads = SnapshotReads(archive, tuning)
        self._answering = 0
        self._warming = False
        self._database_warm = False

    async def warm(self) -> None:
        """Read the archive into memory (the index, the passages and their articles'
        metadata) and keep each later index there; from then on the event loop answers
        cheap questions itself. A database that cannot be read whole is logged, and
        questions go on in worker threads."""
        if self._warming:
            return
        self._warming = True
        started = time.perf_counter()
        try:
            await self._archive.warm()
            self._database_warm = True
            if not await self._index.keep_warm():
                return
        except Exception:
            # Serving goes on without it: only answering in the loop depends on it.
            log.exception("the archive could not be read into memory; answering in worker threads")
            self._database_warm = False
            return
        log.info("the archive is in memory after %.1f s", time.perf_counter() - started)

    async def answer(self, question: Question, limit: int, origin: str) -> Answer:
        """The answer to ``question``, logged."""
        self._answering += 1
        try:
            return await self._answer(question, limit, origin)
        finally:
            self._answering -= 1

    async def verify(self, claim: str, who: str | None, limit: int, origin: str) -> Answer:
        """The check of a claimed quotation, logged: by the event loop when its words are
        rare enough that few passages are read (as a cheap question is), else in a worker."""
        index = await self._index.current()
        self._answering += 1
        try:
            if self._verifies_in_loop(index, claim):
                try:
                    checked = verify_in(self._archive, index, claim, who, limit)
                except DatabaseBusy:
                    return await asyncio.to_thread(self._verified, index, claim, who, limit, origin)
                answer = Answer(claim, "answered" if checked.matches else "no_evidence", verification=checked)
                found = await self._logged_from_loop(answer, origin)
                await asyncio.sleep(0)
                return found
            return await asyncio.to_thread(self._verified, index, claim, who, limit, origin)
        finally:
            self._answering -= 1

    async def logged(self, answer: Answer, origin: str) -> Answer:
        """``answer`` logged by a worker thread (an answer found without a search)."""
        return await asyncio.to_thread(self._query_log.logged, answer, origin)

    def _verified(self, index: PassageIndex, claim: str, who: str | None, limit: int, origin: str) -> Answer:
        checked = verify_in(self._archive, index, claim, who, limit)
        return self._query_log.logged(
            Answer(claim, "answered" if checked.matches else "no_evidence", verification=checked), origin
        )

    async def _answer(self, question: Question, limit: int, origin: str) -> Answer:
        # The index as last refreshed, checked against the store where the question is
        # answered; only when the store has moved on is it refreshed first.
        index, generation = await self._index.latest()
        asked = (index, generation, question, limit, origin)
        if self._answers_in_loop(index, question):
            try:
                found = self._found_if_current(index, generation, question, limit)
            except DatabaseBusy:
                # Another connection holds the database (an ingest's transaction):
                # a worker thread waits for it, the event loop must not.
                answer = await asyncio.to_thread(self._answer_if_current, *asked)
            else:
                answer = None if found is None else await self._logged_from_loop(found, origin)
                # A caller asking many questions in a row must not keep other tasks out.
                await asyncio.sleep(0)
        else:
            answer = await asyncio.to_thread(self._answer_if_current, *asked)
        if answer is None:
            index = await self._index.current()
            answer = await asyncio.to_thread(self._answer_from, index, question, limit, origin)
        return answer

    async def _logged_from_loop(self, found: Answer, origin: str) -> Answer:
        """``found`` logged from the loop, or, when another connection holds the
        database, by a worker that waits for it: the answer is not searched again."""
        try:
            return self._query_log.logged(found, origin)
        except DatabaseBusy:
            return await self.logged(found, origin)

    def _answers_in_loop(self, index: PassageIndex, question: Question) -> bool:
        """Whether the event loop answers ``question`` itself: only with the archive in
        memory, so that nothing waits on the disk, with few postings to read, and when
        no other question is being answered. In a burst the questions go to worker
        threads, so the loop stays free to acknowledge the next ones."""
        if self._answering > 1 or not (self._database_warm and self._index.is_warm(index)):
            return False
        if not self._reads.keeps(index, question.filters):
            return False
        lookup = question.lookup
        if lookup is not None and lookup.marked and index.rarest(quotation_terms(lookup)) > self._tuning.loop_holders:
            return False
        return index.postings([w.term for w in question.words], question.related) <= self._tuning.loop_postings

    def _verifies_in_loop(self, index: PassageIndex, claim: str) -> bool:
        """Whether the event loop checks ``claim`` itself: as for a question (warm, alone),
        and when its two rarest words are each in few passages, since a claim no passage
        holds is looked for among those holding all its words but one."""
        if self._answering > 1 or not (self._database_warm and self._index.is_warm(index)):
            return False
        terms = set(quotation_terms(Quoted(claimed_runs(claim), marked=True)))
        holders = sorted(index.rarest([term]) for term in terms)
        return bool(holders) and max(holders[:2]) <= self._tuning.loop_holders

    def _answer_if_current(
        self, index: PassageIndex, generation: int | None, question: Question, limit: int, origin: str
    ) -> Answer | None:
        """The answer from ``index``, logged, or None (see ``_found_if_current``)."""
        found = self._found_if_current(index, generation, question, limit)
        return None if found is None else self._query_log.logged(found, origin)

    def _found_if_current(
        self, index: PassageIndex, generation: int | None, question: Question, limit: int
    ) -> Answer | None:
        """The answer from ``index``, not yet logged, or None, without searching, when the
        store is no longer at the ``generation`` it reflects (None: unknown)."""
        if generation is None or self._archive.generation_now() != generation:
            return None
        return self._reads.find(index, question, limit)

    def _answer_from(self, index: PassageIndex, question: Question, limit: int, origin: str) -> Answer:
        """Search, read the hits, group them and log the answer, all in one thread:
        each trip between threads cost about as much as one of these steps."""
        return self._query_log.logged(self._reads.find(index, question, limit), origin)

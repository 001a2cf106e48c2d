"""The async core: one object that answers questions from the newsroom's articles.

    async with FactChecker.open(Settings.load()) as fc:
        answer = await fc.ask("Who denied the arms deal?")

It owns the store and the index and knows nothing of chat platforms: every
adapter (command line, Slack, Discord) calls ``ask`` and renders the ``Answer``.
CPU-bound work (fitting, ingesting, searching) runs in worker threads so one
slow question never stalls the event loop that Slack and Discord share. The
exception is a cheap question once the archive is in memory (``warm``): the two
trips to a worker thread and back cost more than its whole answer, so the loop
answers it itself, within a few milliseconds at worst (``Tuning.loop_postings``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot import messages
from bot.annotations import annotate
from bot.answering import find_answer
from bot.answers import Answer, Filters, Verification
from bot.articles import ArticleFile, IngestResult, Manifests, Problem, find_articles, read_article
from bot.errors import QuestionError, database_error
from bot.live_index import IndexState, LiveIndex
from bot.person_names import speaker_agreement
from bot.query_log import QueryLog
from bot.questions import Question, parse_question
from bot.quote_search import quotation_terms, verify_in
from bot.rate_limits import RateLimiter
from bot.settings import Settings
from bot.statements import Statement, find_statements
from bot.tuning import Tuning
from index.passages import split_passages
from index.question_store import QuestionStore
from index.storage_errors import DatabaseBusy, DiskFault, StoreError
from index.store import Article, NewPassage, Store
from index.tfidf import PassageIndex, Within

log = logging.getLogger(__name__)

# Filters whose passages are kept worked out (the index's rows passing them), per index.
FILTERS_KEPT = 64
# How often a long-running bot deletes logged questions past their keeping time.
PRUNE_EVERY = dt.timedelta(days=1)


class FactChecker:
    """Answers questions; ingests and removes articles. One per process is enough."""

    def __init__(self, store: Store, settings: Settings, *, tuning: Tuning = Tuning()) -> None:
        self._store = store
        self._settings = settings
        self._tuning = tuning
        self._index = LiveIndex(store, settings.db_path, tuning=tuning.index)
        self._limiter = RateLimiter(
            per_user=settings.questions_per_user_per_minute, per_channel=settings.questions_per_channel_per_minute
        )
        self._next_prune = dt.datetime.now(dt.UTC)
        self._warming = False
        self._seeded = False
        self._outlets_of: tuple[PassageIndex, list[str]] | None = None
        self._filtered: tuple[PassageIndex | None, dict[Filters, Within]] = (None, {})
        self._seeding = asyncio.Lock()
        self._database_warm = False
        self._answering = 0
        self._logged_in_loop = 0
        self._checkpoint: asyncio.Task[None] | None = None
        self._query_log = QueryLog(settings.db_path)

    @classmethod
    @asynccontextmanager
    async def open(cls, settings: Settings, *, tuning: Tuning = Tuning()) -> AsyncIterator[FactChecker]:
        """Open the database and load (or fit) the index. An empty database gets the
        seeds when it is first asked or served (``ask``, ``warm``), not here: a newsroom
        that opens it to ingest its own archive never sees the demo articles."""
        try:
            async with Store.open(settings.db_path) as store:
                checker = cls(store, settings, tuning=tuning)
                await checker._index.current()
                await checker._prune_questions()
                yield checker
        except StoreError as exc:
            # Only the index raises these, while opening or from the checker's calls in
            # the caller's block (a damaged page, a read-only file or a full disk shows
            # only when a question or an ingest reads or writes): each kind is told with
            # its own advice. Whatever else the caller's block raises is the caller's,
            # and passes unchanged.
            raise database_error(settings.db_path, exc) from exc

    async def ask(
        self, question: str, *, limit: int = 5, origin: str = "local", filters: Filters = Filters()
    ) -> Answer:
        """Answer ``question`` with up to ``limit`` distinct claims, best first, from the
        passages passing ``filters`` and the question's own (``outlet:nbc``, ``bot.filters``).

        Never raises for a bad question: it comes back as an ``error`` answer,
        so a batch of questions goes on past one that cannot be asked.
        """
        if not self._seeded:
            await self.seed()
        try:
            parsed = parse_question(question, max_chars=self._settings.max_question_chars, filters=filters)
        except QuestionError as exc:
            return await self._refused(question, exc, origin)
        return await self._asked(parsed, limit, origin)

    async def _refused(self, question: str, problem: QuestionError, origin: str) -> Answer:
        """A question that cannot be asked, logged as an error answer saying why."""
        shown = question.encode("utf-8", "replace").decode("utf-8")
        answer = Answer(question=shown, status="error", error=str(problem))
        return await asyncio.to_thread(self._query_log.logged, self._store.questions, answer, origin)

    async def _asked(self, question: Question, limit: int, origin: str) -> Answer:
        self._answering += 1
        try:
            answer = await self._answer(question, limit, origin)
        finally:
            self._answering -= 1
        await self._prune_questions()
        return answer

    async def timeline(
        self, topic: str, *, limit: int = 10, origin: str = "local", filters: Filters = Filters()
    ) -> Answer:
        """The statements about ``topic`` as events (a speaker's statement on one date,
        however many articles carry it) in date order, the undated last (``factcheck timeline``)."""
        if not self._seeded:
            await self.seed()
        try:
            parsed = parse_question(topic, max_chars=self._settings.max_question_chars, filters=filters)
        except QuestionError as exc:
            return await self._refused(topic, exc, origin)
        return await self._asked(replace(parsed, timeline=True), limit, origin)

    async def verify(self, claim: str, *, who: str | None = None, limit: int = 3, origin: str = "local") -> Answer:
        """Check a claimed quotation against the archive (``factcheck verify``): the
        answer's ``verification`` says whether an article holds it verbatim, altered
        or not at all, and whether it gives it to ``who``. Never raises for a bad claim."""
        if not self._seeded:
            await self.seed()
        try:
            parse_question(claim, max_chars=self._settings.max_question_chars)
        except QuestionError as exc:
            shown = claim.encode("utf-8", "replace").decode("utf-8")
            checked = Verification(shown, who, "error", error=str(exc))
            answer = Answer(question=shown, status="error", error=str(exc), verification=checked)
            return await asyncio.to_thread(self._query_log.logged, self._store.questions, answer, origin)
        index = await self._index.current()
        return await asyncio.to_thread(self._verified, self._store.questions, index, claim, who, limit, origin)

    def _verified(
        self, questions: QuestionStore, index: PassageIndex, claim: str, who: str | None, limit: int, origin: str
    ) -> Answer:
        checked = verify_in(questions, index, claim, who, limit)
        answer = Answer(claim, "answered" if checked.matches else "no_evidence", verification=checked)
        return self._query_log.logged(questions, answer, origin)

    async def warm(self) -> None:
        """Read the archive into memory (the index, the passages and their articles'
        metadata) and keep each later index there, so that no question waits on the
        disk; from then on the event loop answers cheap questions itself. For a
        serving process (``factcheck serve`` runs it as it starts), not a one-off question.
        A database that cannot be read whole is logged, and questions go on in worker threads."""
        if self._warming:
            return
        self._warming = True
        await self.seed()
        started = time.perf_counter()
        try:
            await asyncio.to_thread(self._store.questions_now.warm)
            self._database_warm = True
            if not await self._index.keep_warm():
                return
        except Exception:
            # Serving goes on without it: only answering in the loop depends on it.
            log.exception("the archive could not be read into memory; answering in worker threads")
            self._database_warm = False
            return
        log.info("the archive is in memory after %.1f s", time.perf_counter() - started)

    async def index_state(self) -> IndexState:
        """What a health check reports: counts, the generation answered from, and whether it is warm."""
        return await self._index.state()

    async def _answer(self, question: Question, limit: int, origin: str) -> Answer:
        # The index as last refreshed, checked against the store where the question is
        # answered; only when the store has moved on is it refreshed first.
        index, generation = await self._index.latest()
        asked = (index, generation, question, limit, origin)
        worker = self._store.questions
        if self._answers_in_loop(index, question):
            try:
                found = self._found_if_current(self._store.questions_now, index, generation, question, limit)
            except DatabaseBusy:
                # Another connection holds the database (an ingest's transaction):
                # a worker thread waits for it, the event loop must not.
                answer = await asyncio.to_thread(self._answer_if_current, worker, *asked)
            else:
                answer = None if found is None else await self._logged_from_loop(found, origin)
                # A caller asking many questions in a row must not keep other tasks out.
                await asyncio.sleep(0)
        else:
            answer = await asyncio.to_thread(self._answer_if_current, worker, *asked)
        if answer is None:
            index = await self._index.current()
            answer = await asyncio.to_thread(self._answer_from, worker, index, question, limit, origin)
        return answer

    async def _logged_from_loop(self, found: Answer, origin: str) -> Answer:
        """``found`` logged by the loop's connection, or, when another connection holds
        the database, by a worker that waits for it: the answer is not searched again."""
        try:
            answer = self._query_log.logged(self._store.questions_now, found, origin)
        except DatabaseBusy:
            return await asyncio.to_thread(self._query_log.logged, self._store.questions, found, origin)
        self._after_logging_in_loop()
        return answer

    def _after_logging_in_loop(self) -> None:
        """Have a worker checkpoint the write-ahead log now and then, which the loop's own
        connection never does."""
        self._logged_in_loop += 1
        idle = self._checkpoint is None or self._checkpoint.done()
        if self._logged_in_loop % self._tuning.checkpoint_every == 0 and idle:
            self._checkpoint = asyncio.create_task(asyncio.to_thread(self._store.questions.checkpoint))

    def _answers_in_loop(self, index: PassageIndex, question: Question) -> bool:
        """Whether the event loop answers ``question`` itself: only with the archive in
        memory, so that nothing waits on the disk, with few postings to read, and when
        no other question is being answered. In a burst the questions go to worker
        threads, so the loop stays free to acknowledge the next ones: answering a
        thousand at once in the loop made Slack's acknowledgements half again as late."""
        if self._answering > 1 or not (self._database_warm and self._index.is_warm(index)):
            return False
        if question.filters and (self._filtered[0] is not index or question.filters not in self._filtered[1]):
            return False
        lookup = question.lookup
        if lookup is not None and lookup.marked and index.rarest(quotation_terms(lookup)) > self._tuning.loop_holders:
            return False
        return index.postings(question.text, question.related) <= self._tuning.loop_postings

    async def forget_questions(self, *, asker: str | None = None, older_than_days: int | None = None) -> int:
        """Delete the logged questions of one person (``slack:T1/U2``, ``discord:G/U``,
        ``local``) or those older than some days, with the feedback on them; returns how many."""
        if older_than_days is not None:
            cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=older_than_days)
            return await self._store.forget_questions(asked_before=cutoff)
        return await self._store.forget_questions(asker=asker)

    async def _prune_questions(self) -> None:
        """Keep questions no longer than ``keep_questions_days``: checked on start and daily after."""
        now = dt.datetime.now(dt.UTC)
        if self._settings.keep_questions_days and now >= self._next_prune:
            self._next_prune = now + PRUNE_EVERY
            # A read-only database or a full disk keeps them until it can be written;
            # the first question not logged says so.
            with suppress(DiskFault):
                await self.forget_questions(older_than_days=self._settings.keep_questions_days)

    def admit(self, *, user: str, channel: str) -> bool:
        """Whether this person may ask now in this channel (see ``bot.rate_limits``)."""
        return self._limiter.admit(user, channel)

    async def record_feedback(self, query_id: int, user: str, *, helpful: bool) -> bool:
        """Keep a reader's 👍/👎 on a logged answer, so the newsroom can find wrong ones.

        ``user`` names the person on their platform (e.g. ``slack:T1/U2``).
        Returns False when the answer is not in the log.
        """
        return await self._store.record_feedback(query_id, user, helpful)

    def _answer_if_current(
        self,
        questions: QuestionStore,
        index: PassageIndex,
        generation: int | None,
        question: Question,
        limit: int,
        origin: str,
    ) -> Answer | None:
        """The answer from ``index``, logged, or None (see ``_found_if_current``)."""
        found = self._found_if_current(questions, index, generation, question, limit)
        return None if found is None else self._query_log.logged(questions, found, origin)

    def _found_if_current(
        self, questions: QuestionStore, index: PassageIndex, generation: int | None, question: Question, limit: int
    ) -> Answer | None:
        """The answer from ``index``, not yet logged, or None, without searching, when the
        store is no longer at the ``generation`` it reflects (None: unknown)."""
        if generation is None or questions.generation() != generation:
            return None
        return self._find(questions, index, question, limit)

    def _answer_from(
        self, questions: QuestionStore, index: PassageIndex, question: Question, limit: int, origin: str
    ) -> Answer:
        """Search, read the hits, group them and log the answer, all in one thread:
        each trip between threads cost about as much as one of these steps."""
        return self._query_log.logged(questions, self._find(questions, index, question, limit), origin)

    def _find(self, questions: QuestionStore, index: PassageIndex, question: Question, limit: int) -> Answer:
        outlets = self._outlets(questions, index)
        within = self._within(questions, index, question.filters)
        return find_answer(questions, index, question, limit, outlets=outlets, within=within, tuning=self._tuning)

    def _within(self, questions: QuestionStore, index: PassageIndex, filters: Filters) -> Within | None:
        """The rows passing ``filters`` in ``index``, kept until the index changes: a
        newsroom asks under the same few outlets and spans again and again."""
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
                speakers = [who for who in questions.speakers() if speaker_agreement(filters.by, who) == "same"]
            ids = questions.passages_matching(
                outlet=filters.outlet, after=filters.after, before=filters.before, speakers=speakers
            )
            kept[filters] = index.within(np.asarray(ids, np.int64))
        return kept[filters]

    async def seed(self) -> None:
        """Give an empty database the seed articles, once, however many ask at once."""
        async with self._seeding:
            if not self._seeded and self._settings.seeds_dir is not None and await self._store.article_count() == 0:
                await self.ingest([self._settings.seeds_dir])
            self._seeded = True

    async def _make_way_for(self, found: Sequence[Path | Problem]) -> list[IngestResult]:
        """Remove the shipped demo seeds when the database holds only them and other
        articles arrive: a newsroom's archive must not answer with the demo's stories.
        Seeds named by FACTCHECK_SEEDS are a choice, and stay."""
        seeds = self._settings.seeds_dir
        if seeds is None or self._settings.seeds_chosen:
            return []
        seeds = seeds.resolve()
        if not any(isinstance(item, Path) and not item.resolve().is_relative_to(seeds) for item in found):
            return []
        stored = await self._store.article_files(len(list(seeds.glob("*.txt"))))
        if not stored or not all(Path(file).is_relative_to(seeds) for _, file in stored):
            return []
        await self.remove([doc_id for doc_id, _ in stored])
        return [IngestResult(seeds, None, "removed", messages.DEMO_SEEDS_REMOVED.format(count=len(stored)))]

    def _outlets(self, questions: QuestionStore, index: PassageIndex) -> list[str]:
        """The stored articles' outlets, read again whenever the index changes."""
        if self._outlets_of is None or self._outlets_of[0] is not index:
            self._outlets_of = (index, questions.outlets())
        return self._outlets_of[1]

    async def ingest(
        self,
        paths: Sequence[Path],
        *,
        progress: Callable[[int, int], None] | None = None,
        settle: bool = True,
        follow_symlinks: bool = False,
    ) -> list[IngestResult]:
        """Add or update the articles at ``paths`` (files or folders), one transaction each.

        A file that cannot be read or is refused is reported and skipped; the
        rest of the batch goes on. ``progress`` is told (done, total) per file.
        With ``settle`` (a bulk ingest that ends here) the index is refit now if
        the batch calls for it; without, a serving process refits in the background.
        Files that are symbolic links are refused unless ``follow_symlinks``.
        """
        manifests = Manifests()
        found = list(find_articles(list(paths), follow_symlinks=follow_symlinks))
        results = await self._make_way_for(found)
        for done, item in enumerate(found, 1):
            if isinstance(item, Problem):
                results.append(IngestResult(item.path, None, "failed", item.reason))
            else:
                article = await asyncio.to_thread(read_article, item, manifests.metadata(item))
                if isinstance(article, Problem):
                    results.append(IngestResult(article.path, None, "failed", article.reason))
                else:
                    results.append(await self._store_article(article))
            if progress is not None:
                progress(done, len(found))
        results.extend(IngestResult(p.path, None, "warning", p.reason) for p in manifests.problems)
        await (self._index.settle() if settle else self._index.current())
        return results

    async def _store_article(self, article: ArticleFile) -> IngestResult:
        path = str(article.path.resolve())
        existing = await self._store.article(article.doc_id)
        meta = article.metadata
        title = meta.title or article.text.strip().splitlines()[0].strip()[:300]
        if existing is not None and existing.file != path and existing.sha256 != article.sha256:
            other = messages.DOC_ID_TAKEN.format(doc_id=article.doc_id, other=existing.file)
            return IngestResult(article.path, article.doc_id, "refused", other)
        duplicate = await self._store.doc_id_with_hash(article.sha256)
        if duplicate is not None and duplicate != article.doc_id:
            return IngestResult(article.path, article.doc_id, "refused", messages.DUPLICATE_OF.format(doc_id=duplicate))
        stored = Article(
            article.doc_id, path, article.sha256, article.text, title, meta.outlet, meta.published, meta.url
        )
        if existing == stored:
            return IngestResult(article.path, article.doc_id, "unchanged")
        passages = split_passages(article.text, title)
        if not passages:
            return IngestResult(article.path, article.doc_id, "failed", messages.NO_CONTENT)
        notes = await asyncio.to_thread(annotate, article.text, passages, meta.published)
        await self._store.put_article(
            stored,
            [NewPassage(p.start, p.end, n.note(), headline=p.headline) for p, n in zip(passages, notes, strict=True)],
        )
        return IngestResult(article.path, article.doc_id, "updated" if existing else "added")

    async def remove(self, doc_ids: Sequence[str]) -> dict[str, bool]:
        """Take articles out of the store and the index; says which ids existed."""
        removed = {doc_id: await self._store.remove(doc_id) for doc_id in doc_ids}
        await self._index.current()
        return removed

    async def rebuild_index(self) -> None:
        """Refit the whole index now (``factcheck reindex``): exact IDF again after much growth."""
        await self._index.rebuild()

    async def article_text(self, doc_id: str) -> str | None:
        """The article's text exactly as ingested, against which every quote's offsets hold."""
        article = await self._store.article(doc_id)
        return article.text if article else None

    async def statements(self, doc_id: str) -> list[Statement] | None:
        """Every attributed statement of a stored article, in text order (``factcheck
        quotes``); None when no article has that id."""
        article = await self._store.article(doc_id)
        if article is None:
            return None
        return await asyncio.to_thread(find_statements, article.text, article.published)

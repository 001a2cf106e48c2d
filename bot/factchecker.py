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
import re
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np

from bot import messages
from bot.abstention import absent, should_abstain, speaker_on_topic
from bot.annotations import annotate
from bot.answers import Answer, Evidence, Filters, Verification
from bot.articles import ArticleFile, IngestResult, Manifests, Problem, find_articles, read_article
from bot.asked_speakers import asked_speaker, claimed_speaker
from bot.errors import QuestionError, database_error
from bot.events import asks_for_events, with_quoted_words
from bot.found_passages import evidence_of
from bot.live_index import IndexState, LiveIndex
from bot.outlets import named_outlets, without_outlets
from bot.person_names import speaker_agreement
from bot.query_log import QueryLog
from bot.questions import Question, parse_question
from bot.quote_lookup import Match, Quoted, match, quotations, unquoted
from bot.quote_search import holding, quotation_terms, verify_in
from bot.rate_limits import RateLimiter
from bot.settings import Settings
from bot.speech_acts import DENIAL, RELATED_WEIGHT, asked_acts
from bot.spelling import correction
from bot.statements import Statement, find_statements
from bot.timeline import in_order
from bot.tuning import Tuning
from bot.word_families import family_term
from index.passages import split_passages
from index.question_store import QuestionStore
from index.storage_errors import DatabaseBusy, DiskFault, StoreError
from index.store import Article, NewPassage, Store
from index.terms import cased_words, question_terms, word_terms, words
from index.tfidf import Hit, PassageIndex, Query, Within

log = logging.getLogger(__name__)

# Enough candidates that every article's wording of a claim is among them: 20 gave
# the dev sets the same answers as 30, and each one more is read, built and compared.
CANDIDATES = 20
# A run of eight words copied from an article, or a quotation with a word or two
# changed, ranks its passage near the top by its words alone: only the first
# candidates are read for them (every candidate is searched for a marked quotation).
CHECKED = 10
# A marked quotation's words are often common ones ("where do we go from here"): the
# passage holding them in order may rank far down by words alone. A copied run without
# marks is eight words or more, enough for the words alone to find it.
QUOTE_CANDIDATES = 100
# A passage's score is multiplied by the share of the question's IDF-weighted terms it
# holds to this power (Lucene's classic coordination factor): one strong word must not
# beat a passage holding them all (the exponents measured are in the README).
COORDINATION = 0.75
# The matches a question's quotation is shown with, as ``factcheck verify`` shows them.
VERIFIED_MATCHES = 3
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
        missing, corrections = _unheld_words(questions, index, question, outlets)
        asked = question
        if corrections:
            respelt = _respelt(question.text, dict(corrections))
            question = parse_question(respelt, max_chars=len(respelt), filters=asked.filters)
        checked = _checked_quotation(questions, index, asked)
        within = self._within(questions, index, question.filters)
        if within is not None and not len(within):
            return Answer(asked.original, "no_evidence", filters=question.filters, filtered_out=True)
        ranked = _ranked(questions, index, question, outlets, missing, within)
        if ranked is None:
            return Answer(
                question=asked.original,
                status="no_evidence",
                missing_terms=missing,
                corrections=corrections,
                filters=question.filters,
                verification=checked,
            )
        found, tiers = ranked
        similarity = index.similarity([hit for hit, _ in found])
        acts = asked_acts(tuple(w.term for w in question.words))
        if question.timeline or (acts and asks_for_events(question.text)):
            following = questions.continuations([hit.passage_id for hit, _ in found])
            reports = [with_quoted_words(e, following.get(hit.passage_id)) for hit, e in found]
            claims = self._tuning.group_events(reports, similarity, None, tiers, denial=DENIAL in acts)
            claims = list(in_order(claims, limit)) if question.timeline else claims[:limit]
        else:
            claims = self._tuning.group_claims([evidence for _, evidence in found], similarity, limit, tiers)
        return Answer(
            question=asked.original,
            status="answered",
            claims=tuple(claims),
            missing_terms=missing,
            corrections=corrections,
            filters=question.filters,
            timeline=question.timeline,
            verification=checked,
        )

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


def _ranked(
    questions: QuestionStore,
    index: PassageIndex,
    question: Question,
    outlets: Sequence[str],
    missing: tuple[str, ...],
    within: Within | None,
) -> tuple[list[tuple[Hit, Evidence]], list[int]] | None:
    """The candidate passages with their evidence, best first, and the tier each
    ranks in (see ``_tier``); None when the archive holds no answer to give."""
    related, lookup = question.related, question.lookup
    speaker = asked_speaker(question.text)
    # An outlet that is the asked speaker ("What did the Washington Post say …") is
    # answered by whoever quotes it, not by its own pages alone.
    named = named_outlets(question.text.replace(speaker, " ") if speaker else question.text, outlets)
    searched = without_outlets(question.text, named)
    query = index.query(
        searched if cased_words(searched) else question.text, related=related, related_weight=RELATED_WEIGHT
    )
    # A quotation found word for word is the answer: its places, not passages that
    # merely share its words (the wider search below is for near matches).
    marked = lookup is not None and lookup.marked
    held = holding(questions, index, lookup, query, within)[:QUOTE_CANDIDATES] if lookup and marked else []
    hits = [hit for hit, _ in held] or index.top(query, QUOTE_CANDIDATES if marked else CANDIDATES, within=within)
    if should_abstain(question, missing, hits[0].score if hits else 0.0):
        return None
    hits = _coordinated(index, query, hits)
    # The passages holding the quotation were read to check it; the others are read now.
    read = {row.id: row for _, row in held}
    rows = [read[hit.passage_id] for hit in hits] if read else questions.passages([hit.passage_id for hit in hits])
    # A headline ranks below a body passage that matches as well: the headline is the
    # desk's summary, the body passage the reported words. Only a tie-break: a
    # discount cost answers (README).
    found = sorted(evidence_of(rows, hits), key=lambda pair: (-pair[1].score, pair[1].headline))
    if speaker is not None and not speaker_on_topic(question, speaker, [e for _, e in found]):
        return None
    # A question naming an outlet ("per Asia News") asks for that outlet's reporting.
    tiers = [_tier(lookup, evidence, rank, named) for rank, (_, evidence) in enumerate(found)]
    # Those that lead by tier first, then by score; a quotation's wider search is cut
    # back to the usual number before the passages are compared with each other.
    order = sorted(range(len(found)), key=lambda n: -tiers[n])[:CANDIDATES]
    return [found[n] for n in order], [tiers[n] for n in order]


def _checked_quotation(questions: QuestionStore, index: PassageIndex, question: Question) -> Verification | None:
    """The check of the quotation a question marks ("Did Kirby say “…”?"), the longest
    when it marks several, against the speaker it names."""
    if question.lookup is None or not question.lookup.marked:
        return None
    claim = quotations(question.text)[0]
    return verify_in(questions, index, claim, claimed_speaker(unquoted(question.text)), VERIFIED_MATCHES)


def _tier(lookup: Quoted | None, evidence: Evidence, rank: int, outlets: set[str]) -> int:
    """How a passage ranks before its score: holding the question's quotation outranks
    everything, the reporting of an outlet the question names comes next."""
    held = Match.NONE
    if lookup is not None and (lookup.marked or rank < CHECKED):
        held = match(lookup, evidence.quote, near=rank < CHECKED)
    return 2 * held + (evidence.source.outlet in outlets)


def _coordinated(index: PassageIndex, query: Query, hits: list[Hit]) -> list[Hit]:
    """``hits`` rescored by the share of the query's term weight each holds, best first."""
    shares = index.coverage(query, hits)
    scored = [
        Hit(hit.passage_id, hit.score * share**COORDINATION, hit.row) for hit, share in zip(hits, shares, strict=True)
    ]
    return sorted(scored, key=lambda hit: -hit.score)


def _unheld_words(
    questions: QuestionStore, index: PassageIndex, question: Question, outlets: Sequence[str]
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The question's words no article holds in any inflection nor in an outlet's name
    ("reuters" in "NBC News (Reuters)": an outlet is mentioned by its articles, though its
    name is in no passage), and (word, known word) for those read as a held word: a
    misspelling's, else another form of the word ("invasion" for "invade")."""
    known = index.known(w.term for w in question.words)
    unknown = dict.fromkeys(w.word for w in question.words if w.term not in known)
    not_held = absent(unknown, lambda variant: bool(index.known(question_terms(variant))))
    outlet_names = [outlet.lower() for outlet in outlets]
    unnamed = [word for word in not_held if not any(word in name for name in outlet_names)]
    names = {w.word for w in question.words if w.proper}
    corrections = tuple(
        (word, fix) for word in unnamed if (fix := _read_as(questions, index, word, name=word in names)) is not None
    )
    fixed = dict(corrections)
    return tuple(word for word in unnamed if word not in fixed), corrections


def _read_as(questions: QuestionStore, index: PassageIndex, word: str, *, name: bool) -> str | None:
    """The held word an unheld ``word`` is read as: a slip's correction first, since a
    misspelt word means that word exactly; a name is never re-read."""
    fix = correction(word, partial(_known_words, index), name=name)
    return fix if fix is not None or name else _family_word(questions, index, word)


def _family_word(questions: QuestionStore, index: PassageIndex, word: str) -> str | None:
    """The word of ``word``'s family that the archive uses most, as one of its passages spells it."""
    term = family_term(word, index.starting, lambda member: index.rarest([member]))
    if term is None:
        return None
    hits = index.top(index.query("", related=[term], related_weight=1.0), 1)
    rows = questions.passages([hit.passage_id for hit in hits])
    return next((surface for row in rows for surface, held in words(row.text) if held == term), None)


def _known_words(index: PassageIndex, words: list[str]) -> set[str]:
    """Those of ``words`` some indexed passage holds."""
    terms = word_terms(words)
    held = index.known(terms.values())
    return {word for word, term in terms.items() if term in held}


def _respelt(text: str, fixed: dict[str, str]) -> str:
    """``text`` with each misspelt word replaced by the known word it was read as."""
    for word, fix in fixed.items():
        text = re.sub(rf"\b{re.escape(word)}\b", fix, text, flags=re.IGNORECASE)
    return text

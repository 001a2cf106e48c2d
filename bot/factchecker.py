"""The async core: one object that answers questions from the newsroom's articles.

    async with FactChecker.open(Settings.load()) as fc:
        answer = await fc.ask("Who denied the arms deal?")

It owns the archive and the index and knows nothing of chat platforms: every
adapter (command line, Slack, Discord) calls ``ask`` and renders the ``Answer``.
It is a facade over five modules, each doing one job: answering
(``bot.answering``, with the reads it repeats kept in ``bot.snapshot_reads``),
choosing the event loop or a worker thread for it (``bot.scheduling``), ingest's
rules (``bot.ingest``), how long questions are kept (``bot.retention``), and the
conversations in chat threads that follow-up questions continue (``bot.conversations``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

from bot.answers import Answer, Filters, Verification
from bot.articles import IngestResult
from bot.conversation_state import ConversationKey
from bot.conversations import Conversations, FollowUp
from bot.errors import QuestionError, database_error
from bot.index_state import IndexState
from bot.ingest import Ingester
from bot.query_log import QueryLog
from bot.questions import parse_question
from bot.rate_limits import RateLimiter
from bot.retention import Retention
from bot.scheduling import Scheduler
from bot.settings import Settings
from bot.statements import Statement, find_statements
from bot.tuning import Tuning
from index.archive import Archive
from index.live_index import LiveIndex
from index.storage_errors import StoreError
from index.terms import question_terms


class FactChecker:
    """Answers questions; ingests and removes articles. One per process is enough."""

    def __init__(
        self,
        archive: Archive,
        settings: Settings,
        *,
        tuning: Tuning = Tuning(),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._archive = archive
        self._settings = settings
        self._index = LiveIndex(archive, settings.db_path, tuning=tuning.index)
        self._limiter = RateLimiter(
            per_user=settings.questions_per_user_per_minute, per_channel=settings.questions_per_channel_per_minute
        )
        self._ingester = Ingester(archive, self._index, settings)
        self._retention = Retention(archive, settings.keep_questions_days)
        self._scheduler = Scheduler(archive, self._index, QueryLog(archive, settings.db_path), tuning)
        self._conversations = Conversations(
            archive,
            self._followed_up,
            hours=settings.thread_hours,
            max_chars=settings.max_question_chars,
            db_path=settings.db_path,
            clock=clock,
        )

    @classmethod
    @asynccontextmanager
    async def open(
        cls, settings: Settings, *, tuning: Tuning = Tuning(), clock: Callable[[], float] = time.time
    ) -> AsyncIterator[FactChecker]:
        """Open the database and load (or fit) the index. An empty database gets the
        seeds when it is first asked or served (``ask``, ``warm``), not here: a newsroom
        that opens it to ingest its own archive never sees the demo articles. ``clock``
        (seconds since the epoch) times the conversations in threads."""
        try:
            async with Archive.open(settings.db_path, checkpoint_every=tuning.checkpoint_every) as archive:
                checker = cls(archive, settings, tuning=tuning, clock=clock)
                await checker._index.current()
                await checker._retention.prune()
                await checker._conversations.load()
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
        return await self._asked(question, limit, origin, filters, timeline=False)

    async def timeline(
        self, topic: str, *, limit: int = 10, origin: str = "local", filters: Filters = Filters()
    ) -> Answer:
        """The statements about ``topic`` as events (a speaker's statement on one date,
        however many articles carry it) in date order, the undated last (``factcheck timeline``)."""
        return await self._asked(topic, limit, origin, filters, timeline=True)

    async def follow_up(
        self,
        key: ConversationKey,
        text: str,
        *,
        origin: str = "local",
        limit: int = 5,
        filters: Filters = Filters(),
        keep_at: ConversationKey | None = None,
    ) -> Answer:
        """Answer ``text`` as a follow-up of the conversation at ``key`` (``bot.followups``),
        as it stands when none is active there, and hold its answer as that conversation's
        latest, or as a branch at ``keep_at`` (a reply chain, where each answer is replied to).
        The answer's ``read_as`` says how it was read, when not as typed. The follow-ups
        of one conversation are answered in order; never raises for a bad question."""
        return await self._conversations.follow_up(
            key, text, origin=origin, limit=limit, filters=filters, keep_at=keep_at
        )

    async def start_conversation(self, key: ConversationKey, answer: Answer, *, origin: str) -> Answer:
        """Start the conversation at ``key`` with an answer just given there (a mention's):
        returned with ``opens_conversation`` set, or unchanged when it starts none
        (follow-ups turned off, an error)."""
        return await self._conversations.start(key, answer, origin=origin)

    def conversation_active(self, key: ConversationKey) -> bool:
        """Whether a conversation is active at ``key``: answered within
        ``FACTCHECK_THREAD_HOURS``. Reads no database, for every message of a channel."""
        return self._conversations.is_active(key)

    async def end_conversation(self, key: ConversationKey) -> bool:
        """End the conversation at ``key`` (``stop``) and delete it; says whether there was one."""
        return await self._conversations.end(key)

    async def forget_conversations(self, *, asker: str) -> int:
        """Delete the conversations whose last question ``asker`` asked; returns how many."""
        return await self._conversations.forget(asker=asker)

    async def _followed_up(self, asked: FollowUp) -> Answer:
        reading = asked.reading
        return await self._asked(
            reading.text,
            asked.limit,
            asked.origin,
            reading.filters.over(asked.filters),
            timeline=False,
            follow_up=asked,
        )

    async def _asked(
        self,
        question: str,
        limit: int,
        origin: str,
        filters: Filters,
        *,
        timeline: bool,
        follow_up: FollowUp | None = None,
    ) -> Answer:
        await self.seed()
        reading = follow_up.reading if follow_up is not None else None
        typed = follow_up.typed if follow_up is not None and follow_up.reading.rewritten else None
        try:
            searched = reading.searched if reading is not None and reading.searched else question
            parsed = parse_question(searched, max_chars=self._settings.max_question_chars, filters=filters)
        except QuestionError as exc:
            # A question that cannot be asked, logged as an error answer saying why.
            shown = (typed or question).encode("utf-8", "replace").decode("utf-8")
            failed = Answer(question=shown, status="error", error=str(exc), read_as=question if typed else None)
            return await self._scheduler.logged(failed, origin)
        # A follow-up's reading is what the answer shows, though a month it names is not searched.
        parsed = replace(parsed, original=question, timeline=timeline, typed=typed)
        if reading is not None:
            parsed = replace(
                parsed,
                leave_out=reading.leave_out,
                not_by=reading.not_by,
                during=reading.during,
                spoken_by=reading.spoken_by,
                about=reading.about,
                echo=reading.echo,
                shown=reading.shown,
                unechoed=tuple(question_terms(reading.unechoed)) if reading.unechoed else (),
            )
        answer = await self._scheduler.answer(parsed, limit, origin)
        await self._retention.prune()
        return answer

    async def verify(self, claim: str, *, who: str | None = None, limit: int = 3, origin: str = "local") -> Answer:
        """Check a claimed quotation against the archive (``factcheck verify``): the
        answer's ``verification`` says whether an article holds it verbatim, altered
        or not at all, and whether it gives it to ``who``. Never raises for a bad claim."""
        await self.seed()
        try:
            parse_question(claim, max_chars=self._settings.max_question_chars)
        except QuestionError as exc:
            shown = claim.encode("utf-8", "replace").decode("utf-8")
            checked = Verification(shown, who, "error", error=str(exc))
            answer = Answer(question=shown, status="error", error=str(exc), verification=checked)
            return await self._scheduler.logged(answer, origin)
        return await self._scheduler.verify(claim, who, limit, origin)

    async def warm(self) -> None:
        """Read the archive into memory and keep each later index there, so that no
        question waits on the disk; from then on the event loop answers cheap questions
        itself. For a serving process (``factcheck serve`` runs it as it starts), not a
        one-off question."""
        await self.seed()
        await self._scheduler.warm()

    async def index_state(self) -> IndexState:
        """What a health check reports: counts, the generation answered from, and whether it is warm."""
        index, generation = await self._index.latest()
        articles = await self._archive.article_count()
        return IndexState(articles, len(index), generation, self._index.is_warm(index))

    def admit(self, *, user: str, channel: str) -> bool:
        """Whether this person may ask now in this channel (see ``bot.rate_limits``)."""
        return self._limiter.admit(user, channel)

    async def record_feedback(self, query_id: int, user: str, *, helpful: bool) -> bool:
        """Keep a reader's 👍/👎 on a logged answer, so the newsroom can find wrong ones.

        ``user`` names the person on their platform (e.g. ``slack:T1/U2``).
        Returns False when the answer is not in the log.
        """
        return await self._archive.record_feedback(query_id, user, helpful)

    async def forget_questions(self, *, asker: str | None = None, older_than_days: int | None = None) -> int:
        """Delete the logged questions of one person (``slack:T1/U2``, ``discord:G/U``,
        ``local``) or those older than some days, with the feedback on them; returns how many."""
        return await self._retention.forget(asker=asker, older_than_days=older_than_days)

    async def seed(self) -> None:
        """Give an empty database the seed articles, once, however many ask at once."""
        await self._ingester.seed()

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
        return await self._ingester.ingest(paths, progress=progress, settle=settle, follow_symlinks=follow_symlinks)

    async def remove(self, doc_ids: Sequence[str]) -> dict[str, bool]:
        """Take articles out of the store and the index; says which ids existed."""
        return await self._ingester.remove(doc_ids)

    async def rebuild_index(self) -> None:
        """Refit the whole index now (``factcheck reindex``): exact IDF again after much growth."""
        await self._index.rebuild()

    async def article_text(self, doc_id: str) -> str | None:
        """The article's text exactly as ingested, against which every quote's offsets hold."""
        article = await self._archive.article(doc_id)
        return article.text if article else None

    async def statements(self, doc_id: str) -> list[Statement] | None:
        """Every attributed statement of a stored article, in text order (``factcheck
        quotes``); None when no article has that id."""
        article = await self._archive.article(doc_id)
        if article is None:
            return None
        return await asyncio.to_thread(find_statements, article.text, article.published)

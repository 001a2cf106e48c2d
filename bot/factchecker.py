"""The async core: one object that answers questions from the newsroom's articles.

    async with FactChecker.open(Settings.load()) as fc:
        answer = await fc.ask("Who denied the arms deal?")

It owns the archive and the index and knows nothing of chat platforms: every
adapter (command line, Slack, Discord) calls ``ask`` and renders the ``Answer``.
It is a facade over four modules, each doing one job: answering
(``bot.answering``, with the reads it repeats kept in ``bot.snapshot_reads``),
choosing the event loop or a worker thread for it (``bot.scheduling``), ingest's
rules (``bot.ingest``) and how long questions are kept (``bot.retention``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

from bot.answers import Answer, Filters, Verification
from bot.articles import IngestResult
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


class FactChecker:
    """Answers questions; ingests and removes articles. One per process is enough."""

    def __init__(self, archive: Archive, settings: Settings, *, tuning: Tuning = Tuning()) -> None:
        self._archive = archive
        self._settings = settings
        self._index = LiveIndex(archive, settings.db_path, tuning=tuning.index)
        self._limiter = RateLimiter(
            per_user=settings.questions_per_user_per_minute, per_channel=settings.questions_per_channel_per_minute
        )
        self._ingester = Ingester(archive, self._index, settings)
        self._retention = Retention(archive, settings.keep_questions_days)
        self._scheduler = Scheduler(archive, self._index, QueryLog(archive, settings.db_path), tuning)

    @classmethod
    @asynccontextmanager
    async def open(cls, settings: Settings, *, tuning: Tuning = Tuning()) -> AsyncIterator[FactChecker]:
        """Open the database and load (or fit) the index. An empty database gets the
        seeds when it is first asked or served (``ask``, ``warm``), not here: a newsroom
        that opens it to ingest its own archive never sees the demo articles."""
        try:
            async with Archive.open(settings.db_path, checkpoint_every=tuning.checkpoint_every) as archive:
                checker = cls(archive, settings, tuning=tuning)
                await checker._index.current()
                await checker._retention.prune()
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

    async def _asked(self, question: str, limit: int, origin: str, filters: Filters, *, timeline: bool) -> Answer:
        await self.seed()
        try:
            parsed = parse_question(question, max_chars=self._settings.max_question_chars, filters=filters)
        except QuestionError as exc:
            # A question that cannot be asked, logged as an error answer saying why.
            shown = question.encode("utf-8", "replace").decode("utf-8")
            return await self._scheduler.logged(Answer(question=shown, status="error", error=str(exc)), origin)
        answer = await self._scheduler.answer(replace(parsed, timeline=True) if timeline else parsed, limit, origin)
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

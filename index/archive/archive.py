"""The archive: one SQLite file holding the articles, their passages, the fitted
index's name, the query log and the conversations in chat threads, behind one object.

    async with Archive.open(path) as archive:
        await archive.put_article(article, passages)    # ingest's writes
        rows = archive.passages(ids)                   # an answer's reads
        archive.log_query(origin, question, status, results)

Ingest's writes, the index upkeep's reads and the log's deletions are async and
share one connection, taking turns. An answer's reads and its log line are plain
calls, made from the thread that answers (the event loop, or a worker thread):
each picks the connection of its thread, and from the event loop never waits,
raising ``DatabaseBusy`` instead (``index.archive.connections``). Whatever SQLite
raises comes out as the index's ``StoreError`` (``index.storage_errors``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from index.archive import conversations, query_log, reads, upkeep, writes
from index.archive.connections import CHECKPOINT_EVERY, Connections, open_connections
from index.archive.conversations import StoredConversation
from index.archive.reads import Continuation, StoredPassage
from index.archive.upkeep import Cursor, Naming
from index.archive.writes import Article, NewPassage


class Archive:
    """The articles, their passages, the index's name and the query log; one per process is enough."""

    def __init__(self, connections: Connections) -> None:
        self._connections = connections

    @classmethod
    @asynccontextmanager
    async def open(cls, path: Path, *, checkpoint_every: int = CHECKPOINT_EVERY) -> AsyncIterator[Archive]:
        """Open the database at ``path``, made if missing, brought up to date if from an
        earlier version; the event loop's connection leaves a checkpoint to a worker
        after every ``checkpoint_every`` lines it logs."""
        async with open_connections(path, checkpoint_every=checkpoint_every) as connections:
            yield cls(connections)

    # What an answer reads and logs, from the thread that answers it.

    def passages(self, ids: Sequence[int]) -> list[StoredPassage]:
        """The passages with these ids that still exist, in the order asked."""
        with self._connections.answering() as db:
            return reads.passages(db, ids)

    def continuations(self, ids: Sequence[int], *, paragraphs: bool = False) -> dict[int, Continuation]:
        """The next passage of the same paragraph, for those of the passages ``ids`` that
        have one: only spaces (no line break) between the two; with ``paragraphs``, the
        first of the next paragraph too."""
        with self._connections.answering() as db:
            return reads.continuations(db, ids, paragraphs=paragraphs)

    def openings(self, doc_ids: Sequence[str], first: int) -> list[StoredPassage]:
        """The body passages among the first ``first`` of each of these articles, in order:
        where a report's dateline is, after its headline, standfirst and lead photo."""
        with self._connections.answering() as db:
            return reads.openings(db, doc_ids, first)

    def passages_matching(
        self, *, outlet: str | None, after: str | None, before: str | None, speakers: Sequence[str] | None
    ) -> list[int]:
        """The ids of the passages passing a question's filters: the article's outlet holding
        ``outlet`` (any case), the statement's date (else the article's) within ``after`` and
        ``before`` (inclusive), its speaker one of ``speakers``. What a filter needs and an
        article lacks (an outlet, a date) leaves the passage out."""
        with self._connections.answering() as db:
            return reads.passages_matching(db, outlet=outlet, after=after, before=before, speakers=speakers)

    def speakers(self) -> list[str]:
        """Every speaker some passage names, as written."""
        with self._connections.answering() as db:
            return reads.speakers(db)

    def outlets(self) -> list[str]:
        """Every outlet some stored article names."""
        with self._connections.answering() as db:
            return reads.outlets(db)

    def generation_now(self) -> int:
        """``generation``, read where the question is answered."""
        with self._connections.answering() as db:
            return reads.generation(db)

    def log_query(
        self,
        origin: str,
        question: str,
        status: str,
        results: Sequence[dict[str, object]],
        read_as: str | None = None,
    ) -> int:
        """Keep the question (as typed, and a follow-up's reading) and what was answered;
        returns its id, which feedback refers to."""
        with self._connections.logging() as db:
            return query_log.log_query(db, origin, question, status, results, read_as)

    async def warm(self) -> None:
        """Read once, in a worker thread, every page a question can read, into the event
        loop's connection, so that answering there waits on neither the disk nor the memory map."""
        await asyncio.to_thread(self._warm_loops_connection)

    def _warm_loops_connection(self) -> None:
        with self._connections.loops_connection() as db:
            reads.warm(db)

    # What ingest writes and looks up.

    async def generation(self) -> int:
        """The change counter: every write of an article or of the index's name moves it."""
        async with self._connections.writing() as db:
            return await writes.generation(db)

    async def article_count(self) -> int:
        async with self._connections.writing() as db:
            return await writes.article_count(db)

    async def article_files(self, most: int) -> list[tuple[str, str]] | None:
        """(doc_id, file) of every article, or None when there are more than ``most``."""
        async with self._connections.writing() as db:
            return await writes.article_files(db, most)

    async def article(self, doc_id: str) -> Article | None:
        async with self._connections.writing() as db:
            return await writes.article(db, doc_id)

    async def doc_id_with_hash(self, sha256: str) -> str | None:
        async with self._connections.writing() as db:
            return await writes.doc_id_with_hash(db, sha256)

    async def put_article(self, article: Article, passages: Sequence[NewPassage]) -> None:
        """Store ``article`` with its passages, replacing any older version, atomically."""
        async with self._connections.writing() as db:
            await writes.put_article(db, article, passages)

    async def remove(self, doc_id: str) -> bool:
        """Take the article and its passages out; says whether it was there."""
        async with self._connections.writing() as db:
            return await writes.remove(db, doc_id)

    # What keeping the index in step reads and writes.

    async def passage_texts(self) -> tuple[list[int], list[str], Cursor]:
        """Every passage's id and text, and the cursor they were read at (one read transaction)."""
        async with self._connections.writing() as db:
            return await upkeep.passage_texts(db)

    async def changes_since(self, since: Cursor) -> tuple[list[tuple[int, str]], list[int], Cursor, str | None]:
        """Passages added and passage ids removed after ``since``, the new cursor, and
        the snapshot folder in force, all read in one transaction: when the folder
        is not the caller's, the deletion log may have been pruned and the caller
        must load that snapshot instead."""
        async with self._connections.writing() as db:
            return await upkeep.changes_since(db, since)

    async def fitted_index(self) -> tuple[str, Cursor] | None:
        """The snapshot folder in force and the cursor it was fitted at."""
        async with self._connections.writing() as db:
            return await upkeep.fitted_index(db)

    async def set_fitted_index(self, folder: str, cursor: Cursor) -> Naming:
        """Name the snapshot in force; deletions it already reflects leave the log.

        A fit of an earlier state than the one in force (two processes refitting
        at once, the one that read first finishing last) is not named: the log
        has dropped deletions it would need. The generation moves too, so other
        processes load the new snapshot."""
        async with self._connections.writing() as db:
            return await upkeep.set_fitted_index(db, folder, cursor)

    # The query log's keeping.

    async def forget_questions(self, *, asked_before: datetime | None = None, asker: str | None = None) -> int:
        """Delete the logged questions asked before a time, or by one person, with the
        feedback given on them; with ``asker``, also that person's feedback on others'
        answers. Returns how many questions were deleted."""
        async with self._connections.writing() as db:
            return await query_log.forget_questions(db, asked_before=asked_before, asker=asker)

    async def record_feedback(self, query_id: int, user: str, helpful: bool) -> bool:
        """Store one person's verdict on an answer; a second press replaces the first.
        Returns False when ``query_id`` names no logged answer."""
        async with self._connections.writing() as db:
            return await query_log.record_feedback(db, query_id, user, helpful)

    # The conversations in chat threads.

    async def conversations(self) -> list[StoredConversation]:
        """Every kept conversation, the latest answered last."""
        async with self._connections.writing() as db:
            return await conversations.conversations(db)

    async def keep_conversation(self, conversation: StoredConversation, *, most: int) -> None:
        """Store a conversation's latest state; the oldest beyond ``most`` are deleted."""
        async with self._connections.writing() as db:
            await conversations.keep_conversation(db, conversation, most=most)

    async def end_conversation(self, platform: str, channel: str, thread: str) -> bool:
        """Delete one conversation; says whether it was kept."""
        async with self._connections.writing() as db:
            return await conversations.end_conversation(db, platform, channel, thread)

    async def forget_conversations(self, *, asker: str | None = None, answered_by: float | None = None) -> int:
        """Delete the conversations whose last question ``asker`` asked, or those last
        answered at or before a time (seconds since the epoch); returns how many."""
        async with self._connections.writing() as db:
            return await conversations.forget_conversations(db, asker=asker, answered_by=answered_by)

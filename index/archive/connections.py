"""How the archive reaches its SQLite file: three connections, each with its rule.

- **The writer** (aiosqlite's) makes ingest's writes, the index upkeep's reads and
  the log's deletions. Every task of the process shares it, and a SQLite
  transaction belongs to the connection, not to the task that began it: each use
  holds the writer's turn, so no statement lands inside another task's transaction.
- **The answering connections** (plain sqlite3) run a question's reads and its
  line in the query log in the thread that answers it: every trip between threads
  (to aiosqlite's and back) cost about as much as the read or the write itself.
  Which one a statement uses follows from its thread, so a caller cannot get it wrong:

  - *the event loop's* (the thread that opened the archive) never waits: where it
    would wait for an ingest's write lock it raises ``DatabaseBusy`` at once, and
    the question goes to a worker. Nor does it checkpoint the write-ahead log on a
    commit (a copy and a sync, a wait on the disk): after every ``checkpoint_every`` lines it logs,
    the workers' connection does, in a worker thread;
  - *the workers'* waits up to ``WAIT_SECONDS``; the worker threads take turns at
    it, so that they share one warm page cache and memory map rather than each
    warming its own.

In WAL mode reads see only committed transactions, so never half of an article, and
a one-row insert waits for (or, never waiting, fails on) an ingest's transaction
rather than land inside it. What SQLite raises at any statement comes out as the
index's ``StoreError`` (``index.storage_errors``).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from pathlib import Path

import aiosqlite

from index.archive.migrations import make_or_upgrade
from index.archive.schema import look
from index.ownership import Owner
from index.storage_errors import ForeignDatabaseError, map_storage_errors, storage_error

# SQLite caps this at its compile-time limit (2 GiB by default); the map only
# reserves address space, pages come in as they are read.
MMAP_BYTES = 1 << 40
# How long the workers' connection waits for another's write lock.
WAIT_SECONDS = 10.0
# Lines the event loop logs between two checkpoints by a worker.
CHECKPOINT_EVERY = 1_000


class AnsweringConnection:
    """One sqlite3 connection for the threads that answer questions, used by one at a time.

    Without ``wait``, a statement that would wait for another connection's lock
    raises ``DatabaseBusy`` instead, and a commit never checkpoints.
    """

    def __init__(self, path: Path, *, wait: bool) -> None:
        self._path = path
        with map_storage_errors(path):
            # Used from whichever thread answers, hence not same-thread-checked.
            self._connection = sqlite3.connect(
                path, timeout=WAIT_SECONDS if wait else 0.0, isolation_level=None, check_same_thread=False
            )
            # Per connection, like the writer's: a commit is atomic, without an fsync of its own.
            self._connection.execute("PRAGMA synchronous=NORMAL")
            # A question reads a few dozen rows scattered over the whole file: through a
            # memory map each page is a memory read, not a system call and a copy.
            self._connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            if not wait:
                # A commit past a thousand pages of log would copy them into the database and
                # sync it, a wait on the disk: a connection that may wait does it.
                self._connection.execute("PRAGMA wal_autocheckpoint=0")
        self._lock = threading.Lock()

    @contextmanager
    def turn(self) -> Iterator[sqlite3.Connection]:
        """This thread's turn at the connection: no other's statements run until the block
        ends, and what SQLite raises in it comes out as the index's ``StoreError``."""
        with self._lock, map_storage_errors(self._path):
            yield self._connection

    def close(self) -> None:
        with self.turn() as connection:
            connection.close()


class Connections:
    """The archive's three connections, and which one each statement uses."""

    def __init__(
        self,
        path: Path,
        writer: aiosqlite.Connection,
        loop: AnsweringConnection,
        workers: AnsweringConnection,
        *,
        checkpoint_every: int,
    ) -> None:
        self._path = path
        self._writer = writer
        self._writers_turn = asyncio.Lock()
        self._loop_thread = threading.get_ident()
        self._loop = loop
        self._workers = workers
        self._checkpoint_every = checkpoint_every
        self._logged_in_loop = 0
        self._checkpoint: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[aiosqlite.Connection]:
        """The writer, this task's alone until the block ends (the turn is not reentrant)."""
        async with self._writers_turn:
            with map_storage_errors(self._path):
                yield self._writer

    def answering(self) -> AbstractContextManager[sqlite3.Connection]:
        """The answering connection of this thread, the loop's or the workers', for a block."""
        return self._here().turn()

    @contextmanager
    def logging(self) -> Iterator[sqlite3.Connection]:
        """``answering`` for a line of the query log: once in a while after the loop's,
        the workers' connection checkpoints what the loop's has left in the log."""
        in_loop = self._here() is self._loop
        with self.answering() as connection:
            yield connection
        if in_loop:
            self._logged_in_loop += 1
            idle = self._checkpoint is None or self._checkpoint.done()
            if self._logged_in_loop % self._checkpoint_every == 0 and idle:
                self._checkpoint = asyncio.create_task(asyncio.to_thread(self._checkpoint_now))

    @contextmanager
    def loops_connection(self) -> Iterator[sqlite3.Connection]:
        """The loop's answering connection, from any thread: a worker warms its page cache."""
        with self._loop.turn() as connection:
            yield connection

    def _here(self) -> AnsweringConnection:
        return self._loop if threading.get_ident() == self._loop_thread else self._workers

    def _checkpoint_now(self) -> None:
        """Copy what the write-ahead log holds into the database, as far as readers allow."""
        with self._workers.turn() as connection:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()

    def close(self) -> None:
        self._loop.close()
        self._workers.close()


@asynccontextmanager
async def open_connections(path: Path, *, checkpoint_every: int = CHECKPOINT_EVERY) -> AsyncIterator[Connections]:
    """Connect to the database at ``path``, made if missing or empty, brought up to date if
    from an earlier version. Nothing is written before the file is known to be ours
    (``index.ownership``), and nothing at all when it is ours and up to date."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        found = await asyncio.to_thread(look, path)
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(f"cannot open the database {path}: {exc}", exc) from exc
    if found.inspection.owner is Owner.OTHER:
        raise ForeignDatabaseError(
            f"{path} is another program's SQLite database"
            f" (tables: {', '.join(found.inspection.tables) or 'none'}); it was left unchanged"
        )
    try:
        writer = await aiosqlite.connect(path, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(f"cannot open the database {path}: {exc}", exc) from exc
    try:
        with map_storage_errors(path):
            await writer.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL keeps every commit atomic and the file consistent
            # after a crash; only a power cut can lose the last commits.
            await writer.execute("PRAGMA synchronous=NORMAL")
            await writer.execute("PRAGMA foreign_keys=ON")
            await writer.execute("PRAGMA busy_timeout=10000")
            if found.inspection.owner is not Owner.US or not found.up_to_date:
                await make_or_upgrade(writer)
        loop = AnsweringConnection(path, wait=False)
        try:
            connections = Connections(
                path, writer, loop, AnsweringConnection(path, wait=True), checkpoint_every=checkpoint_every
            )
        except BaseException:
            loop.close()
            raise
        try:
            yield connections
        finally:
            connections.close()
    finally:
        await writer.close()

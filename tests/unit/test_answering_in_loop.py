"""Once the archive is in memory, the event loop answers cheap questions itself: the
same answers as a worker thread gives, never a question that reads many postings,
and never one that would wait for the database, which goes to a worker instead."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from bot.answers import Answer
from bot.evaluation import read_cases
from bot.factchecker import FactChecker
from bot.settings import Settings
from bot.tuning import Tuning
from index.archive.connections import AnsweringConnection
from index.archive.query_log import log_query
from tests.conftest import DATA

DEV = DATA / "dev.jsonl"


@pytest.fixture
def questions() -> list[str]:
    return [case.question for case in read_cases(DEV.read_text(encoding="utf-8").splitlines())]


def unlogged(answer: Answer) -> Answer:
    return dataclasses.replace(answer, query_id=None)


async def test_a_warm_core_answers_in_the_loop_as_a_worker_does(
    checker: FactChecker, questions: list[str], grouped_in: list[str]
) -> None:
    in_workers = [unlogged(await checker.ask(q)) for q in questions]
    assert set(grouped_in) == {"worker"}
    grouped_in.clear()
    await checker.warm()
    in_loop = [unlogged(await checker.ask(q)) for q in questions]
    assert set(grouped_in) == {"loop"}
    assert in_loop == in_workers
    assert sum(a.status == "answered" for a in in_loop) >= len(questions) // 2


async def test_a_question_reading_many_postings_goes_to_a_worker(
    settings: Settings, tuning: Tuning, grouped_in: list[str]
) -> None:
    async with FactChecker.open(settings, tuning=dataclasses.replace(tuning, loop_postings=3)) as checker:
        await checker.warm()
        assert (await checker.ask("Who denied the arms deal?")).status == "answered"
    assert grouped_in == ["worker"]


async def test_a_quotation_whose_words_many_passages_hold_goes_to_a_worker(
    checker: FactChecker, settings: Settings, tuning: Tuning, grouped_in: list[str]
) -> None:
    await checker.warm()
    question = "Who said “never had arms dealings”?"
    await checker.ask(question)
    assert grouped_in == ["loop"]
    grouped_in.clear()
    # Every passage holding the quotation is read and compared: a quotation of common
    # words is cheap to search for and dear to check.
    async with FactChecker.open(settings, tuning=dataclasses.replace(tuning, loop_holders=1)) as fussy:
        await fussy.warm()
        assert (await fussy.ask(question)).status == "answered"
    assert grouped_in == ["worker"]


async def test_a_held_database_sends_the_question_to_a_worker_without_blocking_the_loop(
    checker: FactChecker, settings: Settings, grouped_in: list[str]
) -> None:
    await checker.warm()
    question = "Who denied the arms deal?"
    holder = sqlite3.connect(settings.db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer, as an ingest's transaction is
    lateness: list[float] = []

    async def probe() -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            lateness.append(time.perf_counter() - before - 0.005)

    probing = asyncio.create_task(probe())
    asyncio.get_running_loop().call_later(0.3, holder.execute, "COMMIT")
    started = time.perf_counter()
    answer = await checker.ask(question)
    waited = time.perf_counter() - started
    probing.cancel()
    holder.close()
    assert answer.status == "answered" and answer.query_id is not None
    assert waited >= 0.3, "answered before the other writer let go of the database"
    assert max(lateness) < 0.05, f"the event loop was held for {max(lateness) * 1000:.0f} ms"
    # Grouped in the loop once; only its log line, refused there, waited in a worker.
    assert grouped_in == ["loop"]
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT count(*) FROM query_log WHERE question = ?", (question,)).fetchone() == (1,)


async def test_an_index_loaded_later_is_warmed_as_it_comes_in(checker: FactChecker, grouped_in: list[str]) -> None:
    await checker.warm()
    await checker.rebuild_index()
    for _ in range(100):
        grouped_in.clear()
        await checker.ask("Who denied the arms deal?")
        if grouped_in == ["loop"]:
            break
        await asyncio.sleep(0.05)
    assert grouped_in == ["loop"], "the new index was never warmed"


async def test_questions_asked_at_once_go_to_workers_with_the_same_answers(
    checker: FactChecker, questions: list[str], grouped_in: list[str]
) -> None:
    await checker.warm()
    one_by_one = [unlogged(await checker.ask(q)) for q in questions]
    grouped_in.clear()
    at_once = [unlogged(answer) for answer in await asyncio.gather(*(checker.ask(q) for q in questions))]
    assert at_once == one_by_one
    # Only the first, begun before any other, may be answered in the loop.
    assert grouped_in.count("loop") <= 1 and "worker" in grouped_in, grouped_in


async def test_a_database_that_cannot_be_read_whole_is_logged_and_questions_go_on_in_workers(
    checker: FactChecker, grouped_in: list[str], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def damaged(db: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr("index.archive.reads.warm", damaged)
    await checker.warm()
    assert "could not be read into memory" in caplog.text and "malformed" in caplog.text
    assert (await checker.ask("Who denied the arms deal?")).status == "answered"
    assert grouped_in == ["worker"]


def logged_in_the_file_alone(db: Path, folder: Path) -> int:
    """The questions the database file itself holds, its write-ahead log left out: those
    a checkpoint has copied into it."""
    alone = folder / f"alone-{next(COPIES)}.db"
    shutil.copyfile(db, alone)
    with contextlib.closing(sqlite3.connect(alone)) as copy:
        return int(copy.execute("SELECT count(*) FROM query_log").fetchone()[0])


COPIES = itertools.count()


async def test_the_loop_leaves_checkpoints_to_a_worker(settings: Settings, tuning: Tuning, tmp_path: Path) -> None:
    """Copying the write-ahead log into the database can take tens of milliseconds: the
    loop's connection never does it on a commit (below); every few answers a worker does."""
    async with FactChecker.open(settings, tuning=dataclasses.replace(tuning, checkpoint_every=3)) as checker:
        await checker.warm()
        for n in range(7):
            await checker.ask(f"Who denied the arms deal {n}?")
            await asyncio.sleep(0.05)
        deadline = time.monotonic() + 10
        while (copied := logged_in_the_file_alone(settings.db_path, tmp_path)) < 6 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    assert copied == 6, "a checkpoint after the third and the sixth answer, none after the seventh"


@pytest.mark.parametrize("waits", [False, True], ids=["the loop's", "a worker's"])
async def test_only_a_waiting_connection_copies_a_long_log_into_the_database_as_it_commits(
    checker: FactChecker, settings: Settings, tmp_path: Path, waits: bool
) -> None:
    """A commit that leaves more than a thousand pages in the write-ahead log copies them
    into the database, unless the connection is the loop's, which never waits."""
    with contextlib.closing(sqlite3.connect(settings.db_path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the schema and the seeds in the file
    assert logged_in_the_file_alone(settings.db_path, tmp_path) == 0
    connection = AnsweringConnection(settings.db_path, wait=waits)
    try:
        with connection.turn() as db:
            log_query(db, "local", "Who wrote all this?", "answered", [{"quote": "words " * 1_000_000}])
    finally:
        connection.close()
    assert logged_in_the_file_alone(settings.db_path, tmp_path) == (1 if waits else 0)


async def test_a_claim_checked_while_another_writer_holds_the_database_is_logged_once(
    checker: FactChecker, settings: Settings
) -> None:
    await checker.warm()
    claim = "we have never had arms deals with Russia"
    holder = sqlite3.connect(settings.db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    asyncio.get_running_loop().call_later(0.3, holder.execute, "COMMIT")
    started = time.perf_counter()
    answer = await checker.verify(claim)
    waited = time.perf_counter() - started
    holder.close()
    assert answer.verification is not None and answer.verification.status == "verbatim"
    assert answer.query_id is not None
    assert waited >= 0.3, "logged before the other writer let go of the database"
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT count(*) FROM query_log WHERE question = ?", (claim,)).fetchone() == (1,)

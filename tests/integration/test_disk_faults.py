"""A read-only database, or a full disk: the message says which and what to do, never
"unreadable … rebuild" (a rebuild would lose the query log and the feedback), and
questions are still answered, unlogged, with one warning.

Read-only is made with file permissions, the process running as user ``nobody``
(root writes any file whatever its mode). A full disk is SQLite's own SQLITE_FULL:
every connection the bot opens is capped at the pages the database has now
(``PRAGMA max_page_count``).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import sqlite3
import sys
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from adapters.cli import main
from bot.factchecker import FactChecker
from bot.settings import Settings
from index.archive.connections import AnsweringConnection
from tests.integration.test_startup import QUESTION, build, in_a_child, use_database, world_readable_folder

__all__ = ["world_readable_folder"]  # the fixture, used by name

# Long enough that storing it needs pages the database does not have yet.
ARTICLE = "Harbour council\n\n" + "The harbour council said on Monday that the ferry would run all winter.\n\n" * 500


def logged_questions(db: Path) -> int:
    with sqlite3.connect(db) as reader:
        (count,) = reader.execute("SELECT count(*) FROM query_log").fetchone()
    reader.close()
    return int(count)


def digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def a_new_article(folder: Path) -> Path:
    folder.mkdir()
    (folder / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def assert_says_what_is_wrong(message: str, wrong: str) -> None:
    assert wrong in message, message
    assert "unreadable" not in message and "rebuild it" not in message and "Move the file aside" not in message


def ask_twice_then_ingest(articles: Path) -> int:
    """As one process: two questions on the database, then an ingest of a new article."""
    logging.getLogger().addHandler(logging.StreamHandler(sys.stderr))

    async def ask_twice() -> None:
        async with FactChecker.open(Settings.load()) as checker:
            for _ in range(2):
                answer = await checker.ask(QUESTION)
                assert answer.status == "answered" and answer.claims, answer
                assert answer.query_id is None

    asyncio.run(ask_twice())
    return main(["ingest", str(articles)])


def test_a_read_only_database_answers_unlogged_with_one_warning_and_ingest_fails_in_one_line(
    monkeypatch: pytest.MonkeyPatch, world_readable_folder: Path
) -> None:
    settings = use_database(monkeypatch, world_readable_folder / "factcheck.db")
    asyncio.run(build())
    new = a_new_article(world_readable_folder / "new")
    logged, before = logged_questions(settings.db_path), digest(settings.db_path)
    settings.db_path.chmod(0o444)
    # SQLite makes its -wal and -shm files beside the database to read it: the folder stays writable.
    world_readable_folder.chmod(0o777)
    code, err = in_a_child(lambda: ask_twice_then_ingest(new))
    assert code == 1, err
    assert "Traceback" not in err, err
    warnings = [line for line in err.splitlines() if "not logged" in line]
    assert len(warnings) == 1, err
    assert_says_what_is_wrong(warnings[0], "is read-only")
    (failure,) = [line for line in err.splitlines() if line.startswith("factcheck: ")]
    assert_says_what_is_wrong(failure, f"the database {settings.db_path} is read-only")
    assert "write access" in failure
    assert logged_questions(settings.db_path) == logged and digest(settings.db_path) == before


def test_a_read_only_folder_is_named_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch, world_readable_folder: Path
) -> None:
    """A WAL database cannot be read where SQLite may not make its -wal and -shm files."""
    settings = use_database(monkeypatch, world_readable_folder / "factcheck.db")
    asyncio.run(build())
    before = digest(settings.db_path)
    settings.db_path.chmod(0o444)
    world_readable_folder.chmod(0o555)
    try:
        code, err = in_a_child(lambda: main(["ask", QUESTION]))
    finally:
        world_readable_folder.chmod(0o755)
    assert code == 1, err
    assert err.startswith("factcheck: ") and "\n" not in err.strip(), err
    assert_says_what_is_wrong(err, "folder of the database")
    assert "write access to the folder" in err
    assert digest(settings.db_path) == before


def fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, every connection the bot opens fails with SQLITE_FULL when the
    database would grow past its present size."""
    answering_connection = AnsweringConnection.__init__

    def answering_connection_on_a_full_disk(self: AnsweringConnection, path: Path, **options: Any) -> None:
        answering_connection(self, path, **options)
        (pages,) = self._connection.execute("PRAGMA page_count").fetchone()
        self._connection.execute(f"PRAGMA max_page_count = {pages}")

    connect = aiosqlite.connect

    async def store_on_a_full_disk(*args: Any, **options: Any) -> aiosqlite.Connection:
        db = await connect(*args, **options)
        ((pages,),) = await db.execute_fetchall("PRAGMA page_count")
        await db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(AnsweringConnection, "__init__", answering_connection_on_a_full_disk)
    monkeypatch.setattr(aiosqlite, "connect", store_on_a_full_disk)


def test_on_a_full_disk_questions_are_answered_unlogged_and_ingest_says_no_space(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = asyncio.run(build())
    logged = logged_questions(settings.db_path)
    # Long enough that its line in the log needs pages of its own.
    question = " ".join([QUESTION] * 1000)
    monkeypatch.setenv("FACTCHECK_MAX_QUESTION_CHARS", str(len(question)))
    new = a_new_article(tmp_path / "new")
    fill_the_disk(monkeypatch)
    # Two questions in one process, from standard input.
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{question}\n{question}\n".encode())))
    capsys.readouterr()
    with caplog.at_level(logging.WARNING):
        assert main(["ask", "--json"]) == 0
    out, _ = capsys.readouterr()
    answers = [json.loads(line) for line in out.splitlines()]
    assert [answer["status"] for answer in answers] == ["answered", "answered"]
    assert all(answer["results"] for answer in answers)
    warnings = [record.getMessage() for record in caplog.records if "not logged" in record.getMessage()]
    assert len(warnings) == 1, warnings
    assert_says_what_is_wrong(warnings[0], "no space is left")
    assert main(["ingest", str(new)]) == 1
    _, err = capsys.readouterr()
    named, err = err.split("\n", 1)
    assert named == f"Using the database {settings.db_path}"
    assert err.startswith("factcheck: ") and "\n" not in err.strip(), err
    assert_says_what_is_wrong(err, f"no space is left for the database {settings.db_path}")
    assert "Free some space" in err
    assert logged_questions(settings.db_path) == logged

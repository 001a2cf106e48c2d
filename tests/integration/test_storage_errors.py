"""Storage failures are told by what to do about them: the index raises its own errors,
one kind per failure, and the core tells each with its own advice. A lock held by another
process is waited out, never "move the file aside and rebuild"; what the caller's own code
raises inside ``FactChecker.open`` is the caller's, and comes out as it went in."""

from __future__ import annotations

import ast
import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from adapters.cli import main
from bot.factchecker import FactChecker
from bot.settings import Settings
from index.storage_errors import (
    DamagedDatabase,
    DatabaseBusy,
    DatabaseReadOnly,
    DiskFull,
    StoreError,
    map_storage_errors,
)
from tests.conftest import ROOT
from tests.integration.test_startup import QUESTION, build


@pytest.mark.parametrize(
    "error",
    [sqlite3.OperationalError("database is locked"), sqlite3.DatabaseError("database disk image is malformed")],
    ids=str,
)
async def test_what_the_callers_block_raises_comes_out_unchanged(settings: Settings, error: sqlite3.Error) -> None:
    with pytest.raises(type(error)) as raised:
        async with FactChecker.open(settings):
            raise error
    assert raised.value is error


@contextmanager
def held(db: Path) -> Iterator[None]:
    """Another process's connection, in the middle of a write, as an ingest holds it."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def locks_are_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a connection gives up on another's lock at once, as it does after
    waiting its time (ten seconds for the one questions are answered on)."""
    connect = sqlite3.connect

    def impatient(*args: Any, **options: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = connect(*args, **{**options, "timeout": 0.0})
        return connection

    monkeypatch.setattr(sqlite3, "connect", impatient)


def test_a_database_another_process_holds_is_to_be_waited_for_not_rebuilt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = asyncio.run(build())
    # Deleting old questions on start would wait for the lock too.
    monkeypatch.setenv("FACTCHECK_KEEP_QUESTIONS_DAYS", "0")
    locks_are_not_waited_for(monkeypatch)
    capsys.readouterr()
    with held(settings.db_path):
        code = main(["ask", QUESTION])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("factcheck: ") and "\n" not in err.strip(), err
    assert f"the database {settings.db_path} is locked by another process (database is locked)" in err, err
    assert "Wait until it is done" in err and "nothing needs rebuilding" in err, err
    assert "unreadable" not in err and "Move the file aside" not in err, err


def _locked(db: Path) -> None:
    with held(db), closing(sqlite3.connect(db, timeout=0)) as other:
        other.execute("BEGIN IMMEDIATE")


def _read_only(db: Path) -> None:
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as reader:
        reader.execute("INSERT INTO notes VALUES ('x')")


def _full(db: Path) -> None:
    with closing(sqlite3.connect(db)) as writer:
        (pages,) = writer.execute("PRAGMA page_count").fetchone()
        writer.execute(f"PRAGMA max_page_count = {pages}")
        writer.execute("INSERT INTO notes VALUES (?)", ("x" * 100_000,))


def _not_a_database(db: Path) -> None:
    db.write_bytes(b"not a database " * 1000)
    with closing(sqlite3.connect(db)) as reader:
        reader.execute("SELECT * FROM notes")


@pytest.mark.parametrize(
    ("failure", "kind", "words"),
    [
        (_locked, DatabaseBusy, "database is locked"),
        (_read_only, DatabaseReadOnly, "attempt to write a readonly database"),
        (_full, DiskFull, "database or disk is full"),
        (_not_a_database, DamagedDatabase, "file is not a database"),
    ],
    ids=["locked", "read-only", "full", "not a database"],
)
def test_sqlites_failures_are_raised_as_the_kind_they_are(
    tmp_path: Path, failure: Callable[[Path], None], kind: type[StoreError], words: str
) -> None:
    db = tmp_path / "notes.db"
    with closing(sqlite3.connect(db)) as writer:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("CREATE TABLE notes (text TEXT NOT NULL)")
        writer.commit()
    with pytest.raises(StoreError) as raised, map_storage_errors(db):
        failure(db)
    assert type(raised.value) is kind
    assert str(db) in str(raised.value) and raised.value.detail == words
    assert isinstance(raised.value.__cause__, sqlite3.Error)


@pytest.mark.parametrize(
    "misuse",
    [
        lambda connection: connection.execute("INSERT INTO notes VALUES (NULL)"),
        lambda connection: connection.execute("SELECT ?", ()),
    ],
    ids=["a broken constraint", "a missing parameter"],
)
def test_a_bug_in_using_the_database_is_not_told_as_a_state_of_the_file(
    tmp_path: Path, misuse: Callable[[sqlite3.Connection], object]
) -> None:
    with closing(sqlite3.connect(tmp_path / "notes.db")) as connection:
        connection.execute("CREATE TABLE notes (text TEXT NOT NULL)")
        with pytest.raises(sqlite3.Error) as raised, map_storage_errors(tmp_path / "notes.db"):
            misuse(connection)
    assert not isinstance(raised.value, StoreError)


@pytest.mark.parametrize("package", ["bot", "adapters"])
def test_only_the_index_imports_sqlite(package: str) -> None:
    importing = []
    for module in sorted((ROOT / package).glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module is not None:
                names = [node.module]
            if any(name.split(".")[0] in {"sqlite3", "aiosqlite"} for name in names):
                importing.append(module.name)
    assert importing == []

"""``factcheck backup``: a copy of the database that is whole and consistent though the
bot goes on writing, and that answers as the original does once opened."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.unit.test_cli import run

QUESTION = "Who is John Kirby?"


class Writer:
    """Another connection writing the whole time: each transaction logs a question and
    the feedback on it, so a copy that caught half a transaction shows it."""

    def __init__(self, db: Path) -> None:
        self._db = db
        self.done = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._write)

    def _write(self) -> None:
        with closing(sqlite3.connect(self._db, timeout=30, isolation_level=None)) as db:
            while not self._stop.is_set():
                db.execute("BEGIN IMMEDIATE")
                logged = db.execute(
                    "INSERT INTO query_log (asked_at, origin, question, status, results)"
                    " VALUES (datetime('now'), 'writer', ?, 'answered', '[]')",
                    (f"question {self.done}",),
                ).lastrowid
                db.execute(
                    "INSERT INTO feedback (query_id, given_at, user, helpful) VALUES (?, datetime('now'), 'writer', 1)",
                    (logged,),
                )
                db.execute("COMMIT")
                self.done += 1

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 60
        while self.done < count:
            assert time.monotonic() < deadline, f"the writer wrote {self.done} of {count} transactions"
            time.sleep(0.005)

    def __enter__(self) -> Writer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture
def database(capsys: pytest.CaptureFixture[str]) -> Path:
    """The database of a bot that has answered a question (so it holds the seeds)."""
    assert run(capsys, "ask", QUESTION)[0] == 0
    return Path(os.environ["FACTCHECK_DB"])


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "backups"
    folder.mkdir()
    yield folder / "copy.db"
    assert not list(folder.glob("*.partial")), "a partial copy was left behind"


def test_a_backup_taken_while_another_connection_writes_is_consistent_and_answers(
    capsys: pytest.CaptureFixture[str], database: Path, target: Path
) -> None:
    _, original, _ = run(capsys, "ask", "--json", QUESTION)
    with Writer(database) as writer:
        writer.wait_for(50)
        code, out, err = run(capsys, "backup", str(target))
        backed_up = writer.done
        writer.wait_for(backed_up + 50)

    assert (code, err) == (0, "")
    assert out == f"Backed up {database} to {target}.\n"
    assert not target.with_name("copy.db-wal").exists()
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        logged = [row[0] for row in copy.execute("SELECT id FROM query_log WHERE origin = 'writer' ORDER BY id")]
        rated = [row[0] for row in copy.execute("SELECT query_id FROM feedback WHERE user = 'writer' ORDER BY 1")]
    # Every transaction whole, and those committed before the copy began, with none after.
    assert logged == rated
    assert 50 <= len(logged) <= backed_up
    assert logged == list(range(logged[0], logged[0] + len(logged)))

    code, out, err = run(capsys, "--db", str(target), "ask", "--json", QUESTION)
    assert (code, err) == (0, "")
    assert json.loads(out)["results"] == json.loads(original)["results"]


def test_a_backup_never_replaces_a_file(capsys: pytest.CaptureFixture[str], database: Path, target: Path) -> None:
    target.write_bytes(b"last week's backup")
    code, out, err = run(capsys, "backup", str(target))
    assert code == 1 and out == ""
    assert err == f"factcheck: {target} already exists: a backup never replaces a file, so name a new one\n"
    assert target.read_bytes() == b"last week's backup"


def test_a_backup_of_no_database_makes_neither(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: Path
) -> None:
    missing = tmp_path / "missing.db"
    code, _, err = run(capsys, "backup", "--db", str(missing), str(target))
    assert code == 1
    assert err == f"factcheck: there is no database at {missing} to back up\n"
    assert not missing.exists() and not target.exists()


def test_a_backup_that_cannot_be_written_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], database: Path, tmp_path: Path
) -> None:
    nowhere = tmp_path / "no such folder" / "copy.db"
    code, _, err = run(capsys, "backup", str(nowhere))
    assert code == 1
    assert err == f"factcheck: cannot write the backup {nowhere} (No such file or directory)\n"
    assert not nowhere.parent.exists()

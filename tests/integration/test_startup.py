"""Start-up with a database or index snapshot that is missing, unreadable or damaged.

An unusable database is named in one line that says how to rebuild it, from
``FactChecker.open`` and from ``factcheck ask``, never with a traceback; a damaged
snapshot is refit with a warning; the articles on disk are never touched.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import pickle
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from adapters.cli import main
from bot.errors import DatabaseError
from bot.factchecker import FactChecker
from bot.settings import Settings
from index import snapshots
from index.ownership import APPLICATION_ID
from tests.conftest import SEEDS
from tests.reliability import cli_command, cli_env

QUESTION = "Who is John Kirby?"
PAGE = 4096
NOBODY = 65534
CANNOT_SWITCH_USER = 77


@pytest.fixture
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds as the newsroom's articles, seeded into every new database."""
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("FACTCHECK_SEEDS", str(folder))
    return folder


def fingerprint(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.iterdir())}


async def build() -> Settings:
    """A working database of the articles, closed (so its WAL is folded back into the file)."""
    settings = Settings.load()
    async with FactChecker.open(settings) as checker:
        assert (await checker.ask(QUESTION)).status == "answered"
    return settings


def use_database(monkeypatch: pytest.MonkeyPatch, path: Path) -> Settings:
    monkeypatch.setenv("FACTCHECK_DB", str(path))
    return Settings.load()


def random_bytes(db: Path) -> Path:
    db.write_bytes(random.Random(7).randbytes(64 * 1024))
    return db


def cut_to_its_header(db: Path) -> Path:
    os.truncate(db, 100)
    return db


def cut_in_half(db: Path) -> Path:
    os.truncate(db, db.stat().st_size // 2)
    return db


def damaged_pages(db: Path) -> Path:
    """The first page (header and schema) intact, every table's pages overwritten."""
    size = db.stat().st_size
    with open(db, "r+b") as handle:
        handle.seek(PAGE)
        handle.write(b"\xa5" * (size - PAGE))
    return db


def damaged_passages(db: Path) -> Path:
    """Only the passages table's pages overwritten: the file opens, and fails when read."""
    with sqlite3.connect(db) as reader:
        try:
            pages = [n for (n,) in reader.execute("SELECT pageno FROM dbstat WHERE name = 'passages'")]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find a table's pages")
    with open(db, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * PAGE)
            handle.write(b"\xa5" * PAGE)
    return db


def a_folder_in_its_place(db: Path) -> Path:
    db.unlink()
    db.mkdir()
    return db


def below_a_file(db: Path) -> Path:
    return db / "factcheck.db"


def another_programs_database(db: Path) -> Path:
    db.unlink()
    with sqlite3.connect(db) as other:
        other.execute("CREATE TABLE articles (headline TEXT)")
    return db


DAMAGES = [
    random_bytes,
    cut_to_its_header,
    cut_in_half,
    damaged_pages,
    a_folder_in_its_place,
    below_a_file,
    another_programs_database,
]


def assert_one_clear_line(message: str, path: Path) -> None:
    assert "\n" not in message.strip() and "Traceback" not in message, message
    assert str(path) in message and "factcheck ingest" in message and "FACTCHECK_DB" in message, message


@pytest.mark.parametrize("damage", [*DAMAGES, damaged_passages], ids=lambda damage: damage.__name__)
async def test_open_names_an_unusable_database_and_how_to_rebuild_it(
    articles: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[Path], Path]
) -> None:
    built = await build()
    before = fingerprint(articles)
    settings = use_database(monkeypatch, damage(built.db_path))
    damaged = settings.db_path.read_bytes() if settings.db_path.is_file() else None
    with pytest.raises(DatabaseError) as raised:
        async with FactChecker.open(settings) as checker:
            await checker.ask(QUESTION)
    assert_one_clear_line(str(raised.value), settings.db_path)
    assert fingerprint(articles) == before
    if damaged is not None:
        assert settings.db_path.read_bytes() == damaged, "the damaged file was written to"


@pytest.mark.parametrize("damage", [*DAMAGES, damaged_passages], ids=lambda damage: damage.__name__)
def test_ask_prints_one_line_for_an_unusable_database(
    articles: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], damage: Callable[[Path], Path]
) -> None:
    built = asyncio.run(build())
    before = fingerprint(articles)
    settings = use_database(monkeypatch, damage(built.db_path))
    capsys.readouterr()
    code = main(["ask", QUESTION])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("factcheck: ")
    assert_one_clear_line(err, settings.db_path)
    assert fingerprint(articles) == before


def an_apps_database(path: Path) -> Path:
    """Another program's database, as such programs leave it: rollback journal, a users table."""
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        other.execute("INSERT INTO users (name) VALUES ('ada')")
    other.close()
    return path


@pytest.mark.parametrize("command", [["ask", QUESTION], ["ingest", str(SEEDS)], ["reindex"]])
def test_another_programs_database_is_refused_and_left_byte_for_byte_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """``FACTCHECK_DB=app.db factcheck ask …`` used to add eight tables and switch the file to WAL."""
    settings = use_database(monkeypatch, an_apps_database(tmp_path / "app.db"))
    before = hashlib.sha256(settings.db_path.read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(command) == 1
    out, err = capsys.readouterr()
    if command[0] == "ingest":
        named, err = err.split("\n", 1)
        assert named == f"Using the database {settings.db_path}"
    assert out == "" and "another program's SQLite database" in err and "users" in err
    assert_one_clear_line(err, settings.db_path)
    assert hashlib.sha256(settings.db_path.read_bytes()).hexdigest() == before
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("app.db")) == ["app.db"]


async def test_a_new_database_carries_the_mark_and_an_earlier_ones_gets_it_when_opened(
    articles: Path, tmp_path: Path
) -> None:
    settings = await build()
    assert application_id(settings.db_path) == APPLICATION_ID
    with sqlite3.connect(settings.db_path) as db:
        db.execute("PRAGMA application_id = 0")  # as every database made before the mark
    db.close()
    async with FactChecker.open(settings) as checker:
        assert (await checker.ask(QUESTION)).status == "answered"
    assert application_id(settings.db_path) == APPLICATION_ID


def application_id(path: Path) -> int:
    with sqlite3.connect(path) as db:
        (found,) = db.execute("PRAGMA application_id").fetchone()
    db.close()
    return int(found)


def test_a_folder_in_place_of_the_database_gives_one_line_from_a_real_process(articles: Path, tmp_path: Path) -> None:
    """aiosqlite fails to open a folder in its own thread, which can report after the
    event loop closed: only a real process shows whether a traceback follows the line."""
    built = asyncio.run(build())
    a_folder_in_its_place(built.db_path)
    env = cli_env(built.db_path) | {"FACTCHECK_SEEDS": str(articles)}
    done = subprocess.run(cli_command("ask", QUESTION), env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert_one_clear_line(done.stderr, built.db_path)


@pytest.mark.parametrize("state", ["missing", "below_missing_folders", "zero_length"])
def test_a_missing_or_empty_database_is_made_from_the_articles(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], state: str
) -> None:
    db = tmp_path / "new" / "deeper" / "factcheck.db" if state == "below_missing_folders" else tmp_path / "fresh.db"
    if state == "zero_length":
        db.write_bytes(b"")
    use_database(monkeypatch, db)
    before = fingerprint(articles)
    code = main(["ask", "--json", QUESTION])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["status"] == "answered", err
    assert db.stat().st_size > 0 and fingerprint(articles) == before


def test_a_new_database_without_seeds_answers_no_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTCHECK_SEEDS", "")
    use_database(monkeypatch, tmp_path / "empty.db")
    code = main(["ask", "--json", QUESTION])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)["status"] == "no_evidence"


@pytest.mark.parametrize("how", ["move_it_aside", "new_path"])
def test_the_readme_way_of_rebuilding_a_damaged_database(
    articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """The message's advice, "move the file aside (or set FACTCHECK_DB to a new path) and
    run `factcheck ingest` again", rebuilds the database from the articles, untouched."""
    monkeypatch.setenv("FACTCHECK_SEEDS", "")
    settings = use_database(monkeypatch, tmp_path / "factcheck.db")
    assert main(["ingest", str(articles)]) == 0
    damaged_pages(settings.db_path)
    before = fingerprint(articles)
    assert main(["ask", QUESTION]) == 1
    if how == "move_it_aside":
        settings.db_path.rename(settings.db_path.with_name("factcheck.db.broken"))
    else:
        use_database(monkeypatch, tmp_path / "rebuilt" / "factcheck.db")
    capsys.readouterr()
    assert main(["ingest", str(articles)]) == 0
    assert main(["ask", "--json", QUESTION]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["status"] == "answered"
    assert fingerprint(articles) == before


@pytest.fixture
def world_readable_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's own temporary folders are private)."""
    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def in_a_child(action: Callable[[], int]) -> tuple[int, str]:
    """Run ``action`` in a forked child, as user ``nobody`` when we are root (root reads
    a file whatever its mode), and return its status and standard error. The child
    waits a moment before leaving, so a traceback a stray thread prints late is caught."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        code = 70
        try:
            os.close(reader)
            os.dup2(writer, 2)
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 - the child ends with os._exit
            if os.geteuid() == 0:
                code = CANNOT_SWITCH_USER
                os.setgid(NOBODY)
                os.setuid(NOBODY)
                # From here a failing action is a failure, not a reason to skip.
                code = 70
            code = action()
            time.sleep(0.3)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(writer)
    with open(reader) as stream:
        err = stream.read()
    _, status = os.waitpid(child, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == CANNOT_SWITCH_USER:
        pytest.skip("root here cannot become another user, and root reads any file")
    return code, err


def ask_from_the_command_line() -> int:
    return main(["ask", QUESTION])


def open_the_core() -> int:
    async def opened() -> None:
        async with FactChecker.open(Settings.load()):
            pass

    try:
        asyncio.run(opened())
    except DatabaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


@pytest.mark.parametrize("action", [ask_from_the_command_line, open_the_core], ids=lambda action: action.__name__)
def test_a_database_without_read_permission_is_named_in_one_line(
    articles: Path, monkeypatch: pytest.MonkeyPatch, world_readable_folder: Path, action: Callable[[], int]
) -> None:
    settings = use_database(monkeypatch, world_readable_folder / "factcheck.db")
    asyncio.run(build())
    settings.db_path.chmod(0)
    before = fingerprint(articles)
    code, err = in_a_child(action)
    assert code == 1, err
    assert_one_clear_line(err, settings.db_path)
    assert fingerprint(articles) == before


def snapshot_in_force(settings: Settings) -> Path:
    with sqlite3.connect(settings.db_path) as db:
        (folder,) = db.execute("SELECT folder FROM fitted_index").fetchone()
    return snapshots.snapshot_root(settings.db_path) / str(folder)


def garbage(path: Path) -> None:
    path.write_bytes(random.Random(3).randbytes(4096))


def halved(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def emptied(path: Path) -> None:
    path.write_bytes(b"")


def one_short(path: Path) -> None:
    """Still a valid array file, but one entry shorter than the others expect."""
    np.save(path, np.load(path)[:-1])


def removed(path: Path) -> None:
    path.unlink()


def not_a_dict(path: Path) -> None:
    path.write_text(json.dumps(["fitted-0"]), encoding="utf-8")


def zeroed_in_place(path: Path) -> None:
    """Same size, same header, every value wrong: what bit rot or a bad copy leaves."""
    array = np.load(path, mmap_mode="r+")
    array[...] = np.zeros_like(array)
    array.flush()


def reversed_in_place(path: Path) -> None:
    array = np.load(path, mmap_mode="r+")
    array[...] = array[::-1].copy()
    array.flush()


SNAPSHOT_DAMAGES = [
    ("data.npy", garbage),
    ("indices.npy", halved),
    ("terms.npy", emptied),
    ("ids.npy", one_short),
    ("idf.npy", one_short),
    ("indptr.npy", one_short),
    ("row_indptr.npy", one_short),
    ("idf.npy", removed),
    ("meta.json", garbage),
    ("meta.json", halved),
    ("meta.json", not_a_dict),
    ("data.npy", zeroed_in_place),
    ("idf.npy", zeroed_in_place),
    ("indices.npy", reversed_in_place),
    ("ids.npy", reversed_in_place),
    ("terms.npy", reversed_in_place),
]


@pytest.mark.parametrize(
    ("file", "damage"), SNAPSHOT_DAMAGES, ids=[f"{file}-{damage.__name__}" for file, damage in SNAPSHOT_DAMAGES]
)
async def test_a_damaged_snapshot_is_refit_with_a_warning(
    articles: Path, caplog: pytest.LogCaptureFixture, file: str, damage: Callable[[Path], None]
) -> None:
    settings = Settings.load()
    async with FactChecker.open(settings) as checker:
        before = await checker.ask(QUESTION)
    folder = snapshot_in_force(settings)
    damage(folder / file)
    unchanged = fingerprint(articles)
    with caplog.at_level(logging.WARNING):
        async with FactChecker.open(settings) as checker:
            after = await checker.ask(QUESTION)
    assert after.claims == before.claims
    (warning,) = (record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING)
    assert "refitting" in warning
    refit = snapshot_in_force(settings)
    assert refit != folder and snapshots.load(refit.parent, refit.name) is not None
    assert fingerprint(articles) == unchanged


class Planted:
    """A pickle that leaves a file behind when it is loaded: proof that loading ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[[Path], None], tuple[Path]]:
        return Path.touch, (self.marker,)


PLANTS = ["beside-the-metadata", "as-a-previous-version-snapshot", "as-an-array"]


@pytest.mark.parametrize("plant", PLANTS)
async def test_a_pickle_planted_in_the_snapshot_folder_never_runs(
    articles: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, plant: str
) -> None:
    settings = Settings.load()
    async with FactChecker.open(settings) as checker:
        before = await checker.ask(QUESTION)
    folder = snapshot_in_force(settings)
    marker = tmp_path / "the pickle ran"
    if plant == "as-an-array":
        np.save(folder / "ids.npy", np.array([Planted(marker)], dtype=object), allow_pickle=True)
    else:
        (folder / "meta.pickle").write_bytes(pickle.dumps(Planted(marker)))
    if plant == "as-a-previous-version-snapshot":
        (folder / "meta.json").unlink(missing_ok=True)
    with caplog.at_level(logging.WARNING):
        async with FactChecker.open(settings) as checker:
            after = await checker.ask(QUESTION)
    assert not marker.exists()
    assert after.claims == before.claims
    warnings = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    if plant == "beside-the-metadata":
        assert warnings == [] and snapshot_in_force(settings) == folder
    else:
        assert len(warnings) == 1 and "refitting" in warnings[0], warnings
        assert snapshot_in_force(settings) != folder and not folder.exists(), "the replaced snapshot is pruned"


@pytest.mark.parametrize("lost", ["folder", "root"])
async def test_a_missing_snapshot_is_refit(articles: Path, lost: str) -> None:
    settings = Settings.load()
    async with FactChecker.open(settings) as checker:
        before = await checker.ask(QUESTION)
    folder = snapshot_in_force(settings)
    shutil.rmtree(folder if lost == "folder" else folder.parent)
    async with FactChecker.open(settings) as checker:
        assert (await checker.ask(QUESTION)).claims == before.claims
    assert snapshot_in_force(settings).is_dir()


async def test_a_file_in_place_of_the_snapshot_folder_is_named_in_one_line(articles: Path) -> None:
    settings = Settings.load()
    async with FactChecker.open(settings):
        pass
    root = snapshots.snapshot_root(settings.db_path)
    shutil.rmtree(root)
    root.write_bytes(b"not a folder")
    with pytest.raises(DatabaseError) as raised:
        async with FactChecker.open(settings):
            pass
    assert_one_clear_line(str(raised.value), root)
    assert root.read_bytes() == b"not a folder"

"""Which database a command uses: ``--db`` picks it, and the commands that change what
the bot knows, or run it, name it first, so an ingest into another database than the
running bot's shows at once."""

from __future__ import annotations

import json
import os
from importlib.metadata import version
from pathlib import Path

import pytest

from adapters.cli import main
from tests.unit.test_cli import run

ARTICLE = "Bridge works\n\nThe mayor said the bridge reopens in May.\n"
QUESTION = "When does the bridge reopen?"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_ingest_with_db_writes_that_database_and_names_it_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, article: Path
) -> None:
    other = tmp_path / "other" / "newsroom.db"
    other.parent.mkdir()

    code, out, err = run(capsys, "ingest", "--db", str(other), str(article))

    assert code == 0 and "1 added" in out
    assert err.splitlines()[0] == f"Using the database {other}"
    assert other.is_file()
    assert not Path(os.environ["FACTCHECK_DB"]).exists()
    for before, after in (["--db", str(other)], []), ([], ["--db", str(other)]):
        code, out, err = run(capsys, *before, "ask", "--json", *after, QUESTION)
        assert code == 0 and err == ""
        assert json.loads(out)["results"][0]["doc_id"] == "bridge"


def test_a_relative_db_is_named_as_the_full_path_it_is(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, article: Path
) -> None:
    code, _, err = run(capsys, "ingest", str(article), "--db", "here.db")
    assert code == 0
    assert err.splitlines()[0] == f"Using the database {Path.cwd() / 'here.db'}"


def test_remove_names_its_database_first(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    run(capsys, "ingest", str(article))
    code, out, err = run(capsys, "remove", "bridge")
    assert code == 0 and out == "removed: bridge\n"
    assert err.splitlines() == [f"Using the database {os.environ['FACTCHECK_DB']}"]


def test_serve_names_its_database_before_anything_else(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "bot.db"), "serve", "discord")
    assert code == 78  # a missing token is a configuration error (EX_CONFIG)
    first, then = err.splitlines()
    assert first == f"Using the database {tmp_path / 'bot.db'}"
    assert "DISCORD_TOKEN" in then


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"factcheck {version('newsroom-factcheck')}\n"

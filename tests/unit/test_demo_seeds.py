"""The shipped demo seeds: loaded when an empty database is first asked, and making way
for a newsroom's own archive unless FACTCHECK_SEEDS names seeds to keep."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from adapters.cli import main
from tests.conftest import SEEDS

OWN = "Harbour news\n\nThe harbour master said the ferry resumes on Friday, after the storm.\n"


@pytest.fixture
def shipped_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTCHECK_SEEDS")


@pytest.fixture
def own_archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "ferry.txt").write_text(OWN, encoding="utf-8")
    return folder


def stored(db: str) -> list[str]:
    with sqlite3.connect(db) as connection:
        return sorted(row[0] for row in connection.execute("SELECT doc_id FROM articles"))


def seed_ids() -> list[str]:
    return sorted(path.stem for path in SEEDS.glob("*.txt"))


@pytest.mark.usefixtures("shipped_seeds")
def test_ingesting_into_a_new_database_never_loads_the_seeds(
    capsys: pytest.CaptureFixture[str], own_archive: Path
) -> None:
    assert main(["ingest", str(own_archive)]) == 0
    assert "seed" not in capsys.readouterr().err
    assert stored(os.environ["FACTCHECK_DB"]) == ["ferry"]
    assert main(["ask", "--json", "Who denied the arms deal?"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "no_evidence"


@pytest.mark.usefixtures("shipped_seeds")
def test_the_first_question_loads_the_seeds_and_an_own_archive_replaces_them(
    capsys: pytest.CaptureFixture[str], own_archive: Path
) -> None:
    db = os.environ["FACTCHECK_DB"]
    assert main(["ask", "--json", "Who denied the arms deal?"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "answered"
    assert stored(db) == seed_ids()
    assert main(["ingest", str(own_archive)]) == 0
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if "demo seed articles were removed" in line]) == 1
    assert stored(db) == ["ferry"]
    assert main(["ask", "--json", "Who denied the arms deal?"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "no_evidence"


def test_seeds_named_by_the_setting_stay_beside_an_own_archive(
    capsys: pytest.CaptureFixture[str], own_archive: Path
) -> None:
    main(["ask", "Who denied the arms deal?"])
    assert main(["ingest", str(own_archive)]) == 0
    assert "removed" not in capsys.readouterr().err
    assert stored(os.environ["FACTCHECK_DB"]) == sorted([*seed_ids(), "ferry"])

"""One refit, in the index package: ``factcheck reindex`` runs it, and so does the
separate process a serving bot starts when its delta has grown (``python -m index.refit``)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from tests.conftest import SEEDS
from tests.reliability import cli_command, cli_env


def fitted_folder(db_path: Path) -> str:
    with closing(sqlite3.connect(db_path)) as db:
        return str(db.execute("SELECT folder FROM fitted_index").fetchone()[0])


def test_reindex_and_the_background_process_both_run_the_index_packages_refit(tmp_path: Path) -> None:
    db_path = tmp_path / "factcheck.db"
    env = cli_env(db_path) | {"FACTCHECK_LOG_LEVEL": "info"}
    ingested = subprocess.run(cli_command("ingest", str(SEEDS)), env=env, capture_output=True, text=True, timeout=300)
    assert ingested.returncode == 0, ingested.stderr
    with closing(sqlite3.connect(db_path)) as db:
        (passages,) = db.execute("SELECT count(*) FROM passages").fetchone()
    before = fitted_folder(db_path)

    reindexed = subprocess.run(cli_command("reindex"), env=env, capture_output=True, text=True, timeout=300)
    assert reindexed.returncode == 0, reindexed.stderr
    fits = [line for line in reindexed.stderr.splitlines() if "fitting the index" in line]
    assert len(fits) == 1 and fits[0].endswith(f"INFO index.refit: fitting the index on {passages} passages"), fits
    reindexed_folder = fitted_folder(db_path)
    assert reindexed_folder != before

    background = subprocess.run(
        [sys.executable, "-m", "index.refit", str(db_path)], env=env, capture_output=True, text=True, timeout=300
    )
    assert background.returncode == 0, background.stderr
    in_force = fitted_folder(db_path)
    assert in_force != reindexed_folder
    root = db_path.with_name(db_path.name + ".index")
    assert (root / in_force).is_dir() and not (root / reindexed_folder).exists(), "the replaced snapshot is pruned"

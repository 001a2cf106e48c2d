"""Running as systemd and containers run a service: a user with no home, an install
it may only read, and only the database's folder to write in.

The bot runs in a real process. Its install is a read-only copy of the code whose
``__pycache__`` folders are files, and its home lies below a file: no one, root
included, can create either, so the test shows the same whoever runs it.
"""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability import ROOT, cli_command, cli_env

QUESTION = "Who is John Kirby?"


@dataclass(frozen=True, slots=True)
class Service:
    install: Path
    home: Path
    data: Path

    @property
    def db(self) -> Path:
        return self.data / "factcheck.db"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = cli_env(self.db)
        env.pop("NUMBA_CACHE_DIR", None)
        del env["FACTCHECK_SEEDS"]
        env.update(HOME=str(self.home), PYTHONPATH=str(self.install))
        return subprocess.run(cli_command(*args), env=env, cwd=self.data, capture_output=True, text=True, timeout=300)


def unwritable(folder: Path) -> None:
    """No one can write below ``folder``: read-only, and a file where the caches would go."""
    for package in [folder, *folder.iterdir()]:
        (package / "__pycache__").write_bytes(b"")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    install = tmp_path / "install"
    for package in ("adapters", "bot", "index", "seeds"):
        shutil.copytree(ROOT / package, install / package, ignore=shutil.ignore_patterns("__pycache__"))
    unwritable(install)
    (tmp_path / "no home").write_bytes(b"")
    data = tmp_path / "data"
    data.mkdir()
    yield Service(install, tmp_path / "no home" / "service", data)
    for path in [install, *install.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def answered(result: subprocess.CompletedProcess[str]) -> bool:
    assert result.returncode == 0, result.stderr
    return bool(json.loads(result.stdout)["status"] == "answered")


def test_a_user_with_no_home_and_a_read_only_install_keeps_compiled_code_beside_the_database(
    service: Service,
) -> None:
    # The first start fits the index; the next ones load it (read-only arrays): each
    # compiles the kernels for what it meets, once.
    for _ in range(2):
        result = service.run("ask", "--json", QUESTION)
        assert answered(result)
        assert result.stderr == ""
    compiled = service.db.with_name("factcheck.db.compiled")
    kept = {path.name: path.stat().st_mtime_ns for path in compiled.rglob("*.nbi")}
    assert len(kept) == 4

    assert answered(service.run("ask", "--json", QUESTION))
    # Loaded, not compiled again: compiling rewrites the cache's index.
    assert {path.name: path.stat().st_mtime_ns for path in compiled.rglob("*.nbi")} == kept


def test_where_no_cache_can_be_written_the_code_is_compiled_each_start_with_one_warning(service: Service) -> None:
    service.db.with_name("factcheck.db.compiled").write_bytes(b"")

    result = service.run("ask", "--json", QUESTION)

    assert answered(result)
    assert result.stderr.count("every start compiles it again") == 1
    assert "Traceback" not in result.stderr

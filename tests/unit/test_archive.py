"""The archive picks each statement's connection itself: from the event loop, one that
never waits for another writer; from a worker thread, one that does."""

from __future__ import annotations

import ast
import asyncio
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from index.archive import Archive
from index.storage_errors import DatabaseBusy
from tests.conftest import ROOT

INDEX = ROOT / "index"


async def test_a_log_line_from_the_event_loop_never_waits_for_another_writer_and_from_a_worker_does(
    tmp_path: Path,
) -> None:
    path = tmp_path / "archive.db"
    async with Archive.open(path) as archive:
        with closing(sqlite3.connect(path, isolation_level=None, check_same_thread=False)) as holder:
            holder.execute("BEGIN IMMEDIATE")  # another writer, as an ingest's transaction is
            started = time.monotonic()
            with pytest.raises(DatabaseBusy):
                archive.log_query("local", "Who denied it?", "answered", [])
            # The workers' connection would have waited ten seconds.
            assert time.monotonic() - started < 5.0
            asyncio.get_running_loop().call_later(0.3, holder.execute, "COMMIT")
            started = time.monotonic()
            query_id = await asyncio.to_thread(archive.log_query, "local", "Who denied it?", "answered", [])
            assert time.monotonic() - started >= 0.2, "logged before the other writer let go"
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT id, question FROM query_log").fetchall() == [(query_id, "Who denied it?")]


def test_outside_the_archive_package_the_index_reads_and_writes_no_database() -> None:
    """Besides the archive, only what tells a file's owner (``ownership``), names SQLite's
    failures (``storage_errors``, ``storage_faults``) and copies the file (``backup``) uses SQLite."""
    using = set()
    for module in INDEX.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module is not None:
                names = [node.module]
            if any(name.split(".")[0] in {"sqlite3", "aiosqlite"} for name in names):
                using.add(module.relative_to(INDEX).parts[0])
    assert using == {"archive", "ownership.py", "storage_errors.py", "storage_faults.py", "backup.py"}

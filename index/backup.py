"""A copy of the database taken while the bot runs, consistent to one moment.

Copying the file with ``cp`` while the bot writes can catch half a transaction, and
misses what is still in the write-ahead log. SQLite's online backup copies the pages
as one read transaction sees them: in WAL mode the bot goes on answering, ingesting
and logging meanwhile, and the copy holds everything committed before it began and
nothing after. The copy is one self-contained file (rollback journal, no ``-wal``
beside it), checked before it is given its name, so a backup that fails leaves no
file that looks like one. The index snapshot (``FILE.index/``) is not copied: it is
fitted again from the articles when the copy is first opened, as for a new database.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path

from index.ownership import Inspection, Owner, inspect
from index.storage_errors import StoreError


def back_up(db_path: Path, target: Path) -> None:
    """Write a consistent copy of the database at ``db_path`` to ``target``, a new file."""
    if not db_path.is_file():
        raise StoreError(f"there is no database at {db_path} to back up")
    if target.exists() or target.is_symlink():
        raise StoreError(f"{target} already exists: a backup never replaces a file, so name a new one")
    try:
        source = sqlite3.connect(f"{db_path.absolute().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the database {db_path} ({exc})") from exc
    try:
        _copy(source, target, names_a_snapshot="fitted_index" in _ours(source, db_path).tables)
    finally:
        source.close()


def _ours(source: sqlite3.Connection, db_path: Path) -> Inspection:
    try:
        found = inspect(source)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the database {db_path} ({exc})") from exc
    if found.owner is Owner.OTHER:
        raise StoreError(f"{db_path} is another program's SQLite database, not this bot's")
    if found.owner is Owner.NOBODY:
        raise StoreError(f"the database {db_path} is empty: there is nothing to back up")
    return found


def _copy(source: sqlite3.Connection, target: Path, *, names_a_snapshot: bool) -> None:
    """Copy into a hidden file beside ``target``, then rename it: a copy is whole or absent."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as exc:
        raise StoreError(f"cannot write the backup {target} ({exc.strerror or exc})") from exc
    os.close(handle)
    partial = Path(name)
    try:
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            if names_a_snapshot:
                # The snapshot named is not in the backup: with no name, the index is
                # fitted on first opening, without a warning that a snapshot is missing.
                copy.execute("DELETE FROM fitted_index")
            (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
        finally:
            copy.close()
        if verdict != "ok":
            raise StoreError(f"the backup of the database failed its check ({verdict}); {target} was not written")
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise StoreError(f"cannot write the backup {target} ({detail})") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()

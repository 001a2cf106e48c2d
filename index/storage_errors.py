"""What can go wrong with the SQLite file, told by kind, so that whoever tells a person
what to do about it need not know SQLite.

    StoreError                  the database cannot be opened, read or written
     ├── DatabaseBusy           another connection held a lock longer than a statement waits
     ├── DiskFault              the disk refuses; the file is intact, and reads can go on
     │    ├── DatabaseReadOnly      the file may not be written
     │    ├── FolderReadOnly        its folder may not be written (so SQLite cannot even read it)
     │    └── DiskFull              no space is left
     ├── DamagedDatabase        the file is damaged or is not a database
     ├── ForeignDatabaseError   another program's SQLite database, left as it was
     └── SnapshotError          the index snapshot cannot be written (``index.snapshots``)

The index raises only these: ``map_storage_errors`` turns sqlite3's exceptions into them
where a connection is used, as httpx's transport maps httpcore's, and ``storage_error``
picks the kind for a failure the index describes itself. Misusing a connection
(``sqlite3.ProgrammingError``, ``InterfaceError``) or storing a row that breaks the
schema's constraints (``IntegrityError``) is a bug, not a state of the file, and is
never mapped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

from index.storage_faults import Fault, fault_of, root_detail

_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


class StoreError(Exception):
    """The database cannot be opened, read or written; the message says which file and why."""

    # How a failure of this kind that SQLite raised completes "the database <path> …"
    # (set on each kind ``map_storage_errors`` raises).
    problem: ClassVar[str]

    @property
    def detail(self) -> str:
        """What the failure's innermost cause says: SQLite's own words, or the system's."""
        return root_detail(self)


class DatabaseBusy(StoreError):
    """Another process holds the database: it is to be waited for, not rebuilt."""

    problem = "is locked by another connection"


class DiskFault(StoreError):
    """The disk refuses: rebuilding would lose the query log and the feedback for nothing."""


class DatabaseReadOnly(DiskFault):
    problem = "is read-only"


class FolderReadOnly(DiskFault):
    problem = "is in a read-only folder"


class DiskFull(DiskFault):
    problem = "has no space left to grow"


class DamagedDatabase(StoreError):
    """What SQLite reads is not a sound database: only a rebuild from the articles helps."""

    problem = "is unreadable"


class ForeignDatabaseError(StoreError):
    """The file is another program's SQLite database; it was left as it was."""


_DISK_FAULTS: dict[Fault, type[DiskFault]] = {
    Fault.READ_ONLY: DatabaseReadOnly,
    Fault.FOLDER_READ_ONLY: FolderReadOnly,
    Fault.FULL: DiskFull,
}


def _kind(cause: BaseException, otherwise: type[StoreError]) -> type[StoreError]:
    """The kind of failure ``cause`` is: a disk fault or another's lock, else ``otherwise``."""
    fault = fault_of(cause)
    if fault is not None:
        return _DISK_FAULTS[fault]
    # The primary result code is the low byte of the extended one (SQLITE_BUSY_SNAPSHOT …).
    if isinstance(cause, sqlite3.Error) and getattr(cause, "sqlite_errorcode", 0) & 0xFF in _BUSY_CODES:
        return DatabaseBusy
    return otherwise


def storage_error(message: str, cause: BaseException, *, otherwise: type[StoreError] = StoreError) -> StoreError:
    """``message`` as the kind of ``StoreError`` that ``cause`` is (raise it ``from cause``)."""
    return _kind(cause, otherwise)(message)


@contextmanager
def map_storage_errors(path: Path) -> Iterator[None]:
    """Raise what SQLite raises in the block as the kind of ``StoreError`` it is. A
    failure that is neither the disk's nor a lock is told as damage, as SQLite's own
    words for it (``disk I/O error``, ``database disk image is malformed``) say."""
    try:
        yield
    except (sqlite3.ProgrammingError, sqlite3.InterfaceError, sqlite3.IntegrityError):
        raise
    except sqlite3.Error as exc:
        kind = _kind(exc, DamagedDatabase)
        raise kind(f"the database {path} {kind.problem} ({exc})") from exc

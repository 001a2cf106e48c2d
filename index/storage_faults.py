"""Storage failures that are the disk's, not the database's: read-only, or no space left.

The database is intact in both, so they must not be told as damage ("move the
file aside and rebuild" would strand the query log and the feedback), and what
only reads (answering a question) can go on while they last.
"""

from __future__ import annotations

import enum
import errno
import sqlite3

_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


class Fault(enum.Enum):
    READ_ONLY = "read-only"
    # SQLite reads a WAL database only with its -wal and -shm files beside it, which
    # it cannot make in a read-only folder: then the file cannot even be read.
    FOLDER_READ_ONLY = "folder read-only"
    FULL = "full"


def fault_of(exc: BaseException) -> Fault | None:
    """The disk fault behind ``exc`` or any exception it was raised from (``raise … from``), if any."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.Error):
            # The primary result code is the low byte of the extended one.
            code = getattr(seen, "sqlite_errorcode", 0)
            if code == sqlite3.SQLITE_READONLY_DIRECTORY:
                return Fault.FOLDER_READ_ONLY
            code &= 0xFF
            if code == sqlite3.SQLITE_READONLY:
                return Fault.READ_ONLY
            if code == sqlite3.SQLITE_FULL:
                return Fault.FULL
        elif isinstance(seen, OSError):
            if seen.errno in _READ_ONLY_ERRNOS:
                return Fault.READ_ONLY
            if seen.errno in _FULL_ERRNOS:
                return Fault.FULL
        seen = seen.__cause__
    return None


def root_detail(exc: BaseException) -> str:
    """What the innermost cause of ``exc`` says: SQLite's own words, or the system's."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)

"""One error root for everything a user can be told about.

    FactCheckError          a message a journalist can read; adapters show it as is
     ├── QuestionError      the question cannot be asked (empty, too long, unreadable)
     ├── ConfigError        a setting is missing or malformed
     └── DatabaseError      the SQLite file cannot be opened, read or written

Adapters catch ``FactCheckError`` and show ``str(exc)``; anything else is a bug,
logged with its traceback and answered with a generic apology. The index raises its
own ``StoreError`` for each kind of storage failure (``index.storage_errors``), and
``database_error`` tells each as a ``DatabaseError`` with what to do about it.
"""

from pathlib import Path

from bot import messages
from index.storage_errors import (
    DamagedDatabase,
    DatabaseBusy,
    DatabaseReadOnly,
    DiskFault,
    DiskFull,
    FolderReadOnly,
    ForeignDatabaseError,
    StoreError,
)


class FactCheckError(Exception):
    """Base of every error whose message is meant for the person asking."""


class QuestionError(FactCheckError):
    pass


class ConfigError(FactCheckError):
    pass


class DatabaseError(FactCheckError):
    pass


def unreadable_database(reason: str) -> DatabaseError:
    """A database that cannot be used: ``reason`` names the file and what is wrong, and
    the message goes on to say how to rebuild it, since the articles are never touched."""
    return DatabaseError(messages.DATABASE_UNREADABLE.format(reason=reason))


def database_error(path: Path, exc: StoreError) -> DatabaseError:
    """What the person is told when the database at ``path`` fails. A disk that is
    read-only or full is named as such, with what still works: the file is intact, and
    rebuilding it would lose the query log and the feedback. A lock is waited out, and
    another program's file pointed away from, neither moved. Anything else is damage,
    rebuilt from the articles."""
    if isinstance(exc, FolderReadOnly):
        return DatabaseError(messages.DATABASE_FOLDER_READ_ONLY.format(problem=disk_problem(path, exc), path=path))
    if isinstance(exc, DatabaseReadOnly):
        return DatabaseError(messages.DATABASE_READ_ONLY.format(problem=disk_problem(path, exc)))
    if isinstance(exc, DiskFull):
        return DatabaseError(messages.DATABASE_FULL.format(problem=disk_problem(path, exc)))
    if isinstance(exc, DatabaseBusy):
        return DatabaseError(messages.DATABASE_BUSY.format(path=path, detail=exc.detail))
    if isinstance(exc, ForeignDatabaseError):
        return DatabaseError(messages.DATABASE_FOREIGN.format(reason=exc))
    if isinstance(exc, DamagedDatabase):
        return unreadable_database(messages.DATABASE_DAMAGED.format(path=path, detail=exc.detail))
    return unreadable_database(str(exc))


def disk_problem(path: Path, fault: DiskFault) -> str:
    """ "the database … is read-only (…)", or its folder, or "no space is left for the database … (…)"."""
    if isinstance(fault, FolderReadOnly):
        wording = messages.FOLDER_READ_ONLY
    elif isinstance(fault, DiskFull):
        wording = messages.NO_SPACE_LEFT
    else:
        wording = messages.READ_ONLY
    return wording.format(path=path, detail=fault.detail)

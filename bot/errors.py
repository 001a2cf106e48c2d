"""One error root for everything a user can be told about.

    FactCheckError          a message a journalist can read; adapters show it as is
     ├── QuestionError      the question cannot be asked (empty, too long, unreadable)
     ├── ConfigError        a setting is missing or malformed
     └── DatabaseError      the SQLite file cannot be opened, read or written

Adapters catch ``FactCheckError`` and show ``str(exc)``; anything else is a bug,
logged with its traceback and answered with a generic apology.
"""

import sqlite3
from pathlib import Path

from bot import messages
from index.storage_faults import Fault, fault_of, root_detail
from index.store import ForeignDatabaseError, StoreError


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


def database_error(path: Path, exc: StoreError | sqlite3.Error) -> DatabaseError:
    """What the person is told when the database fails. A disk that is read-only or
    full is named as such, with what still works: the file is intact, and rebuilding
    it would lose the query log and the feedback. Another program's file is pointed
    away from, not moved. Anything else is damage, rebuilt from the articles."""
    fault = fault_of(exc)
    if fault is Fault.READ_ONLY:
        return DatabaseError(messages.DATABASE_READ_ONLY.format(problem=disk_problem(path, fault, exc)))
    if fault is Fault.FOLDER_READ_ONLY:
        return DatabaseError(
            messages.DATABASE_FOLDER_READ_ONLY.format(problem=disk_problem(path, fault, exc), path=path)
        )
    if fault is Fault.FULL:
        return DatabaseError(messages.DATABASE_FULL.format(problem=disk_problem(path, fault, exc)))
    if isinstance(exc, ForeignDatabaseError):
        return DatabaseError(messages.DATABASE_FOREIGN.format(reason=exc))
    if isinstance(exc, StoreError):
        return unreadable_database(str(exc))
    return unreadable_database(messages.DATABASE_DAMAGED.format(path=path, detail=exc))


def disk_problem(path: Path, fault: Fault, exc: BaseException) -> str:
    """ "the database … is read-only (…)", or its folder, or "no space is left for the database … (…)"."""
    wording = {
        Fault.READ_ONLY: messages.READ_ONLY,
        Fault.FOLDER_READ_ONLY: messages.FOLDER_READ_ONLY,
        Fault.FULL: messages.NO_SPACE_LEFT,
    }[fault]
    return wording.format(path=path, detail=root_detail(exc))

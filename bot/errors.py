"""One error root for everything a user can be told about.

    FactCheckError          a message a journalist can read; adapters show it as is
     ├── QuestionError      the question cannot be asked (empty, too long, unreadable)
     ├── ConfigError        a setting is missing or malformed
     └── DatabaseError      the SQLite file cannot be opened or read

Adapters catch ``FactCheckError`` and show ``str(exc)``; anything else is a bug,
logged with its traceback and answered with a generic apology.
"""

import sqlite3
from pathlib import Path

from bot import messages
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
    """What the person is told when the database fails. Another program's file is
    pointed away from, not moved. Anything else is damage, rebuilt from the articles."""
    if isinstance(exc, ForeignDatabaseError):
        return DatabaseError(messages.DATABASE_FOREIGN.format(reason=exc))
    if isinstance(exc, StoreError):
        return unreadable_database(str(exc))
    return unreadable_database(messages.DATABASE_DAMAGED.format(path=path, detail=exc))

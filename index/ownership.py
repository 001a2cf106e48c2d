"""Whose SQLite file this is, read before anything is written to it.

``FACTCHECK_DB`` may name another program's database by mistake; switching it
to WAL and adding our tables would change a file that is not ours. So this
project's databases carry a fixed ``PRAGMA application_id``, set when they are
made, and a file is inspected with reads alone before the store writes: an
empty file is new, a file carrying the mark is ours, an unmarked one holding
the articles and passages tables as this project makes them (a database from
before the mark) is ours and gets the mark, and anything else is another
program's, refused and left byte for byte as it was.
"""

from __future__ import annotations

import enum
import sqlite3
from dataclasses import dataclass

# b"FCkb" (fact-check bot) as a big-endian 32-bit integer: SQLite keeps it in the file header.
APPLICATION_ID = 0x46436B62

# The columns by which a database from before the mark is recognised as ours.
_EARLIER_COLUMNS = {
    "articles": {"doc_id", "file", "sha256", "text"},
    "passages": {"doc_id", "ord", "start", "end"},
}


class Owner(enum.Enum):
    NOBODY = "nobody"  # empty: a new database
    US = "us"  # carries our mark
    US_UNMARKED = "us, unmarked"  # made by a version from before the mark
    OTHER = "another program"


@dataclass(frozen=True, slots=True)
class Inspection:
    """Who owns the file, and its tables (named when it is refused)."""

    owner: Owner
    tables: tuple[str, ...]


def inspect(connection: sqlite3.Connection) -> Inspection:
    """Who owns the database ``connection`` reads; only reads, never writes."""
    (application_id,) = connection.execute("PRAGMA application_id").fetchone()
    (user_version,) = connection.execute("PRAGMA user_version").fetchone()
    tables = tuple(
        str(name)
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
        )
    )
    if application_id == APPLICATION_ID:
        return Inspection(Owner.US, tables)
    if application_id == 0 and user_version == 0 and not tables:
        return Inspection(Owner.NOBODY, tables)
    if application_id == 0 and all(wanted <= _columns(connection, table) for table, wanted in _EARLIER_COLUMNS.items()):
        return Inspection(Owner.US_UNMARKED, tables)
    return Inspection(Owner.OTHER, tables)


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {str(column) for (column,) in connection.execute("SELECT name FROM pragma_table_info(?)", (table,))}

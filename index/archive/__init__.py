"""The archive's SQLite file and everything that reads or writes it (``Archive``)."""

from index.archive.archive import Archive
from index.archive.connections import CHECKPOINT_EVERY
from index.archive.conversations import StoredConversation
from index.archive.reads import Continuation, PassageReads, StoredPassage
from index.archive.upkeep import Cursor, Naming
from index.archive.writes import Article, NewPassage

__all__ = [
    "CHECKPOINT_EVERY",
    "Archive",
    "Article",
    "Continuation",
    "Cursor",
    "Naming",
    "NewPassage",
    "PassageReads",
    "StoredConversation",
    "StoredPassage",
]

"""The names ``bot.answering`` and ``bot.quote_search`` import, until they import
``PassageReads`` and ``StoredPassage`` from ``index.archive`` (this module then goes)."""

from index.archive import PassageReads as QuestionStore
from index.archive import StoredPassage

__all__ = ["QuestionStore", "StoredPassage"]

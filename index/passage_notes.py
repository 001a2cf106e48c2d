"""Who made a passage's statement and when, as the passages table stores them.

These five columns are worked out at ingest (``bot.annotations``) and read with
every passage an answer shows. This type is their one definition: the table's
columns, the rows written and the rows read are derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class PassageNote:
    """The speaker, and when's words, date, end of span and basis (``text`` or ``published``)."""

    who: str | None = None
    when_text: str | None = None
    when_date: str | None = None
    when_until: str | None = None
    when_basis: str | None = None


NOTE_COLUMNS = tuple(field.name for field in fields(PassageNote))

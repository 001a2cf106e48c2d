"""Who made a passage's statement and when, as the passages table stores them.

These columns are worked out at ingest (``bot.annotations``) and read with
every passage an answer shows. This type is their one definition: the table's
columns, the rows written and the rows read are derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class PassageNote:
    """The speaker, when's words, date, end of span and basis (``text`` or ``published``),
    and the passage's other speakers."""

    who: str | None = None
    when_text: str | None = None
    when_date: str | None = None
    when_until: str | None = None
    when_basis: str | None = None
    voices: str | None = None
    """The passage's statements when more than one speaker makes them, as JSON
    ``[[start, end, who], …]`` (offsets into the article; ``bot.annotations``): ``who``
    is the speaker of the statement the passage holds most of, and a question quoting
    another's words is answered with that other's name."""


NOTE_COLUMNS = tuple(field.name for field in fields(PassageNote))

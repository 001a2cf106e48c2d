"""Who said each passage and when, worked out once at ingest time.

Attribution and date resolution read the whole article (a pronoun needs the
sentences before it), so they run when the article is stored, not when a
question is asked; the results are stored with each passage, in columns of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers import When
from bot.attribution import attribute_all
from bot.dates import resolve_when


@dataclass(frozen=True, slots=True)
class Annotation:
    who: str | None
    when: When | None

    def columns(self) -> tuple[str | None, str | None, str | None, str | None, str | None]:
        """Who, and when's text, date, end of span and basis: the passage's stored columns."""
        when = self.when
        if when is None:
            return self.who, None, None, None, None
        return self.who, when.text, when.date, when.until, when.basis

    @classmethod
    def from_columns(
        cls, who: str | None, text: str | None, date: str | None, until: str | None, basis: str | None
    ) -> Annotation:
        if text is None:
            return cls(who, None)
        return cls(who, When(text, date, until, "published" if basis == "published" else "text"))


def annotate(sentences: Sequence[str], published: str | None) -> list[Annotation]:
    """One annotation per sentence of an article, in order."""
    date = dt.date.fromisoformat(published) if published else None
    speakers = attribute_all(sentences)
    return [Annotation(who, resolve_when(sentence, date)) for who, sentence in zip(speakers, sentences, strict=True)]

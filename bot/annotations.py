"""Who said each passage and when, worked out once at ingest time.

Attribution and date resolution read the whole article (a pronoun needs the
sentences before it), so they run when the article is stored, not when a
question is asked; the results travel with each passage as a small JSON object.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from bot.answers import When
from bot.attribution import attribute_all
from bot.dates import resolve_when


@dataclass(frozen=True, slots=True)
class Annotation:
    who: str | None
    when: When | None

    def dumps(self) -> str:
        return json.dumps({"who": self.who, "when": asdict(self.when) if self.when else None})

    @classmethod
    def loads(cls, raw: str) -> Annotation:
        data = json.loads(raw or "{}")
        when = data.get("when")
        return cls(data.get("who"), When(**when) if when else None)


def annotate(sentences: Sequence[str], published: str | None) -> list[Annotation]:
    """One annotation per sentence of an article, in order."""
    date = dt.date.fromisoformat(published) if published else None
    speakers = attribute_all(sentences)
    return [Annotation(who, resolve_when(sentence, date)) for who, sentence in zip(speakers, sentences, strict=True)]

"""Shared by the reliability tests: generated articles, ``factcheck`` as a subprocess,
and the check that an index agrees with its store.

A generated article carries made-up words no other article has: its first sentence
holds its ``first`` word and its last sentence its ``last`` word, so asking about the
two shows whether all of it is searchable; a version's ``marker`` word is in that
version only, so a stale passage of a replaced article can be asked for by name.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from index.archive import Archive
from index.live_index import LiveIndex
from index.terms import analyze
from index.tfidf import PassageIndex
from index.tuning import IndexTuning

ROOT = Path(__file__).resolve().parent.parent

_CONSONANTS = "bdfgkmnprtvz"
_VOWELS = "aiou"
_FILLERS = (
    "The harbour council met on Monday to discuss the {word} plan for the eastern district.",
    "Officials said the budget for the ferry service would rise by {n} percent next year.",
    "Residents told reporters that the new {word} schedule had confused many commuters.",
    "A spokesperson for the port authority declined to comment on the {word} dispute.",
    "The mayor said the works would finish before the winter storms reached the coast.",
    "Engineers found cracks in {n} of the old pillars during the spring inspection.",
    "Local traders warned that the {word} closures would cost them customers.",
    "The regional government promised to publish its review of the project in June.",
)


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an article's text, with the made-up words it carries."""

    text: str
    first: str
    last: str
    marker: str

    @property
    def title(self) -> str:
        """The title a manifest-less ingest gives the article: its first line."""
        return self.text.splitlines()[0].strip()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def made_up_word(number: int) -> str:
    """A word no dictionary has, distinct for every ``number``, kept whole by the analyser."""
    syllables = []
    while True:
        number, rest = divmod(number, len(_CONSONANTS) * len(_VOWELS))
        syllables.append(_CONSONANTS[rest // len(_VOWELS)] + _VOWELS[rest % len(_VOWELS)])
        if number == 0:
            break
    word = "zq" + "".join(syllables) + "k"
    assert analyze(word) == [word], word
    return word


def version(n: int, revision: int, sentences: int) -> Version:
    """Article ``n`` in its ``revision``: a title line, then ``sentences`` (at least 3) sentences."""
    base = (n * 3 + revision) * 1000
    first, last, marker = made_up_word(base), made_up_word(base + 1), made_up_word(base + 2)
    body = [
        f"The {first} committee said on Tuesday that the harbour report number {n} was ready.",
        f"Its {marker} edition was handed to the council by the harbour office.",
    ]
    for k in range(sentences - 3):
        filler = _FILLERS[(n + k) % len(_FILLERS)]
        body.append(filler.format(word=made_up_word(base + 3 + k), n=k + 2))
    body.append(f"Critics of the {last} proposal said they would appeal the decision in court.")
    paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    text = f"Harbour report {n}, revision {revision}\n\n" + "\n\n".join(paragraphs) + "\n"
    return Version(text, first, last, marker)


def write(folder: Path, doc_id: str, article: Version) -> Path:
    path = folder / f"{doc_id}.txt"
    path.write_text(article.text, encoding="utf-8")
    return path


def cli_env(db_path: Path) -> dict[str, str]:
    """The environment of a ``factcheck`` subprocess: this tree's code, this database, no seeds."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("FACTCHECK_", "SLACK_", "DISCORD_"))}
    env.update(FACTCHECK_DB=str(db_path), FACTCHECK_SEEDS="", PYTHONPATH=str(ROOT))
    return env


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "adapters.cli", *args]


def passage_owners(db_path: Path) -> dict[int, str]:
    """Each stored passage's article."""
    with sqlite3.connect(db_path) as db:
        return dict(db.execute("SELECT id, doc_id FROM passages"))


async def fresh_index(db_path: Path, tuning: IndexTuning = IndexTuning()) -> PassageIndex:
    """The index a process started now holds: the snapshot in force plus the changes since."""
    async with Archive.open(db_path) as store:
        return await LiveIndex(store, db_path, tuning=tuning).current()


def indexed_ids(index: PassageIndex) -> set[int]:
    return set(index.fitted.ids[~index.removed].tolist()) | set(index.delta_ids.tolist())

"""A question asking who said something is answered first by a passage that names a speaker."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.asked_speakers import asks_who_said
from bot.factchecker import FactChecker
from bot.settings import Settings


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who said the debate was fair?", True),
        ("who denied the report?", True),
        ("Who warned of a shortage?", True),
        ("Who is Victor Cha?", False),
        ("Who was behind the rumours?", False),
        ("What did Kirby say about the shells?", False),
    ],
)
def test_who_said_is_asked_by_who_and_a_verb_of_saying(question: str, asks: bool) -> None:
    assert asks_who_said(question) is asks


async def test_a_passage_naming_its_speaker_leads_one_that_names_none(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    articles = {
        "desk": "Bridge to close\n\nRiver bridge repairs start in March.",
        "mayor": (
            "Mayor on the bridge\n\nMayor Jane Doe said river bridge repairs would start in March, "
            "after inspectors found cracks in its deck."
        ),
    }
    manifest = []
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        manifest.append(f'[[article]]\nfile = "{name}.txt"\ntitle = "{name}"\npublished = "2024-03-01"\n')
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    async with FactChecker.open(Settings(db_path=tmp_path / "factcheck.db", seeds_dir=folder)) as checker:
        what = await checker.ask("When do repairs to the river bridge start?")
        who = await checker.ask("Who said repairs to the river bridge start in March?")
    assert what.claims[0].evidence.doc_id == "desk"
    assert who.claims[0].evidence.doc_id == "mayor" and who.claims[0].evidence.who == "Mayor Jane Doe"

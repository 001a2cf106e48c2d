"""Outlets a question names rank their own reporting first."""

from __future__ import annotations

from pathlib import Path

from bot.factchecker import FactChecker
from bot.outlets import named_outlets, without_outlets
from tests.conftest import ingest_texts

OUTLETS = ["NBC News (Reuters)", "Asia News", "New York Times", "Politico"]


def test_an_outlet_is_named_by_its_whole_name_or_a_part_of_it() -> None:
    assert named_outlets("How fast did they respond, per Asia News?", OUTLETS) == {"Asia News"}
    assert named_outlets("where was the reuters piece datelined?", OUTLETS) == {"NBC News (Reuters)"}
    assert named_outlets("What did the news say?", OUTLETS) == set()
    assert named_outlets("What did the New York press say?", OUTLETS) == set()


async def test_the_named_outlets_report_leads(checker: FactChecker, tmp_path: Path) -> None:
    await ingest_texts(
        checker,
        tmp_path / "news",
        {
            "wire": "Ferry\n\nThe ferry resumes on Friday after the storm, the harbour master said on Tuesday.\n",
            "gazette": "Ferry back\n\nThe ferry resumes Friday, the ferry company said: "
            "the ferry, the ferry, the storm.\n",
        },
        manifest='[[article]]\nfile = "wire.txt"\noutlet = "Harbour Wire"\n\n'
        '[[article]]\nfile = "gazette.txt"\noutlet = "Gazette"\n',
    )
    answer = await checker.ask("When does the ferry resume after the storm, per the Harbour Wire?")
    assert answer.claims[0].evidence.doc_id == "wire"
    answer = await checker.ask("When does the ferry resume after the storm?")
    assert answer.claims[0].evidence.doc_id == "gazette"


def test_the_words_naming_an_outlet_are_left_out_of_the_search() -> None:
    assert without_outlets("How fast did they respond, per Asia News?", {"Asia News"}) == (
        "How fast did they respond, per  ?"
    )
    assert without_outlets("where was the reuters piece datelined?", {"NBC News (Reuters)"}) == (
        "where was the   piece datelined?"
    )


async def test_a_named_outlets_own_name_does_not_pick_its_passage(checker: FactChecker, tmp_path: Path) -> None:
    await ingest_texts(
        checker,
        tmp_path / "news",
        {
            "wire": "Ferry news — Harbour Wire\n\nThe ferry was an hour late after the storm, the company said, "
            "as it often is when the crew is short of hands and the sea is high.\n",
            "gazette": "Ferry back\n\nThe ferry resumes Friday, the company said.\n",
        },
        manifest='[[article]]\nfile = "wire.txt"\noutlet = "Harbour Wire"\n\n'
        '[[article]]\nfile = "gazette.txt"\noutlet = "Gazette"\n',
    )
    answer = await checker.ask("How late was the ferry, per the Harbour Wire?")
    assert "an hour late" in answer.claims[0].evidence.quote


async def test_a_word_of_an_outlets_name_is_never_respelt(checker: FactChecker, tmp_path: Path) -> None:
    await ingest_texts(
        checker,
        tmp_path / "news",
        {"wire": "Ferry\n\nThe ferry company defends its reputation after the storm.\n"},
        manifest='[[article]]\nfile = "wire.txt"\noutlet = "NBC News (Reuters)"\n',
    )
    answer = await checker.ask("What did the reuters story say about the ferry?")
    assert answer.corrections == ()
    assert answer.missing_terms == ("story",)

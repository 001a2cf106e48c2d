"""Outlets a question names rank their own reporting first."""

from __future__ import annotations

from pathlib import Path

from bot.factchecker import FactChecker
from bot.outlets import named_outlets

from .conftest import ingest_texts

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

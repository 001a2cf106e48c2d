from __future__ import annotations

from pathlib import Path

from bot.demonyms import kindred_terms
from bot.factchecker import FactChecker
from tests.conftest import ingest_texts

VOCABULARY = sorted(["korea", "korean", "koreas", "ukrain", "ukrainian", "ukrainianness", "japan", "japanes", "turk"])


def starting(prefix: str) -> list[str]:
    return [term for term in VOCABULARY if term.startswith(prefix)]


def test_a_place_brings_its_peoples_adjective_and_nothing_else_it_prefixes() -> None:
    assert kindred_terms(["korea"], starting) == ("korean",)
    assert kindred_terms(["ukrain", "korea"], starting) == ("ukrainian", "korean")
    assert kindred_terms(["turk"], starting) == ()
    assert kindred_terms([], starting) == ()


async def test_a_question_naming_a_place_finds_the_report_using_its_adjective(
    checker: FactChecker, tmp_path: Path
) -> None:
    articles = {
        "moldovan": "Border\n\nThe Moldovan army moved to the border, officials said.",
        "romanian": "Border\n\nThe Romanian army moved to the border, officials said.",
        "talks": "Talks\n\nMoldova will hold talks on trade next month, the minister said.",
    }
    await ingest_texts(checker, tmp_path / "archive", articles)
    answer = await checker.ask("Did Moldova's army move to the border?")
    assert answer.claims[0].evidence.doc_id == "moldovan"


async def test_a_place_named_only_by_its_adjective_is_not_absent(checker: FactChecker, tmp_path: Path) -> None:
    articles = {"moldovan": "Border\n\nThe Moldovan army moved to the border, officials said."}
    await ingest_texts(checker, tmp_path / "archive", articles)
    answer = await checker.ask("Did Moldova's army move to the border?")
    assert answer.status == "answered" and "moldova" not in [word.lower() for word in answer.missing_terms]
    assert answer.claims[0].evidence.doc_id == "moldovan"
    assert (await checker.ask("Did Narnia's army move to the border?")).status == "no_evidence"

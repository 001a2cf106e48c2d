"""A question asking where a report was filed from is answered by its dateline."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.datelines import asks_dateline, datelined
from bot.factchecker import FactChecker
from tests.conftest import ingest_texts

MANIFEST = """
[[article]]
file = "wire.txt"
outlet = "Wire Service"

[[article]]
file = "zoo.txt"
outlet = "City Paper"
"""
ARTICLES = {
    "wire": "Ministry denies arms sales\n\nSEOUL, South Korea — Officials met at the ministry on Tuesday."
    "\n\nThe ministry denied a report that it had sold arms to its neighbour, a spokesman said.",
    "zoo": "Zoo\n\nThe zoo denied that its keepers had sold a giraffe, the curator said.",
}


@pytest.mark.parametrize(
    ("passage", "opens"),
    [
        ("SEOUL, South Korea — North Korea said on Tuesday it has never had arms dealings.", True),
        ("WASHINGTON (AP) — The White House said on Monday ...", True),
        ("KYIV, Ukraine, Nov 8 (Reuters) - Ukraine's army said ...", True),
        ("NEW YORK — The mayor said ...", True),
        ("The U.S. — and its allies — said on Monday ...", False),
        ("Kirby said — again — that the shells were going to Russia.", False),
    ],
)
def test_a_dateline_is_a_place_in_capitals_before_a_dash(passage: str, opens: bool) -> None:
    assert datelined(passage) is opens


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("where was the AP story on the denial datelined?", True),
        ("What is the dateline of the Reuters report?", True),
        ("Where was the Reuters piece filed from?", True),
        ("Where did Kirby say the shells were going?", False),
        ("Who filed the lawsuit?", False),
    ],
)
def test_a_question_asking_where_a_report_was_filed_from(question: str, asks: bool) -> None:
    assert asks_dateline(question) is asks


async def test_the_answer_is_the_reports_dateline_not_the_passage_sharing_the_questions_words(
    checker: FactChecker, tmp_path: Path
) -> None:
    await ingest_texts(checker, tmp_path / "archive", ARTICLES, MANIFEST)
    answer = await checker.ask("Where was the Wire Service report on the arms denial datelined?")
    assert answer.status == "answered" and answer.claims[0].evidence.doc_id == "wire"
    assert answer.claims[0].evidence.quote.startswith("SEOUL, South Korea — ")
    assert "datelined" not in answer.missing_terms


async def test_no_dateline_in_the_reports_found_is_no_evidence(checker: FactChecker, tmp_path: Path) -> None:
    await ingest_texts(checker, tmp_path / "archive", ARTICLES, MANIFEST)
    assert (await checker.ask("Where was the City Paper piece on the giraffe datelined?")).status == "no_evidence"

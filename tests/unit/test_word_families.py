"""A word no article holds is searched in the form of its family the archive uses."""

from __future__ import annotations

from pathlib import Path

from bot.factchecker import FactChecker
from bot.word_families import family_term
from tests.conftest import ingest_texts

TERMS = sorted(["invas", "invest", "decis", "alleg", "nation", "national"])
FREQUENCY = {"invas": 3, "alleg": 5, "alleged": 9}


def frequency(term: str) -> int:
    """How many passages hold ``term``: none for a term ``FREQUENCY`` leaves out."""
    return FREQUENCY.get(term, 0)


def starting(prefix: str) -> list[str]:
    return [term for term in TERMS if term.startswith(prefix)]


def test_a_derived_form_is_found_through_the_lovins_stem() -> None:
    assert family_term("invade", starting, frequency) == "invas"
    assert family_term("allege", starting, frequency) == "alleg"


def test_the_most_common_member_of_a_family_is_searched() -> None:
    terms = ["alleg", "alleged"]
    assert family_term("allegation", lambda prefix: terms, frequency) == "alleged"


def test_short_stems_words_with_no_relative_and_non_words_are_left_alone() -> None:
    assert family_term("deny", starting, frequency) is None
    assert family_term("investigate", starting, frequency) is None
    assert family_term("cryptocurrency", starting, frequency) is None
    assert family_term("invade2", starting, frequency) is None


async def test_the_answer_searches_the_related_word_and_says_so(checker: FactChecker, tmp_path: Path) -> None:
    await ingest_texts(
        checker,
        tmp_path / "archive",
        {
            "war": "The war began with the invasion of the neighbouring country in February.\n",
            "trade": "The ministry said trade with the neighbouring country had grown in February.\n",
        },
    )
    answer = await checker.ask("When did they invade the neighbouring country?")
    assert answer.corrections == (("invade", "invasion"),)
    assert answer.status == "answered" and answer.missing_terms == ()
    assert "invasion" in answer.claims[0].evidence.quote


async def test_a_name_is_never_read_as_another_word(checker: FactChecker) -> None:
    answer = await checker.ask("What did Invadia say about the shells?")
    assert answer.status == "no_evidence" and "invadia" in answer.missing_terms

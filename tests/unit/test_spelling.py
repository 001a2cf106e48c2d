"""A misspelt word is read as the known word one edit away, and the answer says so."""

from __future__ import annotations

from rich.console import Console

from adapters.answer_json import answer_to_dict
from adapters.answer_text import render_text
from bot.factchecker import FactChecker
from bot.spelling import correction

KNOWN = {"immigration", "migration", "artillery"}


def known(words: list[str]) -> set[str]:
    return KNOWN.intersection(words)


def test_a_dropped_letter_is_put_back_before_other_edits() -> None:
    assert correction("imigration", known) == "immigration"
    assert correction("artilery", known) == "artillery"
    assert correction("artillrey", known) == "artillery"


def test_names_short_words_and_far_words_are_not_read_as_others() -> None:
    assert correction("artilery", known, name=True) is None
    assert correction("mgratoin", known) is None
    assert correction("migraton", {"migration"}.intersection) == "migration"
    assert correction("nfts", {"nets"}.intersection) is None


def test_a_word_is_never_read_as_one_with_another_first_letter() -> None:
    assert correction("getting", {"setting"}.intersection) is None
    assert correction("bartillery", known) is None
    assert correction("rtillery", known) is None


async def test_the_answer_searches_the_known_word_and_says_so(checker: FactChecker) -> None:
    answer = await checker.ask("What did Kirby say about the artilery shells?")
    assert answer.status == "answered" and answer.missing_terms == ()
    assert answer.corrections == (("artilery", "artillery"),)
    assert "artillery" in answer.claims[0].evidence.quote
    assert answer_to_dict(answer)["corrections"] == [{"asked": "artilery", "searched": "artillery"}]
    console = Console(record=True, width=300)
    console.print(render_text(answer))
    assert "No article has “artilery”; searched “artillery” instead." in console.export_text()

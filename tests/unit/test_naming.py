"""A question asking what something is called, answered by the passage naming it."""

from __future__ import annotations

import pytest

from bot.factchecker import FactChecker
from bot.naming import asks_name, gives_name


@pytest.mark.parametrize(
    "question",
    [
        "What were the drills called?",
        "And what was the exercise called?",
        "What did he say they were called?",
        "What's the name of the operation?",
        "What is its code-name?",
    ],
)
def test_a_question_asking_what_something_is_called_asks_a_name(question: str) -> None:
    assert asks_name(question)


@pytest.mark.parametrize(
    "question",
    ["Who called the US claims a rumour?", "What was it named after?", "What did Kirby call the shipments?"],
)
def test_calling_or_naming_in_other_senses_asks_no_name(question: str) -> None:
    assert not asks_name(question)


def test_a_passage_names_something_by_a_naming_word_before_a_capitalised_name() -> None:
    assert gives_name("in response to Washington and Seoul’s so-called Vigilant Storm operation")
    assert gives_name("the hacker known as “Guccifer,”")
    assert not gives_name("A North Korean defense ministry official called the allegations a rumor")


async def test_the_drills_are_named_by_the_passage_that_names_them(checker: FactChecker) -> None:
    answer = await checker.ask("What were the drills called?")
    assert answer.status == "answered"
    assert "Vigilant Storm" in answer.claims[0].evidence.quote

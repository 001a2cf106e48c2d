"""The base form a reading puts a question's verb in (bot/verb_forms.py)."""

from __future__ import annotations

import pytest

from bot.verb_forms import base_form


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("denied", "deny"),
        ("said", "say"),
        ("accused", "accuse"),
        ("dismissed", "dismiss"),
        ("rejected", "reject"),
        ("admitted", "admit"),
        ("called", "call"),
        ("disputed", "dispute"),
        ("criticized", "criticize"),
        ("announced", "announce"),
        ("denies", "deny"),
        ("dismisses", "dismiss"),
        ("warns", "warn"),
    ],
)
def test_a_past_or_third_person_verb_has_its_base_form(word: str, base: str) -> None:
    assert base_form(word) == base


@pytest.mark.parametrize("word", ["the", "deny", "was", "press"])
def test_a_word_in_no_such_form_has_none(word: str) -> None:
    assert base_form(word) is None

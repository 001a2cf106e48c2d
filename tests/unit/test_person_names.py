"""A claimed speaker and an article's speaker: the same person, another, or not known."""

from __future__ import annotations

import pytest

from bot.person_names import speaker_agreement


@pytest.mark.parametrize(
    ("claimed", "who", "agreement"),
    [
        ("Kirby", "White House National Security spokesperson John Kirby", "same"),
        ("Mr. Trump", "Donald J. Trump", "same"),
        ("Rep. Michael McCaul", "McCaul", "same"),
        ("Eric Trump", "Donald J. Trump", "different"),
        ("John Kirby", "North Korea", "different"),
        ("John Kirby", "a senior official at the ministry’s equipment bureau", "different"),
        ("the ministry", "The  Ministry", "same"),
        # Capitalised words before a common noun describe it and name no one.
        ("a North Korean defense ministry official", "the Korean voice", "different"),
        ("a North Korean official", "a South Korean official", "different"),
        ("Clinton", "Clinton aides", "different"),
        ("a North Korean defense ministry official", "A North Korean defense ministry official", "same"),
        # Two descriptions of unnamed speakers agree when they place them in one body.
        (
            "a North Korean defense ministry official",
            "North Korea’s deputy director for foreign military affairs at the defense ministry",
            "same",
        ),
        ("a defense ministry official", "a senior official at the ministry’s equipment bureau", "different"),
        ("a senior official", "an official", "different"),
        ("a US official", "a senior North Korean official", "different"),
        (None, "John Kirby", "unknown"),
        ("John Kirby", None, "unknown"),
    ],
)
def test_names_agree_by_surname_and_given_name_without_titles(
    claimed: str | None, who: str | None, agreement: str
) -> None:
    assert speaker_agreement(claimed, who) == agreement

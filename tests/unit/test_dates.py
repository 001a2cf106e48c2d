"""Time words resolve against the publication date as a reader of the piece would."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers import When
from bot.dates import asks_when, mentions_time, resolve_when

NOV_8 = dt.date(2022, 11, 8)  # a Tuesday


@pytest.mark.parametrize(
    ("passage", "published", "expected"),
    [
        (
            "North Korea said Tuesday that claims by the United States were unfounded, state media reported.",
            NOV_8,
            When("Tuesday", "2022-11-08"),
        ),
        (
            "“Covertly supplying a significant number of artillery shells,” Kirby told reporters on Wednesday.",
            NOV_8,
            When("on Wednesday", "2022-11-02"),
        ),
        (
            "White House spokesperson John Kirby\u00a0said last week\u00a0the United States has information",
            NOV_8,
            When("last week", "2022-10-31", "2022-11-06"),
        ),
        ("In September, Pyongyang dismissed a White House claim.", NOV_8, When("In September", "2022-09")),
        (
            "The ministry was responding to statements by the US government earlier this month that Russia was buying.",
            dt.date(2022, 9, 22),
            When("earlier this month", "2022-09"),
        ),
        (
            "Pyongyang on Monday pledging a “resolute and overwhelming” military response to last week’s war drills.",
            NOV_8,
            When("on Monday", "2022-11-07"),
        ),
        (
            "Talks resumed last week, the minister said.",
            dt.date(2023, 1, 3),
            When("last week", "2022-12-26", "2023-01-01"),
        ),
        ("The minister said in December that talks failed.", NOV_8, When("in December", "2021-12")),
        ("The deal was signed on November 8, 2022, officials said.", None, When("on November 8, 2022", "2022-11-08")),
        ("The ministry said on 22 September it would reply.", NOV_8, When("on 22 September", "2022-09-22")),
        ("The mayor said yesterday the bridge would close.", NOV_8, When("yesterday", "2022-11-07")),
        ("The mayor said last month the bridge would close.", dt.date(2023, 1, 15), When("last month", "2022-12")),
    ],
)
def test_time_words_resolve_against_the_publication_date(
    passage: str, published: dt.date | None, expected: When
) -> None:
    assert resolve_when(passage, published) == expected


def test_a_passage_without_time_words_takes_the_publication_date() -> None:
    passage = "“We have no plans to do so in the future,” the statement added."
    assert resolve_when(passage, NOV_8) == When("2022-11-08", "2022-11-08", basis="published")


def test_without_a_publication_date_the_words_stay_and_the_date_is_unknown() -> None:
    assert resolve_when("Last week, the spokesperson boasted that the U.S. knew.", None) == When("Last week", None)
    assert resolve_when("The spokesperson boasted that the U.S. knew.", None) is None


def test_may_as_a_verb_is_not_a_month() -> None:
    assert resolve_when("He said the shipments may be delayed.", NOV_8) == When(
        "2022-11-08", "2022-11-08", basis="published"
    )
    assert resolve_when("He said in May the shipments were delayed.", NOV_8) == When("in May", "2022-05")


def test_background_time_words_far_from_the_statement_are_ignored() -> None:
    passage = (
        "He said the number of shells sent is enough to help Russia prolong the war – which began with Moscow’s "
        "invasion of its former Soviet neighbor in February – but not enough to end it."
    )
    assert resolve_when(passage, NOV_8) == When("2022-11-08", "2022-11-08", basis="published")


def test_a_weekday_equal_to_the_publication_day_is_that_day() -> None:
    assert resolve_when("The minister said on Tuesday he would resign.", NOV_8) == When("on Tuesday", "2022-11-08")


@pytest.mark.parametrize("words", ["yesterday", "on Tuesday", "last week", "last month", "In December"])
def test_a_time_word_before_the_calendars_first_day_stays_undated(words: str) -> None:
    # Published 0001-01-01 (a Monday), "yesterday" raised OverflowError and stored nothing.
    when = resolve_when(f"The governor said {words} that taxes rise.", dt.date(1, 1, 1))
    assert when is not None and when.text == words and (when.date, when.until) == (None, None)


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("When did Russia invade Ukraine?", True),
        ("  when was it said", True),
        ("On what day did Kirby speak?", True),
        ("Since when has the ministry denied it?", True),
        ("Who denied the deal, and what did they say?", False),
        ("What happened when the talks ended?", False),
    ],
)
def test_a_question_asks_when_by_its_opening_or_a_time_phrase(question: str, asks: bool) -> None:
    assert asks_when(question) is asks


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("The war began in February.", True),
        ("Kirby said on Wednesday that shells were sent.", True),
        ("The ministry said earlier this month it had no plans.", True),
        ("Officials may meet again, the ministry said.", False),
        ("After the invasion, the North pledged its support.", False),
    ],
)
def test_a_text_mentions_time_when_it_has_a_time_word(text: str, says: bool) -> None:
    assert mentions_time(text) is says

"""Speech-act questions ("Who denied what, when?") are answered as events: one per
date and subject, led by the speaker's own words, with every other report of it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Literal

import numpy as np

from bot.answers import Evidence, Source, When
from bot.events import asks_for_events, group_events, with_quoted_words
from bot.factchecker import FactChecker
from bot.settings import Settings
from index.archive import Archive, Continuation
from tests.conftest import ingest_texts


def passage(
    doc_id: str,
    score: float,
    date: str | None,
    basis: Literal["text", "published"] = "published",
    *,
    quote: str = "The ministry denied it.",
    who: str | None = "the ministry",
    headline: bool = False,
) -> Evidence:
    source = Source(doc_id, f"{doc_id}.txt", None, None, "2022-11-08", None)
    when = When(date, date, basis=basis) if date else None
    return Evidence(quote, 0, len(quote), score, source, who, when, headline=headline)


def test_reports_of_one_day_are_one_event_however_unlike_their_words() -> None:
    found = [
        passage("a", 0.9, "2022-11-08", headline=True),
        passage("b", 0.8, "2022-11-08", "text"),
        passage("c", 0.7, "2022-09", "text"),
        passage("d", 0.6, None),
    ]
    similarity = np.array([[1, 0.06, 0.3, 0.1], [0.06, 1, 0.3, 0.2], [0.3, 0.3, 1, 0.05], [0.1, 0.2, 0.05, 1]])
    events = group_events(found, similarity)
    assert [sorted(e.doc_id for e in (event.evidence, *event.also_in)) for event in events] == [
        ["a", "b", "d"],
        ["c"],
    ]


def test_two_days_named_in_the_text_are_two_events() -> None:
    found = [passage("a", 0.9, "2022-11-08", "text"), passage("b", 0.8, "2022-11-07", "text")]
    assert len(group_events(found, np.full((2, 2), 0.9))) == 2


def test_a_publication_date_may_lag_the_event_it_reports() -> None:
    found = [passage("a", 0.9, "2022-11-07", "text"), passage("b", 0.8, "2022-11-09")]
    assert len(group_events(found, np.full((2, 2), 0.9))) == 1


def test_passages_sharing_no_subject_are_two_events() -> None:
    found = [passage("a", 0.9, "2022-11-08"), passage("b", 0.8, "2022-11-08")]
    assert len(group_events(found, np.array([[1, 0.01], [0.01, 1]]))) == 2


def test_the_speakers_own_words_lead_and_each_article_stands_once() -> None:
    found = [
        passage("a", 0.9, "2022-11-08", headline=True, quote="Ministry denies deal", who=None),
        passage("a", 0.5, "2022-11-08", quote="The ministry denies and speaks of rumours."),
        passage("b", 0.2, "2022-11-08", quote="“We never had a deal,” the ministry said."),
        passage("b", 0.1, "2022-11-08", quote="“It is a rumour made up by the US,” the official said."),
    ]
    (event,) = group_events(found, np.full((4, 4), 0.5), denial=True)
    assert event.evidence.quote.startswith("“We never")
    assert [e.quote for e in event.also_in] == ["The ministry denies and speaks of rumours."]


def test_a_follow_up_finding_the_event_it_was_shown_is_led_by_a_passage_not_shown_yet() -> None:
    shown_quote = "“We never had a deal,” the ministry said."
    found = [
        passage("a", 0.9, "2022-11-08", quote=shown_quote),
        passage("b", 0.2, "2022-11-08", quote="“The US is spreading a rumour,” the ministry said."),
        passage("c", 0.1, "2022-11-08", quote="Ministry denies deal", who=None, headline=True),
    ]
    similarity = np.full((3, 3), 0.5)
    (first,) = group_events(found, similarity, denial=True)
    (again,) = group_events(found, similarity, denial=True, shown=(("a", 0, len(shown_quote)),))
    assert first.evidence.doc_id == "a"
    # Read already, the quote stays among the event's reports, by the same passage.
    assert again.evidence.doc_id == "b"
    assert [e.quote for e in again.also_in] == [shown_quote, "Ministry denies deal"]


def test_a_report_reaches_into_the_quotation_that_follows_it_in_its_paragraph() -> None:
    report = passage("a", 0.5, "2022-11-08", quote="The ministry denied the deal.", who="The ministry")
    following = Continuation(" ", "“We never had one,” an official said.", 70, "an official")
    joined = with_quoted_words(report, following)
    assert joined.quote == "The ministry denied the deal. “We never had one,” an official said."
    assert (joined.start, joined.end, joined.who) == (0, 70, "an official")
    assert with_quoted_words(report, None) is report
    unquoted = Continuation(" ", "An official said so too.", 54, "An official")
    assert with_quoted_words(report, unquoted) is report


async def test_only_the_next_piece_of_the_same_paragraph_continues_a_passage_unless_paragraphs_are_asked_for(
    checker: FactChecker, settings: Settings, tmp_path: Path
) -> None:
    sentence = "The ministry denied the report about the ferry on Tuesday in a long statement. "
    await ingest_texts(
        checker,
        tmp_path / "news",
        {"long": f"Ferry\n\n{sentence * 12}“We never sold it,” an official said.\n\nOther news.\n"},
    )
    with closing(sqlite3.connect(settings.db_path)) as db:
        rows = db.execute("SELECT id, text FROM passages WHERE doc_id = 'long' ORDER BY ord").fetchall()
    headline, first, second, *_, last_piece, other = rows
    async with Archive.open(settings.db_path) as store:
        following = store.continuations([row[0] for row in rows])
        across = store.continuations([row[0] for row in rows], paragraphs=True)
    assert (following[first[0]].gap, following[first[0]].text) == (" ", second[1])
    assert headline[0] not in following and last_piece[0] not in following and other[1] == "Other news."
    # Asked for, the next paragraph's first passage continues the one before it.
    assert (across[last_piece[0]].gap, across[last_piece[0]].text) == ("\n\n", "Other news.")
    assert across[first[0]] == following[first[0]]


def test_only_who_and_when_questions_about_an_act_are_asked_as_events() -> None:
    assert asks_for_events("Who denied what, when?")
    assert asks_for_events("When did the ministry deny the deal?")
    assert not asks_for_events("Did North Korea support the annexation?")


async def test_who_denied_what_when_gives_the_two_denials_as_two_events(checker: FactChecker) -> None:
    answer = await checker.ask("Who denied what, when?")
    november, september = answer.claims[:2]
    assert november.evidence.when is not None and november.evidence.when.date == "2022-11-08"
    assert september.evidence.when is not None and (september.evidence.when.date or "").startswith("2022-09")
    for event in (november, september):
        assert not event.evidence.headline and "never" in event.evidence.quote and "“" in event.evidence.quote
    reports = {e.doc_id[:3] for e in (november.evidence, *november.also_in)}
    assert len(reports & {"000", "001", "002", "004"}) >= 3 and "003" not in reports
    mentions = {e.doc_id[:3] for e in (september.evidence, *september.also_in)}
    assert {"001", "003", "004"} <= mentions

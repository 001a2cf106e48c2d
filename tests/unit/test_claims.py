"""Claim grouping: the same statement across outlets is one claim; separate events stay apart."""

from __future__ import annotations

import numpy as np
import pytest

from bot.answers import Evidence, Source, When
from bot.claims import CORROBORATION_WEIGHT, group_claims, rank, same_event


def evidence(
    doc_id: str,
    score: float,
    date: str | None = None,
    *,
    published: str | None = "2022-11-08",
    outlet: str | None = None,
) -> Evidence:
    source = Source(doc_id, f"{doc_id}.txt", f"Title {doc_id}", outlet, published, None)
    when = When(date, date) if date else None
    return Evidence(f"quote from {doc_id}", 0, 10, score, source, None, when)


def test_alike_passages_from_other_articles_join_the_best_one() -> None:
    found = [evidence("a", 0.9), evidence("b", 0.8), evidence("c", 0.5)]
    similarity = np.array([[1, 0.7, 0.1], [0.7, 1, 0.1], [0.1, 0.1, 1]])
    claims = group_claims(found, similarity)
    assert [c.evidence.doc_id for c in claims] == ["a", "c"]
    assert [e.doc_id for e in claims[0].also_in] == ["b"]


def test_a_claim_takes_one_passage_per_article() -> None:
    found = [evidence("a", 0.9), evidence("a", 0.8)]
    claims = group_claims(found, np.array([[1, 0.9], [0.9, 1]]))
    assert len(claims) == 2


def test_two_alike_denials_months_apart_are_two_claims() -> None:
    found = [evidence("a", 0.9, "2022-11-08"), evidence("b", 0.8, "2022-09"), evidence("c", 0.7, "2022-11-07")]
    similarity = np.full((3, 3), 0.8)
    claims = group_claims(found, similarity)
    assert [(c.evidence.doc_id, [e.doc_id for e in c.also_in]) for c in claims] == [("a", ["c"]), ("b", [])]


def test_members_are_compared_with_the_lead_not_chained() -> None:
    found = [evidence("a", 0.9), evidence("b", 0.8), evidence("c", 0.7)]
    similarity = np.array([[1, 0.5, 0.0], [0.5, 1, 0.5], [0.0, 0.5, 1]])
    claims = group_claims(found, similarity)
    assert [c.evidence.doc_id for c in claims] == ["a", "c"]


def test_a_dated_report_leads_over_an_undated_one_that_matches_about_as_well() -> None:
    found = [evidence("undated", 0.9, published=None), evidence("dated", 0.8)]
    claims = group_claims(found, np.array([[1, 0.8], [0.8, 1]]))
    assert claims[0].evidence.doc_id == "dated"
    assert [e.doc_id for e in claims[0].also_in] == ["undated"]


def test_an_undated_report_keeps_the_lead_when_the_dated_one_matches_far_worse() -> None:
    found = [evidence("undated", 0.9, published=None), evidence("dated", 0.2)]
    claims = group_claims(found, np.array([[1, 0.8], [0.8, 1]]))
    assert claims[0].evidence.doc_id == "undated"


def test_same_event_reads_months_spans_and_unknowns() -> None:
    assert same_event(When("In September", "2022-09"), When("", "2022-09-22"))
    assert not same_event(When("In September", "2022-09"), When("Tuesday", "2022-11-08"))
    assert same_event(When("last week", "2022-10-31", "2022-11-06"), When("", "2022-11-08"))
    assert not same_event(When("last week", "2022-10-24", "2022-10-30"), When("", "2022-11-08"))
    assert same_event(None, When("Tuesday", "2022-11-08"))
    assert same_event(When("Tuesday", None), When("", "2020-01-01"))


def test_the_last_month_the_calendar_holds_is_a_span_like_any_other() -> None:
    # "In December 9999" in two articles compared them past the calendar's end.
    assert same_event(When("in December 9999", "9999-12"), When("in December 9999", "9999-12"))
    assert same_event(When("", "9999-12"), When("", "9999-12-31"))


def test_a_limit_keeps_the_best_ranked_claims() -> None:
    found = [evidence(f"a{n}", 1.0 - n / 10) for n in range(6)]
    everything = group_claims(found, np.eye(6))
    assert group_claims(found, np.eye(6), limit=2) == everything[:2]
    assert len(everything) == 6


def test_more_articles_of_one_outlet_corroborate_nothing() -> None:
    one_outlet = [
        evidence("a", 0.5, outlet="Blog"),
        evidence("b", 0.4, outlet="Blog"),
        evidence("c", 0.4, outlet="Blog"),
    ]
    two_outlets = [
        evidence("a", 0.5, outlet="Blog"),
        evidence("b", 0.4, outlet="Wire"),
        evidence("c", 0.4, outlet="Wire"),
    ]
    unknown = [evidence("a", 0.5), evidence("b", 0.4), evidence("c", 0.3)]
    assert rank(one_outlet) == 0.5
    assert rank(two_outlets) == pytest.approx(0.5 + CORROBORATION_WEIGHT * 0.4)
    assert rank(unknown) == pytest.approx(0.5 + CORROBORATION_WEIGHT * 0.7)

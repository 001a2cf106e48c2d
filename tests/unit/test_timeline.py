"""``factcheck timeline``: a topic's statements as events, one per speaker and date, in date order."""

from __future__ import annotations

import json

import pytest

from bot.answers import Claim, Evidence, Source, When
from bot.factchecker import FactChecker
from bot.timeline import articles, date_of, in_order
from tests.unit.test_cli import run

TOPIC = "north korea arms sales russia denial"


def report(doc_id: str, who: str | None, date: str | None, *, published: str | None = None) -> Evidence:
    when = When(date, date) if date else None
    return Evidence("words", 0, 5, 1.0, Source(doc_id, f"{doc_id}.txt", None, None, published, None), who, when)


def test_one_speaker_on_one_date_is_one_event_however_many_articles_carry_it() -> None:
    claims = [
        Claim(report("a", "John Kirby", "2022-11-02")),
        Claim(report("b", "Kirby", "2022-11-02"), (report("c", "Kirby", "2022-11-02"),)),
        Claim(report("d", "Kirby", "2022-11-09")),
    ]
    events = in_order(claims, 10)
    assert [(date_of(e.evidence), articles(e)) for e in events] == [("2022-11-02", 3), ("2022-11-09", 1)]


def test_events_run_in_date_order_the_undated_last_and_the_best_are_kept() -> None:
    claims = [
        Claim(report("a", "X", None)),
        Claim(report("b", "Y", "2022-11-08")),
        Claim(report("c", "Z", None, published="2022-09-22")),
        Claim(report("d", "W", "2021-01-01")),
    ]
    assert [e.evidence.doc_id for e in in_order(claims, 3)] == ["c", "b", "a"]


@pytest.mark.asyncio(loop_scope="module")
async def test_the_seed_denials_come_in_order_with_kirbys_remarks_between(seeded_checker: FactChecker) -> None:
    answer = await seeded_checker.timeline(TOPIC)
    assert answer.status == "answered" and answer.timeline
    dates = [date_of(claim.evidence) or "~" for claim in answer.claims]
    assert dates == sorted(dates)
    who = [(claim.evidence.who or "", date_of(claim.evidence) or "") for claim in answer.claims]
    september = next(n for n, (_, date) in enumerate(who) if date.startswith("2022-09"))
    kirby = next(n for n, (name, date) in enumerate(who) if "Kirby" in name and date.startswith("2022-11-0"))
    november = next(n for n, (name, date) in enumerate(who) if "Kirby" not in name and date == "2022-11-08")
    assert september < kirby < november
    assert articles(answer.claims[november]) >= 3


def test_the_cli_prints_one_line_per_event_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", TOPIC)
    assert code == 0
    lines = [line for line in out.splitlines() if line[:4].isdigit()]
    assert lines and lines[0].startswith("2022-09-22") and "article" in out
    code, out, _ = run(capsys, "timeline", "--json", "--limit", "2", TOPIC)
    timeline = json.loads(out)
    assert timeline["topic"] == TOPIC and len(timeline["events"]) == 2
    assert all({"date", "who", "quote", "articles", "doc_id", "start", "end"} <= set(e) for e in timeline["events"])

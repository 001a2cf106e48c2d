"""Filters in a question (``outlet:``, ``by:``, ``after:``, ``before:``) and as options: read, applied, explained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.cli import main
from bot.answers import Filters
from bot.errors import QuestionError
from bot.factchecker import FactChecker
from bot.filters import read_filters
from tests.conftest import ingest_texts
from tests.unit.test_cli import run

on_the_seeds = pytest.mark.asyncio(loop_scope="module")


def test_filters_are_read_out_of_the_question_quoted_or_not() -> None:
    text, filters = read_filters('Who denied it outlet:"Asia News" by:Kirby after:2022-11-01 before:2022-12-31?')
    assert filters == Filters("Asia News", "Kirby", "2022-11-01", "2022-12-31")
    assert text.split() == ["Who", "denied", "it", "?"]
    assert read_filters("What was said, outlet:“NBC News”.")[1].outlet == "NBC News"
    assert read_filters("Who said “outlet: is fine”?")[1] == Filters()


@pytest.mark.parametrize("question", ["x after:2022-13-01", "x before:yesterday", "x by:"])
def test_a_malformed_filter_is_refused_naming_it(question: str) -> None:
    with pytest.raises(QuestionError, match=r"(after|before|by):"):
        read_filters(question)


@on_the_seeds
async def test_an_outlet_filter_keeps_to_that_outlets_articles_by_substring(seeded_checker: FactChecker) -> None:
    answer = await seeded_checker.ask("Did North Korea deny selling arms to Russia? outlet:nbc")
    assert answer.status == "answered" and answer.filters.outlet == "nbc"
    outlets = {e.source.outlet for claim in answer.claims for e in (claim.evidence, *claim.also_in)}
    assert outlets == {"NBC News (Reuters)"}


@on_the_seeds
async def test_a_speaker_filter_keeps_to_that_persons_statements(seeded_checker: FactChecker) -> None:
    answer = await seeded_checker.ask("What was said about arms and Russia? by:Kirby")
    assert answer.status == "answered"
    assert all("Kirby" in (claim.evidence.who or "") for claim in answer.claims)
    unfiltered = await seeded_checker.ask("What was said about arms and Russia?")
    assert any("Kirby" not in (claim.evidence.who or "") for claim in unfiltered.claims)


@on_the_seeds
async def test_date_filters_compare_the_statements_date_inclusively(seeded_checker: FactChecker) -> None:
    before = await seeded_checker.ask("Did North Korea deny arms deliveries? before:2022-09-30", limit=5)
    assert before.claims and all(
        ((c.evidence.when and c.evidence.when.date) or c.evidence.source.published or "") <= "2022-09-30"
        for c in before.claims
    )
    after = await seeded_checker.ask("Did North Korea deny arms deliveries? after:2022-11-08", limit=5)
    assert after.claims and all(
        ((c.evidence.when and c.evidence.when.date) or "") >= "2022-11-08" for c in after.claims
    )


async def test_a_filtered_question_still_fills_its_limit(checker: FactChecker, tmp_path: Path) -> None:
    # Forty strong matches from one outlet outrank the other's three: filtering after
    # ranking would leave the other outlet's with nothing to show.
    loud = {
        f"loud{n:02d}": f"Loud {n}\n\nThe ministry denied arms sales, arms deals and arms exports, round {n}."
        for n in range(40)
    }
    quiet = {
        f"quiet{n}": f"Quiet {n}\n\nIn a long statement on farming, rain, bridges and {topic}, it denied arms sales."
        for n, topic in enumerate(["schools", "roads", "taxes"])
    }
    manifest = "\n".join(
        f'[[article]]\nfile = "{doc}.txt"\noutlet = "{"Daily Loud" if doc.startswith("loud") else "Quiet Times"}"'
        for doc in [*loud, *quiet]
    )
    await ingest_texts(checker, tmp_path / "archive", {**loud, **quiet}, manifest)
    answer = await checker.ask("Who denied arms sales? outlet:quiet", limit=3)
    shown = [e.source for claim in answer.claims for e in (claim.evidence, *claim.also_in)]
    assert sorted(source.doc_id for source in shown) == ["quiet0", "quiet1", "quiet2"]


@on_the_seeds
async def test_options_and_the_questions_own_filters_combine(seeded_checker: FactChecker) -> None:
    answer = await seeded_checker.ask("Who denied arms sales? after:2022-11-01", filters=Filters(outlet="nbc"))
    assert answer.filters == Filters(outlet="nbc", after="2022-11-01")


@on_the_seeds
async def test_when_nothing_passes_the_answer_says_which_filters_left_nothing(seeded_checker: FactChecker) -> None:
    answer = await seeded_checker.ask('Who denied the arms deal? outlet:"Asia News" after:2022-12-01')
    assert answer.status == "no_evidence" and answer.filtered_out


def test_the_cli_takes_filters_as_options_and_says_what_left_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--outlet", "Asia News", "--after", "2022-12-01", "Who denied the arms deal?")
    assert code == 0 and "No article from Asia News after 2022-12-01." in out
    _, out, _ = run(capsys, "ask", "--json", "--outlet", "nbc", "Who denied arms sales to Russia?")
    assert {r["outlet"] for r in json.loads(out)["results"]} == {"NBC News (Reuters)"}
    with pytest.raises(SystemExit):
        main(["ask", "--after", "2022-02-30", "x"])
    assert "after:" in capsys.readouterr().err

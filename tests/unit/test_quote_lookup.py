"""Quote lookup: the passage holding a question's quotation in order leads, a near match next."""

from __future__ import annotations

from pathlib import Path

from bot.factchecker import FactChecker
from bot.quote_lookup import Match, match, quoted, unquoted
from tests.conftest import ingest_texts


def test_a_quotation_in_any_marks_is_looked_up_and_short_ones_are_not() -> None:
    assert quoted("Who said “we will win”?") is not None
    assert quoted('Who said "we will win"?') is not None
    assert quoted("Who said 'we will win'?") is not None
    assert quoted("Who called it a “rumour”?") is None
    assert quoted("Who said the ministry's rumour was false?") is None


def test_an_unmarked_run_counts_only_when_eight_words_are_copied() -> None:
    lookup = quoted("who said none of this has anything to do with Clinton")
    assert lookup is not None and not lookup.marked
    assert match(lookup, "“None of this has anything to do with Clinton,” he said.") is Match.EXACT
    assert match(lookup, "This has nothing to do with Clinton, none of it.") is Match.NONE


def test_order_punctuation_and_typography_decide_the_match() -> None:
    lookup = quoted("Who said “None of this has anything to do with Hillary Clinton. She wasn’t”?")
    assert lookup is not None
    assert match(lookup, "“None of this has anything to do with Hillary Clinton. She wasn't there.”") is Match.EXACT
    assert match(lookup, "None of this had anything to do with Hillary Clinton, she wasn’t") is Match.NEAR
    assert match(lookup, "Clinton wasn't there and none of this has to do with anything.") is Match.NONE


def test_unquoted_drops_the_quotations() -> None:
    assert unquoted("Who said “about omicron” on Monday?").split() == ["Who", "said", "on", "Monday?"]


async def test_the_passage_with_the_pasted_words_comes_first(checker: FactChecker, tmp_path: Path) -> None:
    await ingest_texts(
        checker,
        tmp_path / "news",
        {
            "a": "Race tightens\n\nThe senator spoke about the race and the race again, and the race, in the race.\n\n"
            "“I just want to know where we go from here,” said Dana Ruiz, a voter.\n",
            "b": "Race news\n\nWhere we go in the race: the race is about the race, from here to the race.\n",
        },
    )
    answer = await checker.ask("Who said “I just want to know where we go from here” about the race?")
    lead = answer.claims[0].evidence
    assert lead.doc_id == "a" and "I just want to know where we go from here" in lead.quote
    assert lead.who is not None and "Dana Ruiz" in lead.who


async def test_a_question_about_an_absent_topic_says_so(checker: FactChecker) -> None:
    answer = await checker.ask("What did John Kirby say about ransomware?")
    assert answer.status == "no_evidence" and answer.missing_terms == ("ransomware",)
    assert (await checker.ask("has zelensky responded to the denial?")).status == "no_evidence"
    assert (await checker.ask("Which outlets reported on the denials?")).status == "answered"


async def test_a_quotation_of_common_words_is_found_beyond_the_candidates(checker: FactChecker, tmp_path: Path) -> None:
    days = {f"day{n:03}": f"Day {n}\n\nThe day came, a day of rain, and the day went.\n" for n in range(120)}
    speech = (
        "The mayor spoke for an hour about roads, schools, parks, taxes, buses, bridges, libraries and "
        "the harbour. “What I would also say is that since the very first day we have listened,” she said.\n"
    )
    await ingest_texts(checker, tmp_path / "news", {**days, "speech": f"Mayor speaks\n\n{speech}"})
    answer = await checker.ask("Who said “What I would also say is that since the very first day”?")
    assert answer.claims[0].evidence.doc_id == "speech"

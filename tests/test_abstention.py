"""Abstention: a missing name abstains; a missing common word alone does not; nor does a good match."""

from __future__ import annotations

from bot.abstention import MIN_SCORE, should_abstain
from bot.questions import parse_question


def test_a_missing_name_abstains_however_well_the_rest_matches() -> None:
    question = parse_question("Did India buy artillery shells?", max_chars=200)
    assert should_abstain(question, ("india",), top_score=0.9)


def test_a_missing_lower_case_word_alone_does_not_abstain() -> None:
    question = parse_question("Which think tank is Victor Cha from?", max_chars=200)
    assert not should_abstain(question, ("think", "tank"), top_score=0.4)


def test_the_first_word_is_not_taken_for_a_name() -> None:
    question = parse_question("Describe the shipments", max_chars=200)
    assert not question.words[0].proper
    assert not should_abstain(question, ("describe",), top_score=0.4)


def test_a_weak_best_match_abstains() -> None:
    question = parse_question("What happened to the shipments?", max_chars=200)
    assert should_abstain(question, (), top_score=MIN_SCORE / 2)
    assert not should_abstain(question, (), top_score=MIN_SCORE * 2)

"""``verify`` on the seed articles: a claimed quotation found verbatim, altered or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from bot.factchecker import FactChecker
from index.tfidf import Hit, PassageIndex, Query
from tests.conftest import ingest_texts

pytestmark = pytest.mark.asyncio(loop_scope="module")

DENIAL_001 = "001_cb774f2b393d3a8f"
EXPORT_003 = "003_813e1fd6a0543539"


async def test_the_statements_own_wording_leads_and_the_other_reports_follow_altered(
    seeded_checker: FactChecker,
) -> None:
    answer = await seeded_checker.verify("we have never had arms deals with Russia")
    found = answer.verification
    assert found is not None and found.status == "verbatim" and answer.status == "answered"
    first, *others = found.matches
    assert (first.evidence.doc_id, first.verdict, first.similarity) == (DENIAL_001, "verbatim", 1.0)
    assert others and all(match.verdict == "altered" for match in others)
    wordings = " ".join(match.evidence.quote for match in others)
    assert "arms dealings" in wordings or "an arms trade" in wordings
    assert len({match.evidence.doc_id for match in found.matches}) == len(found.matches)


async def test_every_match_is_an_exact_slice_of_its_article(seeded_checker: FactChecker) -> None:
    found = (await seeded_checker.verify("we have never had arms deals with Russia", limit=5)).verification
    assert found is not None
    for match in found.matches:
        text = await seeded_checker.article_text(match.evidence.doc_id)
        assert text is not None and text[match.evidence.start : match.evidence.end] == match.evidence.quote


async def test_a_changed_word_is_one_changed_entry(seeded_checker: FactChecker) -> None:
    found = (await seeded_checker.verify("We have never exported arms or ammunition to China")).verification
    assert found is not None and found.status == "altered"
    best = found.matches[0]
    assert best.evidence.doc_id == EXPORT_003
    assert [(d.op, d.claimed, d.article) for d in best.diff if d.op != "equal"] == [("changed", "China", "Russia")]


async def test_words_no_article_holds_in_that_order_are_not_found(seeded_checker: FactChecker) -> None:
    answer = await seeded_checker.verify("North Korean soldiers are fighting alongside Russian troops in Kursk")
    assert answer.verification is not None and answer.verification.status == "not_found"
    assert answer.status == "no_evidence" and answer.verification.matches == ()


async def test_the_claimed_speaker_is_compared_with_the_articles(seeded_checker: FactChecker) -> None:
    found = (
        await seeded_checker.verify("we have never exported arms or ammunition to Russia", who="John Kirby")
    ).verification
    assert found is not None and found.status == "verbatim"
    assert found.claimed_speaker == "John Kirby" and found.matches[0].speaker == "different"


async def test_an_omission_marked_by_an_ellipsis_is_still_verbatim(seeded_checker: FactChecker) -> None:
    found = (await seeded_checker.verify("We have never exported arms … to Russia")).verification
    assert found is not None and found.status == "verbatim"
    assert [d.op for d in found.matches[0].diff] == ["equal", "omitted", "equal"]
    assert [(d.claimed, d.article) for d in found.matches[0].diff] == [
        ("We have never exported arms", "We have never exported arms"),
        ("", "or ammunition"),
        ("to Russia", "to Russia"),
    ]


async def test_a_claim_that_cannot_be_checked_is_an_error_answer_not_an_exception(seeded_checker: FactChecker) -> None:
    for claim in ("", "   ", "it is what it is"):
        answer = await seeded_checker.verify(claim)
        assert answer.status == "error" and answer.verification is not None
        assert answer.verification.status == "error" and answer.verification.error


async def test_a_question_quoting_a_claim_carries_its_verification(seeded_checker: FactChecker) -> None:
    answer = await seeded_checker.ask("Did Kirby say “we have never exported arms or ammunition to China”?")
    found = answer.verification
    assert found is not None and found.claim == "we have never exported arms or ammunition to China"
    assert found.claimed_speaker == "Kirby" and found.status == "altered"
    assert (await seeded_checker.ask("Who denied the arms deal?")).verification is None
    for said in ("said", "says", "denied"):
        told = await seeded_checker.ask(f"John Kirby {said} “we have never exported arms or ammunition to China”")
        assert told.verification is not None and told.verification.claimed_speaker == "John Kirby"


async def test_a_quotation_of_common_words_is_found_among_many_holders(checker: FactChecker, tmp_path: Path) -> None:
    filler = {f"f{n:02d}": f"Talks {n}\n\nOfficials said the time had come for talks, round {n}." for n in range(120)}
    wanted = "Shooting\n\n“How many times do we have to see this in our country?” the senator asked."
    await ingest_texts(checker, tmp_path / "archive", {**filler, "wanted": wanted})
    found = (await checker.verify("many times do we have to see this in our")).verification
    assert found is not None and found.status == "verbatim" and found.matches[0].evidence.doc_id == "wanted"
    changed = (await checker.verify("many times do we have to watch this in our")).verification
    assert changed is not None and changed.status == "altered"
    assert ("changed", "watch", "see") in [(d.op, d.claimed, d.article) for d in changed.matches[0].diff]


async def test_a_claim_sharing_only_a_stock_phrase_with_an_article_is_not_found(
    checker: FactChecker, tmp_path: Path
) -> None:
    # Ten of its thirteen words are in the article in order, but not the ones that make
    # it this statement: who deepens what.
    filler = {f"f{n:02d}": f"Summit {n}\n\nLeaders of the globe rested before talks, round {n}." for n in range(30)}
    elsewhere = "Tariffs\n\nTariffs on Beijing may deepen, the minister warned."
    stock = "Rift\n\n“It would be the end of the gulf between us and the rest of the globe,” the mayor said."
    await ingest_texts(checker, tmp_path / "archive", {**filler, "elsewhere": elsewhere, "stock": stock})
    claim = "tariffs would deepen the gulf between Beijing and the rest of the globe"
    found = (await checker.verify(claim)).verification
    assert found is not None and found.status == "not_found" and not found.matches
    kept = (await checker.verify("it would be the end of the feud between us and the rest of the globe")).verification
    assert kept is not None and kept.status == "altered" and kept.matches[0].evidence.doc_id == "stock"


async def test_a_quoted_question_walks_the_passages_holding_its_words_once(
    seeded_checker: FactChecker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above the answer and the answer itself read the same holders: walking
    and reading them is most of what a quoted question costs."""
    walks: list[list[str]] = []
    holding = PassageIndex.holding

    def counted(index: PassageIndex, terms: Sequence[str], query: Query, **options: Any) -> list[Hit] | None:
        walks.append(list(terms))
        return holding(index, terms, query, **options)

    monkeypatch.setattr(PassageIndex, "holding", counted)
    answer = await seeded_checker.ask("Did they say “we have never had arms deals with Russia”?")
    assert answer.status == "answered" and answer.verification is not None
    assert answer.verification.status == "verbatim"
    assert len(walks) == 1

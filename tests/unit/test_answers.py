"""Answers a fact-checker can trust: claims with who, when, sources, and honest abstention."""

from __future__ import annotations

from adapters.answer_json import answer_to_dict
from bot.answers import Claim
from bot.factchecker import FactChecker
from bot.messages import no_article_mentions


def claim_with(claims: tuple[Claim, ...], phrase: str) -> Claim:
    return next(c for c in claims if phrase in c.evidence.quote or any(phrase in e.quote for e in c.also_in))


async def test_the_november_denial_names_its_speaker_date_and_other_outlets(checker: FactChecker) -> None:
    answer = await checker.ask("Who denied the arms deal and when?")
    assert answer.status == "answered"
    top = answer.claims[0]
    assert "never had" in top.evidence.quote
    assert top.evidence.who is not None and "defense" in top.evidence.who.lower()
    assert top.evidence.when is not None and top.evidence.when.date == "2022-11-08"
    outlets = {top.evidence.doc_id, *(e.doc_id for e in top.also_in)}
    assert len(outlets) >= 3, "the same denial is carried by several articles"
    assert all(e.who is None or "kirby" not in e.who.lower() for e in top.also_in)


async def test_denials_months_apart_stay_two_claims(checker: FactChecker) -> None:
    answer = await checker.ask("Who denied the arms deal and when?", limit=10)
    months = {c.evidence.when.date[:7] for c in answer.claims[:3] if c.evidence.when and c.evidence.when.date}
    assert {"2022-09", "2022-11"} <= months
    for claim in answer.claims:
        dates = {e.when.date[:7] for e in (claim.evidence, *claim.also_in) if e.when and e.when.date}
        assert not {"2022-09", "2022-11"} <= dates, "one claim mixes the September and November denials"


async def test_a_pronoun_is_answered_with_the_person_it_stands_for(checker: FactChecker) -> None:
    answer = await checker.ask("What would the US consult allies and partners about?")
    quote = claim_with(answer.claims, "He said the US would consult")
    assert quote.evidence.who is not None and "Kirby" in quote.evidence.who


async def test_when_gives_the_iso_date_and_the_articles_words(checker: FactChecker) -> None:
    answer = await checker.ask("When did Kirby tell reporters about the shells?")
    top = answer.claims[0].evidence
    assert top.who is not None and "Kirby" in top.who
    assert top.when is not None and top.when.basis == "text"
    assert (top.when.text, top.when.date) in {("on Wednesday", "2022-11-02"), ("last week", "2022-10-31")}


async def test_an_undated_article_keeps_its_words_without_a_date(checker: FactChecker) -> None:
    answer = await checker.ask("What did Kirby boast about credible information?")
    undated = claim_with(answer.claims, "credible information")
    evidence = next(e for e in (undated.evidence, *undated.also_in) if "credible information" in e.quote)
    assert evidence.source.published is None
    assert evidence.when is not None and evidence.when.text == "Last week" and evidence.when.date is None


async def test_a_question_about_someone_no_article_mentions_is_no_evidence(checker: FactChecker) -> None:
    answer = await checker.ask("Did India buy artillery shells from North Korea?")
    assert answer.status == "no_evidence"
    assert answer.claims == ()
    assert "india" in answer.missing_terms
    assert no_article_mentions(answer.question, answer.missing_terms) == "No article mentions India."
    assert answer_to_dict(answer)["results"] == []


async def test_a_question_of_unknown_words_is_no_evidence(checker: FactChecker) -> None:
    answer = await checker.ask("who won the football match?")
    assert answer.status == "no_evidence"
    assert set(answer.missing_terms) == {"won", "football", "match"}


async def test_an_answerable_question_with_an_unknown_common_word_is_answered(checker: FactChecker) -> None:
    answer = await checker.ask("Which think tank is Victor Cha from?")
    assert answer.status == "answered"
    assert "Center for Strategic and International Studies" in answer.claims[0].evidence.quote
    assert set(answer.missing_terms) == {"think", "tank"}


async def test_synonyms_of_the_speech_act_are_found(checker: FactChecker) -> None:
    answer = await checker.ask("Who rejected the claims?", limit=10)
    quotes = " ".join(e.quote for c in answer.claims for e in (c.evidence, *c.also_in))
    assert "dismissed" in quotes and "denied" in quotes


async def test_british_spelling_finds_american_text(checker: FactChecker) -> None:
    answer = await checker.ask("What did the Defence Ministry official say?")
    assert answer.status == "answered"
    assert "defense ministry official" in answer.claims[0].evidence.quote.lower()


async def test_a_question_that_is_not_unicode_text_gets_an_error_answer(checker: FactChecker) -> None:
    answer = await checker.ask("who denied \ud800 the deal?")
    assert answer.status == "error" and answer.error is not None and "UTF-8" in answer.error
    assert answer.question == "who denied ? the deal?" and answer.query_id is not None

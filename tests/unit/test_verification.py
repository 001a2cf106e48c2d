"""A claim checked against passages: each article once, verbatim before altered, speakers compared."""

from __future__ import annotations

from bot.answers import Evidence, Source
from bot.verification import verify_against

STATEMENT = "“We have never had arms dealings with Russia,” the ministry said."


def passage(
    doc_id: str, text: str, *, start: int = 100, who: str | None = None, published: str | None = None
) -> Evidence:
    source = Source(doc_id, f"{doc_id}.txt", None, None, published, None)
    return Evidence(text, start, start + len(text), 0.5, source, who, None)


def test_verbatim_matches_lead_each_article_once_with_exact_offsets() -> None:
    found = verify_against(
        "we have never had arms dealings with Russia",
        None,
        [
            passage("a", "They said they had never had arms deals with Russia."),
            passage("b", STATEMENT, published="2022-11-08"),
            passage("b", "Again: " + STATEMENT, start=400),
        ],
        limit=3,
    )
    assert found.status == "verbatim"
    assert [(m.evidence.doc_id, m.verdict) for m in found.matches] == [("b", "verbatim"), ("a", "altered")]
    best = found.matches[0].evidence
    assert best.quote == "We have never had arms dealings with Russia" and (best.start, best.end) == (101, 144)


def test_nothing_close_is_not_found_and_the_limit_holds() -> None:
    assert verify_against("Soldiers fight in Kursk", None, [passage("a", STATEMENT)], limit=3).status == "not_found"
    many = [passage(doc, STATEMENT) for doc in "abcde"]
    assert len(verify_against("never had arms dealings", None, many, limit=2).matches) == 2


def test_the_claimed_speaker_is_compared_with_the_articles() -> None:
    found = verify_against(
        "never had arms dealings with Russia",
        "John Kirby",
        [passage("a", STATEMENT, who="North Korea’s defence ministry"), passage("b", STATEMENT, who="Kirby")],
        limit=3,
    )
    assert {m.evidence.doc_id: m.speaker for m in found.matches} == {"a": "different", "b": "same"}

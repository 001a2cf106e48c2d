"""``factcheck verify``: a claimed quotation checked from the command line, as people and scripts read it."""

from __future__ import annotations

import json

import pytest

from adapters.cli import main
from tests.conftest import SEEDS
from tests.unit.test_cli import feed_stdin, run

CHANGED = "We have never exported arms or ammunition to China"


def test_the_verdict_and_the_word_diff_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", "--who", "John Kirby", CHANGED)
    assert code == 0
    assert "Altered: “China” where the article says “Russia”." in out
    assert "[-China-] {+Russia+}" in out
    assert "not to John Kirby" in " ".join(out.split())


def test_json_holds_the_verification_object_with_exact_offsets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", "--json", "--limit", "2", "we have never had arms deals with Russia")
    assert code == 0
    checked = json.loads(out)
    assert set(checked) == {"claim", "claimed_speaker", "status", "error", "matches"}
    assert checked["status"] == "verbatim" and 1 <= len(checked["matches"]) <= 2
    for match in checked["matches"]:
        assert {"quote", "doc_id", "start", "end", "who", "when", "verdict", "speaker", "similarity", "diff"} <= set(
            match
        )
        text = (SEEDS / f"{match['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[match["start"] : match["end"]] == match["quote"]
        assert all(entry["op"] in {"equal", "changed", "added", "missing", "omitted"} for entry in match["diff"])


def test_claims_on_standard_input_get_one_line_each_and_a_bad_one_does_not_stop_the_rest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_stdin(
        monkeypatch, b"North Korean soldiers are fighting alongside Russian troops in Kursk\n\xff\n" + CHANGED.encode()
    )
    code, out, _ = run(capsys, "verify", "--json")
    assert code == 0
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["not_found", "error", "altered"]


def test_a_claimreview_draft_has_the_fields_google_asks_for(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_ORG_NAME", "The Desk")
    monkeypatch.setenv("FACTCHECK_ORG_URL", "https://desk.example")
    monkeypatch.setenv("FACTCHECK_REVIEW_URL", "https://desk.example/checks/{id}")
    code, out, _ = run(capsys, "verify", "--claimreview", "--who", "Kirby", CHANGED)
    assert code == 0
    review = json.loads(out)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"].startswith("https://desk.example/checks/") and "{id}" not in review["url"]
    assert review["author"] == {"@type": "Organization", "name": "The Desk", "url": "https://desk.example"}
    assert len(review["datePublished"]) == 10 and review["claimReviewed"] == CHANGED
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"] == {"@type": "Person", "name": "Kirby"}
    assert item["datePublished"] == "2022-09-22"
    assert all(work["@type"] == "CreativeWork" and (work["url"] or work["headline"]) for work in item["appearance"])
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Altered quote"}


def test_a_claim_not_found_has_a_draft_without_appearances(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", "--claimreview", "North Korean soldiers are fighting alongside Russian troops")
    review = json.loads(out)
    assert code == 0 and review["url"] is None
    assert "appearance" not in review["itemReviewed"] and review["itemReviewed"]["datePublished"] is None
    assert review["reviewRating"]["alternateName"] == "No record in our archive"


def test_ask_json_gains_the_verification_only_for_a_quoted_claim(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ask", "--json", "Who denied the arms deal?")
    assert "verification" not in json.loads(out)
    _, out, _ = run(capsys, "ask", "--json", "Did Kirby say “we have never exported arms to China”?")
    checked = json.loads(out)["verification"]
    assert checked["claimed_speaker"] == "Kirby" and checked["status"] == "altered"


def test_ask_shows_the_verdict_above_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ask", "Who said “we have never exported arms or ammunition to Russia”?")
    assert out.index("Verbatim in") < out.index("Who:")


def test_verify_without_a_claim_or_input_reads_nothing_and_exits_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_stdin(monkeypatch, b"")
    assert main(["verify"]) == 0
    assert capsys.readouterr().out == ""

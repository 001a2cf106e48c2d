"""The core's query function, called locally as scripts and adapters call it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console

from adapters.answer_json import answer_to_dict
from adapters.answer_text import render_text
from bot import messages
from bot.factchecker import FactChecker
from bot.settings import Settings
from tests.conftest import ingest_texts

QUESTIONS = [
    "Who denied what, when?",
    "Who denied the arms deal and when?",
    "What did John Kirby say about artillery shells?",
    "Which browser is supported?",
    "What is there to explore?",
    "Where is the image of Kim Jong Un and Putin from?",
    "What is the source site?",
    "Is the situation tense?",
    "Did the corona epidemic start from a military parade?",
]


@pytest.mark.parametrize("question", QUESTIONS)
async def test_every_quote_is_its_slice_of_the_article_file(
    checker: FactChecker, seed_texts: dict[str, str], question: str
) -> None:
    answer = await checker.ask(question, limit=10)
    for claim in answer.claims:
        for evidence in (claim.evidence, *claim.also_in):
            assert seed_texts[evidence.doc_id][evidence.start : evidence.end] == evidence.quote


@pytest.mark.parametrize("question", QUESTIONS)
async def test_site_chrome_is_never_served(checker: FactChecker, question: str) -> None:
    answer = await checker.ask(question, limit=20)
    quotes = " ".join(e.quote for c in answer.claims for e in (c.evidence, *c.also_in))
    for chrome in (
        "IE 11",
        "More to explorer",
        "source site",
        "Image:",
        "via AP",
        "corona epidemic",
        "situation is tense",
    ):
        assert chrome not in quotes


async def test_answers_carry_the_manifest_metadata(
    checker: FactChecker, seed_manifest: dict[str, dict[str, str]]
) -> None:
    answer = await checker.ask("Who is John Kirby?")
    assert answer.status == "answered"
    for claim in answer.claims:
        source = claim.evidence.source
        entry = seed_manifest[source.doc_id]
        assert source.title == entry["title"]
        assert source.outlet == entry.get("outlet")
        assert source.published == entry.get("published")
        assert source.file == f"{source.doc_id}.txt"


async def test_limit_bounds_the_number_of_claims(checker: FactChecker) -> None:
    assert len((await checker.ask("North Korea Russia", limit=2)).claims) == 2
    assert len((await checker.ask("North Korea Russia", limit=8)).claims) == 8


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "type a question"),
        ("   \n\t ", "type a question"),
        ("x" * 5000, "5,000 characters"),
        ("??? !!!", "no words"),
    ],
)
async def test_a_question_that_cannot_be_asked_is_an_error_answer(
    checker: FactChecker, question: str, message: str
) -> None:
    answer = await checker.ask(question)
    assert answer.status == "error"
    assert answer.error is not None and message in answer.error
    assert answer.claims == ()


async def test_control_characters_in_a_question_are_read_as_spaces(checker: FactChecker) -> None:
    answer = await checker.ask("Who\x00is John\x07Kirby?")
    assert answer.status == "answered"


async def test_every_question_is_logged_with_what_was_returned(checker: FactChecker, settings: Settings) -> None:
    answered = await checker.ask("Who is John Kirby?")
    await checker.ask("")
    with sqlite3.connect(settings.db_path) as db:
        rows = db.execute("SELECT question, status, results FROM query_log ORDER BY id").fetchall()
    assert [(q, s) for q, s, _ in rows] == [("Who is John Kirby?", "answered"), ("", "error")]
    assert answered.query_id == 1
    logged = json.loads(rows[0][2])
    assert logged[0] == {
        "doc_id": answered.claims[0].evidence.doc_id,
        "start": answered.claims[0].evidence.start,
        "end": answered.claims[0].evidence.end,
    }


async def test_feedback_is_kept_per_person_and_answer(checker: FactChecker, settings: Settings) -> None:
    answer = await checker.ask("Who is John Kirby?")
    assert answer.query_id is not None
    assert await checker.record_feedback(answer.query_id, "slack:T1/U1", helpful=False)
    assert await checker.record_feedback(answer.query_id, "slack:T1/U1", helpful=True)
    assert await checker.record_feedback(answer.query_id, "discord:42", helpful=False)
    assert not await checker.record_feedback(answer.query_id + 100, "slack:T1/U1", helpful=True)
    with sqlite3.connect(settings.db_path) as db:
        rows = db.execute("SELECT user, helpful FROM feedback ORDER BY user").fetchall()
    assert rows == [("discord:42", 0), ("slack:T1/U1", 1)]


async def test_reingesting_the_same_files_changes_nothing(checker: FactChecker, settings: Settings) -> None:
    assert settings.seeds_dir is not None
    before = await checker.ask("Who denied the arms deal?")
    results = await checker.ingest([settings.seeds_dir])
    assert {r.status for r in results} == {"unchanged"}
    assert (await checker.ask("Who denied the arms deal?")).claims == before.claims


async def test_a_changed_file_replaces_its_old_version(checker: FactChecker, tmp_path: Path) -> None:
    article = tmp_path / "news" / "local_001.txt"
    article.parent.mkdir()
    article.write_text(
        "Council meets\n\nThe mayor said the bridge will close in March for repairs.\n", encoding="utf-8"
    )
    assert [r.status for r in await checker.ingest([article])] == ["added"]
    article.write_text("Council meets\n\nThe mayor said the bridge will stay open all year.\n", encoding="utf-8")
    assert [r.status for r in await checker.ingest([article])] == ["updated"]
    answer = await checker.ask("What did the mayor say about the bridge?")
    assert answer.claims[0].evidence.quote == "The mayor said the bridge will stay open all year."
    assert all("repairs" not in e.quote for c in answer.claims for e in (c.evidence, *c.also_in))


async def test_a_different_article_cannot_take_a_used_doc_id(checker: FactChecker, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "story.txt", tmp_path / "b" / "story.txt"
    for path, body in (
        (first, "The mayor said the budget is balanced."),
        (second, "The governor said taxes will rise."),
    ):
        path.parent.mkdir()
        path.write_text(f"Headline\n\n{body}\n", encoding="utf-8")
    assert [r.status for r in await checker.ingest([first])] == ["added"]
    refused = await checker.ingest([second])
    assert refused[0].status == "refused" and "already used" in (refused[0].reason or "")
    assert (await checker.article_text("story")) == first.read_text(encoding="utf-8")


async def test_bad_files_are_named_and_the_batch_goes_on(checker: FactChecker, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("Headline\n\nThe minister said the port reopens on Monday.\n", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Headline\n\nLe ministre a déclaré.\n".encode("latin-1"))
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    results = {r.path.name: r for r in await checker.ingest([folder, tmp_path / "missing.txt"])}
    assert results["good.txt"].status == "added"
    assert "not UTF-8" in (results["latin1.txt"].reason or "")
    assert "empty" in (results["empty.txt"].reason or "")
    assert "binary" in (results["binary.txt"].reason or "")
    assert results["missing.txt"].status == "failed"
    answer = await checker.ask("When does the port reopen?")
    assert answer.claims[0].evidence.source.doc_id == "good"


async def test_removed_articles_are_no_longer_quoted(checker: FactChecker) -> None:
    assert await checker.remove(["002_6ccdad6a103b25cf", "nope"]) == {"002_6ccdad6a103b25cf": True, "nope": False}
    answer = await checker.ask("Which think tank is Victor Cha from?", limit=20)
    assert all(e.doc_id != "002_6ccdad6a103b25cf" for c in answer.claims for e in (c.evidence, *c.also_in))


async def test_an_empty_seed_setting_starts_with_an_empty_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_SEEDS", "")
    async with FactChecker.open(Settings.load()) as checker:
        answer = await checker.ask("Who denied the arms deal?")
    assert answer.status == "no_evidence" and answer.claims == ()


async def test_another_process_ingesting_is_seen_at_the_next_question(settings: Settings, tmp_path: Path) -> None:
    article = tmp_path / "late.txt"
    article.write_text("Headline\n\nThe harbour master said the ferry resumes on Friday.\n", encoding="utf-8")
    async with FactChecker.open(settings) as server, FactChecker.open(settings) as ingester:
        assert (await server.ask("When does the ferry resume?")).status == "no_evidence"
        await ingester.ingest([article])
        answer = await server.ask("When does the ferry resume?")
    assert answer.claims[0].evidence.doc_id == "late"


async def test_a_headline_is_found_marked_and_ranked_below_a_body_passage_as_good(
    checker: FactChecker, tmp_path: Path
) -> None:
    await ingest_texts(
        checker,
        tmp_path / "news",
        {
            "endorse": "Gazette backs Ortega for mayor\n\nThe election is on Sunday.\n",
            "same": "Council news\n\nThe Gazette backs Ortega for mayor.\n\nThe election is on Sunday.\n",
        },
    )
    answer = await checker.ask("Which paper backs Ortega?", limit=5)
    found = [e for c in answer.claims for e in (c.evidence, *c.also_in)]
    assert [(e.doc_id, e.headline) for e in found if "backs Ortega" in e.quote] == [("same", False), ("endorse", True)]
    assert answer_to_dict(answer)["results"][0]["also_in"][0]["headline"] is True
    console = Console(record=True, width=200)
    console.print(render_text(answer))
    assert f"{messages.HEADLINE}: “Gazette backs Ortega for mayor”" in console.export_text()


async def test_a_question_asking_why_leads_with_a_passage_that_gives_a_reason(
    checker: FactChecker, tmp_path: Path
) -> None:
    articles = {
        "unreasoned": "Port\n\nThe port of Riga was closed to ships on Friday, the port authority said.",
        "reasoned": "Storm\n\nThe port of Riga was closed to ships because a storm flooded the docks, officials said.",
    }
    await ingest_texts(checker, tmp_path / "archive", articles)
    by_words = await checker.ask("Was the port of Riga closed to ships?")
    assert by_words.claims[0].evidence.doc_id == "unreasoned"
    answer = await checker.ask("Why was the port of Riga closed to ships?")
    assert answer.claims[0].evidence.doc_id == "reasoned"


async def test_a_question_asking_when_leads_with_a_passage_that_says_when(checker: FactChecker, tmp_path: Path) -> None:
    articles = {
        "undated": "Storming\n\nRebels stormed the northern city, witnesses said, and the army stormed it back.",
        "dated": "Offensive\n\nRebels stormed the city on March 3, officials said.",
    }
    await ingest_texts(checker, tmp_path / "archive", articles)
    by_words = await checker.ask("Did rebels storm the city?")
    assert by_words.claims[0].evidence.doc_id == "undated"
    answer = await checker.ask("When did rebels storm the city?")
    assert answer.claims[0].evidence.doc_id == "dated"
    assert answer.claims[0].evidence.quote == "Rebels stormed the city on March 3, officials said."


TWO_VOICES = {
    "budget": (
        "Budget vote\n\n"
        "“The budget leaves the harbour towns without a single new ferry,” Mayor Ana Ruiz said on Monday. "
        "“We will not stand for it,” added councillor Tom Hale, who voted against the plan.\n"
    )
}


async def test_who_said_quoted_words_names_their_speaker_where_a_paragraph_has_two(
    checker: FactChecker, tmp_path: Path
) -> None:
    await ingest_texts(checker, tmp_path / "news", TWO_VOICES)
    for words, speaker in [
        ("We will not stand for it", "councillor Tom Hale"),
        ("The budget leaves the harbour towns without a single new ferry", "Mayor Ana Ruiz"),
    ]:
        answer = await checker.ask(f"Who said “{words}”?")
        assert (answer.claims[0].evidence.quote.count(words), answer.claims[0].evidence.who) == (1, speaker)
    # Unquoted, the paragraph answers with the speaker it holds most of.
    assert (await checker.ask("What about the harbour towns and the ferry?")).claims[0].evidence.who == "Mayor Ana Ruiz"


async def test_a_verified_quotation_is_given_to_the_speaker_of_its_words(checker: FactChecker, tmp_path: Path) -> None:
    await ingest_texts(checker, tmp_path / "news", TWO_VOICES)
    checked = await checker.verify("We will not stand for it", who="Tom Hale")
    assert checked.verification is not None
    assert [(m.verdict, m.speaker) for m in checked.verification.matches] == [("verbatim", "same")]


async def test_an_older_database_gets_the_voices_column_and_keeps_its_passages(
    settings: Settings, tmp_path: Path
) -> None:
    async with FactChecker.open(settings) as checker:
        await ingest_texts(checker, tmp_path / "news", TWO_VOICES)
    with sqlite3.connect(settings.db_path) as db:
        db.execute("ALTER TABLE passages DROP COLUMN voices")
        before = db.execute("SELECT count(*) FROM passages").fetchone()
    async with FactChecker.open(settings) as reopened:
        answer = await reopened.ask("Who said “We will not stand for it”?")
        # Stored before voices were kept: the paragraph's main speaker, until the article is ingested changed.
        assert answer.claims[0].evidence.who == "Mayor Ana Ruiz"
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT count(*) FROM passages").fetchone() == before
        assert "voices" in {row[1] for row in db.execute("PRAGMA table_info(passages)")}

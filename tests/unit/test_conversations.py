"""Conversations held by the core: follow-ups read in context, kept across a restart, ended
when idle, on stop or when their asker is forgotten, and logged as typed and as read."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from bot.answers import Answer, Filters
from bot.conversation_state import ConversationKey
from bot.conversations import HOUR, Conversations, FollowUp
from bot.errors import ConfigError
from bot.factchecker import FactChecker
from bot.settings import Settings
from index.archive import Archive
from tests.clock import Clock
from tests.conftest import SEEDS

THREAD = ConversationKey("slack", "C1", "1700000000.000100")
OTHER = ConversationKey("slack", "C1", "1700000000.000200")
ALICE, BOB = "slack:T1/U1", "slack:T1/U2"
CHA = "What did Victor Cha say about the shipments?"


def settings_at(tmp_path: Path, **changes: object) -> Settings:
    return replace(Settings(db_path=tmp_path / "factcheck.db", seeds_dir=SEEDS), **changes)  # type: ignore[arg-type]


def kept_rows(settings: Settings) -> list[tuple[str, str]]:
    with sqlite3.connect(settings.db_path) as db:
        return db.execute("SELECT thread, asker FROM conversations ORDER BY thread").fetchall()


async def test_a_follow_up_is_read_against_the_answer_before_it(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        first = await checker.follow_up(THREAD, CHA, origin=ALICE)
        assert first.status == "answered" and first.read_as is None
        assert checker.conversation_active(THREAD) and not checker.conversation_active(OTHER)
        second = await checker.follow_up(THREAD, "What about Kirby?", origin=ALICE)
    assert second.question == "What about Kirby?"
    assert second.read_as == "What did Kirby say about the shipments?"
    assert "Kirby" in (second.claims[0].evidence.who or "")


async def test_a_conversation_survives_a_restart(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    async with FactChecker.open(settings) as checker:
        await checker.follow_up(THREAD, CHA, origin=ALICE)
    async with FactChecker.open(settings) as reopened:
        assert reopened.conversation_active(THREAD)
        answer = await reopened.follow_up(THREAD, "What about Kirby?", origin=ALICE)
    assert answer.read_as == "What did Kirby say about the shipments?"


async def test_a_conversation_ends_thread_hours_after_the_last_answer(tmp_path: Path) -> None:
    settings, clock = settings_at(tmp_path, thread_hours=2), Clock()
    async with FactChecker.open(settings, clock=clock) as checker:
        await checker.follow_up(THREAD, CHA, origin=ALICE)
        clock.now += 2 * HOUR - 1
        assert checker.conversation_active(THREAD)
        clock.now += 1
        assert not checker.conversation_active(THREAD)
    async with FactChecker.open(settings, clock=clock) as reopened:
        assert kept_rows(settings) == []
        answer = await reopened.follow_up(THREAD, "What about Kirby?", origin=ALICE)
    assert answer.read_as is None


async def test_thread_hours_0_turns_follow_ups_off(tmp_path: Path) -> None:
    settings = settings_at(tmp_path, thread_hours=0)
    async with FactChecker.open(settings) as checker:
        started = await checker.start_conversation(THREAD, await checker.ask(CHA), origin=ALICE)
        assert not started.opens_conversation
        await checker.follow_up(THREAD, CHA, origin=ALICE)
        assert not checker.conversation_active(THREAD)
        assert (await checker.follow_up(THREAD, "What about Kirby?", origin=ALICE)).read_as is None
    assert kept_rows(settings) == []


async def test_stop_ends_the_conversation_and_deletes_it(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    async with FactChecker.open(settings) as checker:
        await checker.follow_up(THREAD, CHA, origin=ALICE)
        assert await checker.end_conversation(THREAD)
        assert not checker.conversation_active(THREAD)
        assert not await checker.end_conversation(THREAD)
    assert kept_rows(settings) == []
    async with FactChecker.open(settings) as reopened:
        assert not reopened.conversation_active(THREAD)


async def test_forgetting_an_asker_deletes_the_conversations_they_asked_last(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    async with FactChecker.open(settings) as checker:
        await checker.follow_up(THREAD, CHA, origin=ALICE)
        await checker.follow_up(OTHER, CHA, origin=BOB)
        assert await checker.forget_conversations(asker=ALICE) == 1
        assert not checker.conversation_active(THREAD) and checker.conversation_active(OTHER)
    assert kept_rows(settings) == [(OTHER.thread, BOB)]


async def test_a_mention_answer_starts_a_conversation_an_error_does_not(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        answered = await checker.ask(CHA, origin=ALICE)
        started = await checker.start_conversation(THREAD, answered, origin=ALICE)
        assert started.opens_conversation and started.claims == answered.claims
        failed = await checker.ask("", origin=ALICE)
        assert not (await checker.start_conversation(OTHER, failed, origin=ALICE)).opens_conversation
        assert checker.conversation_active(THREAD) and not checker.conversation_active(OTHER)
        follow_up = await checker.follow_up(THREAD, "What about Kirby?", origin=ALICE)
    assert follow_up.read_as == "What did Kirby say about the shipments?"


async def test_the_query_log_keeps_the_question_as_typed_and_as_read(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    async with FactChecker.open(settings) as checker:
        await checker.follow_up(THREAD, CHA, origin=ALICE)
        await checker.follow_up(THREAD, "What about Kirby?", origin=ALICE)
    with sqlite3.connect(settings.db_path) as db:
        logged = db.execute("SELECT question, read_as FROM query_log ORDER BY id").fetchall()
    assert logged == [(CHA, None), ("What about Kirby?", "What did Kirby say about the shipments?")]


async def test_the_follow_ups_of_one_conversation_are_answered_in_order(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        first, second = await asyncio.gather(
            checker.follow_up(THREAD, CHA, origin=ALICE), checker.follow_up(THREAD, "What about Kirby?", origin=ALICE)
        )
    assert first.read_as is None
    assert second.read_as == "What did Kirby say about the shipments?"


async def test_what_else_does_not_lead_with_a_claim_shown_before(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        before = await checker.follow_up(THREAD, "What did Kirby say the shipments were a sign of?", origin=ALICE)
        after = await checker.follow_up(THREAD, "What else did he say?", origin=ALICE)
    assert after.read_as == "What else did Kirby say?"
    shown = {(e.doc_id, e.start) for claim in before.claims for e in (claim.evidence, *claim.also_in)}
    assert after.claims and (after.claims[0].evidence.doc_id, after.claims[0].evidence.start) not in shown


async def test_a_reading_longer_than_the_question_limit_is_cut_to_it(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path, max_question_chars=60)) as checker:
        await checker.follow_up(THREAD, "Who said North Korea was secretly shipping shells?", origin=ALICE)
        answer = await checker.follow_up(THREAD, "and why?", origin=ALICE)
    assert answer.status == "answered" and answer.read_as is not None
    assert len(answer.read_as) <= 60


async def test_a_blank_follow_up_is_an_error_that_keeps_the_conversation(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        await checker.follow_up(THREAD, CHA, origin=ALICE)
        blank = await checker.follow_up(THREAD, "  ", origin=ALICE)
        assert blank.status == "error" and blank.read_as is None
        assert (await checker.follow_up(THREAD, "What about Kirby?", origin=ALICE)).read_as is not None


async def test_only_the_latest_conversations_are_kept(tmp_path: Path) -> None:
    clock = Clock()

    async def ask(follow_up: FollowUp) -> Answer:
        return Answer(question=follow_up.typed, status="no_evidence")

    async with Archive.open(tmp_path / "factcheck.db") as archive:
        conversations = Conversations(
            archive, ask, hours=24, max_chars=100, db_path=tmp_path / "factcheck.db", capacity=2, clock=clock
        )
        for thread in ("a", "b", "c"):
            clock.now += 1
            await conversations.follow_up(
                ConversationKey("discord", "G", thread), "Who?", origin=ALICE, limit=5, filters=Filters()
            )
        held = [conversations.is_active(ConversationKey("discord", "G", thread)) for thread in ("a", "b", "c")]
        assert held == [False, True, True]
        assert [row.thread for row in await archive.conversations()] == ["b", "c"]


async def test_an_older_database_gets_the_conversations_table_and_the_reading_column(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    async with FactChecker.open(settings) as checker:
        await checker.seed()
    with sqlite3.connect(settings.db_path) as db:
        db.executescript("DROP TABLE conversations; ALTER TABLE query_log DROP COLUMN read_as;")
    async with FactChecker.open(settings) as reopened:
        await reopened.follow_up(THREAD, CHA, origin=ALICE)
        assert (await reopened.follow_up(THREAD, "What about Kirby?", origin=ALICE)).read_as is not None
    assert kept_rows(settings) == [(THREAD.thread, ALICE)]


@pytest.mark.parametrize(("raw", "hours"), [(None, 24), ("0", 0), ("48", 48)])
def test_thread_hours_are_read_from_the_environment(raw: str | None, hours: int) -> None:
    env = {"FACTCHECK_DB": "x.db"} | ({"FACTCHECK_THREAD_HOURS": raw} if raw is not None else {})
    assert Settings.from_env(env).thread_hours == hours


@pytest.mark.parametrize("raw", ["-1", "a day", "1.5"])
def test_a_wrong_thread_hours_names_the_setting(raw: str) -> None:
    with pytest.raises(ConfigError, match="FACTCHECK_THREAD_HOURS"):
        Settings.from_env({"FACTCHECK_THREAD_HOURS": raw})


async def test_a_kept_state_that_cannot_be_read_ends_its_conversation_not_the_start(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    async with FactChecker.open(settings) as checker:
        await checker.follow_up(THREAD, CHA, origin=ALICE)
        await checker.follow_up(OTHER, CHA, origin=BOB)
    with sqlite3.connect(settings.db_path) as db:
        db.execute("UPDATE conversations SET state = '{}' WHERE thread = ?", (THREAD.thread,))
    async with FactChecker.open(settings) as reopened:
        assert not reopened.conversation_active(THREAD) and reopened.conversation_active(OTHER)
    assert kept_rows(settings) == [(OTHER.thread, BOB)]


async def test_a_checked_quotation_is_what_its_follow_ups_point_to(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        checked = await checker.verify("we have never had arms deals with Russia", origin=ALICE)
        await checker.start_conversation(THREAD, checked, origin=ALICE)
        answer = await checker.follow_up(THREAD, "When did they say that?", origin=ALICE)
    assert answer.read_as is not None and "never had arms deals" in answer.read_as
    assert answer.status == "answered" and answer.verification is None


async def test_a_month_a_follow_up_names_is_when_its_answer_was_said(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        await checker.follow_up(
            THREAD, "What did North Korea say in September about arms sales to Russia?", origin=ALICE
        )
        answer = await checker.follow_up(THREAD, "And in November?", origin=ALICE)
    assert answer.read_as == "What did North Korea say in November about arms sales to Russia?"
    assert answer.status == "answered"
    dates = [claim.evidence.when.date if claim.evidence.when else None for claim in answer.claims[:2]]
    assert all(date and date.startswith("2022-11") for date in dates)


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("How many shells did Kirby say North Korea was sending?", "How did Pyongyang respond?"),
        ("Who said North Korea was secretly shipping artillery shells to Russia?", "How did North Korea respond?"),
        ("Who accused the US of trying to tarnish North Korea's image?", "What did Kirby say in return?"),
    ],
)
async def test_a_response_asked_in_other_words_is_another_speakers_statement_after_the_claim(
    tmp_path: Path, first: str, then: str
) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        claim = (await checker.follow_up(THREAD, first, origin=ALICE)).claims[0].evidence
        answer = await checker.follow_up(THREAD, then, origin=ALICE)
    assert answer.status == "answered"
    lead = answer.claims[0].evidence
    assert lead.who is not None and lead.who != claim.who
    assert lead.when is not None and claim.when is not None
    assert (lead.when.until or lead.when.date or "") >= (claim.when.date or "")


async def test_what_someone_made_of_a_claim_is_their_statement_not_the_claim(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        await checker.follow_up(THREAD, "Did North Korea recognize the breakaway regions of Ukraine?", origin=ALICE)
        answer = await checker.follow_up(THREAD, "What did Victor Cha make of it?", origin=ALICE)
    assert "Cha" in (answer.claims[0].evidence.who or "")


@pytest.mark.parametrize("asked", ["Where does he work?", "What is his title?"])
async def test_a_speakers_role_is_where_an_article_names_them_with_it(tmp_path: Path, asked: str) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        await checker.follow_up(THREAD, CHA, origin=ALICE)
        answer = await checker.follow_up(THREAD, asked, origin=ALICE)
    assert answer.read_as == "Who is Cha?"
    assert "Center for Strategic and International Studies" in (answer.claims[0].evidence.who or "")


async def test_what_someone_thought_of_a_claim_is_found_though_it_shares_no_word_with_it(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        await checker.follow_up(THREAD, "Which countries openly backed Russia's annexation moves?", origin=ALICE)
        answer = await checker.follow_up(THREAD, "What did Victor Cha think of that?", origin=ALICE)
    assert answer.status == "answered"
    assert "Cha" in (answer.claims[0].evidence.who or "")


async def test_a_pronoun_for_the_speaker_ranks_their_statements_first(tmp_path: Path) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        await checker.follow_up(
            THREAD, "What did John Kirby say about how North Korea hides the shipments?", origin=ALICE
        )
        response = await checker.follow_up(THREAD, "Did North Korea respond to that?", origin=ALICE)
        answer = await checker.follow_up(THREAD, "When did they say it?", origin=ALICE)
    assert answer.claims[0].evidence.who == response.claims[0].evidence.who


@pytest.mark.parametrize("asked", ["Which outlets reported it?", "Who said that?"])
async def test_a_follow_up_asking_only_about_the_claim_leads_with_that_claim(tmp_path: Path, asked: str) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        first = await checker.follow_up(THREAD, "Did North Korea say it planned to sell arms to Russia?", origin=ALICE)
        second = await checker.follow_up(THREAD, asked, origin=ALICE)
    shown, lead = first.claims[0], second.claims[0].evidence
    assert any(e.doc_id == lead.doc_id and e.start == lead.start for e in (shown.evidence, *shown.also_in))


async def test_a_branch_leaves_the_conversation_it_came_from_and_stop_ends_both(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    async with FactChecker.open(settings) as checker:
        await checker.follow_up(THREAD, CHA, origin=ALICE)
        branch = await checker.follow_up(THREAD, "What about Kirby?", origin=ALICE, keep_at=OTHER)
        assert branch.read_as == "What did Kirby say about the shipments?"
        again = await checker.follow_up(THREAD, "What about Kirby?", origin=ALICE, keep_at=OTHER)
        assert again.read_as == branch.read_as
    async with FactChecker.open(settings) as reopened:
        assert reopened.conversation_active(THREAD) and reopened.conversation_active(OTHER)
        assert await reopened.end_conversation(OTHER)
        assert not reopened.conversation_active(THREAD) and not reopened.conversation_active(OTHER)
    assert kept_rows(settings) == []


async def test_a_question_of_its_own_about_the_claim_is_answered_by_more_than_the_claims_words(
    tmp_path: Path,
) -> None:
    async with FactChecker.open(settings_at(tmp_path)) as checker:
        first = await checker.follow_up(THREAD, "How many shells did Kirby say North Korea was sending?", origin=ALICE)
        answer = await checker.follow_up(THREAD, "Would it be enough to end the war?", origin=ALICE)
    assert answer.read_as is not None and "enough to end the war" in answer.read_as
    shown = first.claims[0].evidence
    lead = answer.claims[0].evidence
    assert (lead.doc_id, lead.start) != (shown.doc_id, shown.start)
    assert "enough" in lead.quote and "war" in lead.quote

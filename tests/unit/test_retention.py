"""Logged questions and feedback are kept for a set time and can be deleted per person."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from bot.factchecker import FactChecker
from bot.settings import Settings


def logged(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT origin, question FROM query_log ORDER BY id").fetchall()


def feedback(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT query_id, user FROM feedback ORDER BY id").fetchall()


async def test_forgetting_a_person_deletes_their_questions_and_feedback_only(settings: Settings) -> None:
    async with FactChecker.open(settings) as checker:
        mine = await checker.ask("Who denied the arms deal?", origin="slack:T1/U1")
        theirs = await checker.ask("Who is John Kirby?", origin="discord:9/42")
        assert mine.query_id and theirs.query_id
        await checker.record_feedback(theirs.query_id, "slack:T1/U1", helpful=True)
        await checker.record_feedback(mine.query_id, "discord:9/42", helpful=False)
        await checker.record_feedback(theirs.query_id, "discord:9/42", helpful=True)
        assert await checker.forget_questions(asker="slack:T1/U1") == 1
    assert logged(settings.db_path) == [("discord:9/42", "Who is John Kirby?")]
    assert feedback(settings.db_path) == [(theirs.query_id, "discord:9/42")]


async def test_questions_past_their_keeping_time_are_deleted_at_start(settings: Settings) -> None:
    async with FactChecker.open(settings) as checker:
        await checker.ask("Who denied the arms deal?", origin="slack:T1/U1")
        await checker.ask("Who is John Kirby?", origin="slack:T1/U1")
    with sqlite3.connect(settings.db_path) as conn:
        conn.execute("UPDATE query_log SET asked_at = '2020-01-01T00:00:00+00:00' WHERE question LIKE 'Who denied%'")
    async with FactChecker.open(dataclasses.replace(settings, keep_questions_days=0)):
        pass
    assert len(logged(settings.db_path)) == 2, "0 keeps questions forever"
    async with FactChecker.open(dataclasses.replace(settings, keep_questions_days=30)):
        pass
    assert logged(settings.db_path) == [("slack:T1/U1", "Who is John Kirby?")]

"""``factcheck chat`` and ``factcheck eval --conversations``, run in-process as a user runs them."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from pathlib import Path

import pytest

from bot.conversation_state import ConversationKey
from bot.factchecker import FactChecker
from bot.settings import Settings
from tests.conftest import DATA
from tests.unit.test_cli import feed_stdin, run

CHA = "What did Victor Cha say about the shipments?"


def chat_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *lines: str
) -> list[dict[str, object]]:
    feed_stdin(monkeypatch, "".join(f"{line}\n" for line in lines).encode("utf-8"))
    code, out, _ = run(capsys, "chat", "--json")
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_each_line_is_a_follow_up_of_the_one_before(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = chat_json(capsys, monkeypatch, CHA, "What about Kirby?", "And when did he say it?")
    assert [a["question"] for a in answers] == [CHA, "What about Kirby?", "And when did he say it?"]
    assert answers[0]["read_as"] is None
    assert answers[1]["read_as"] == "What did Kirby say about the shipments?"
    assert str(answers[2]["read_as"]).startswith("When did Kirby say")
    assert all(a["status"] == "answered" and a["results"] for a in answers)


def test_a_blank_line_is_an_error_stop_starts_afresh_and_exit_ends(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = chat_json(capsys, monkeypatch, CHA, "", "STOP", "What about Kirby?", "exit", "Who is John Kirby?")
    assert [a["status"] for a in answers] == ["answered", "error", "answered"]
    assert answers[1]["error"] and answers[1]["read_as"] is None
    # After stop, "What about Kirby?" has no conversation to be read against.
    assert answers[2]["question"] == "What about Kirby?" and answers[2]["read_as"] is None


def test_chat_prints_answers_as_ask_does_with_the_reading(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_stdin(monkeypatch, f"{CHA}\nWhat about Kirby?\n".encode())
    code, out, err = run(capsys, "chat")
    assert code == 0 and "Traceback" not in err
    assert "Reading this as: What did Kirby say about the shipments?" in out
    assert "Source:" in out and "Who:" in out


def test_a_chat_leaves_no_conversation_behind(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    chat_json(capsys, monkeypatch, CHA, "What about Kirby?", "stop", CHA)
    with sqlite3.connect(os.environ["FACTCHECK_DB"]) as db:
        assert db.execute("SELECT count(*) FROM conversations").fetchone() == (0,)
    # A new run is a new conversation.
    answers = chat_json(capsys, monkeypatch, "What about Kirby?")
    assert answers[0]["read_as"] is None


def test_eval_conversations_scores_the_follow_ups(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    file = tmp_path / "conversations.jsonl"
    turns = [
        {"q": CHA, "any_of": ["tighten"]},
        {
            "q": "What about Kirby?",
            "read_as_all": ["kirby", "shipments"],
            "any_of": ["shipments"],
            "who_any": ["kirby"],
        },
        {"q": "And when did he say it?", "read_as_all": ["kirby"], "any_of": ["shipments"], "may_repeat": True},
    ]
    file.write_text(json.dumps({"id": "k1", "turns": turns}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "eval", "--conversations", str(file))
    assert code == 0
    figures = {line[:48].strip(): line[48:].split("(")[0].strip() for line in out.splitlines() if "/" in line}
    assert figures["follow-up Hit@1"] == "2 / 2"
    assert figures["readings holding their words"] == "2 / 2"
    assert figures["repeating the claim before (want 0)"] == "0 / 1"


def test_eval_conversations_refuses_a_malformed_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    file = tmp_path / "conversations.jsonl"
    file.write_text('{"id": "k1", "turns": [{"any_of": []}]}\n', encoding="utf-8")
    code, _, err = run(capsys, "eval", "--conversations", str(file))
    assert code == 1 and "line 1 is not a conversation record" in err


def test_eval_takes_a_question_set_or_conversations_not_both(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run(capsys, "eval", str(DATA / "dev.jsonl"), "--conversations", str(DATA / "conversations.jsonl"))
    assert exited.value.code == 2


def test_forget_asker_deletes_their_conversations(capsys: pytest.CaptureFixture[str]) -> None:
    async def converse() -> None:
        async with FactChecker.open(Settings.load()) as checker:
            await checker.follow_up(ConversationKey("slack", "C1", "1.2"), CHA, origin="slack:T1/U1")
            await checker.follow_up(ConversationKey("slack", "C1", "1.3"), CHA, origin="slack:T1/U2")

    asyncio.run(converse())
    code, out, _ = run(capsys, "forget", "--asker", "slack:T1/U1")
    assert code == 0 and "Deleted 1 conversation(s)" in out
    with sqlite3.connect(os.environ["FACTCHECK_DB"]) as db:
        assert db.execute("SELECT asker FROM conversations").fetchall() == [("slack:T1/U2",)]

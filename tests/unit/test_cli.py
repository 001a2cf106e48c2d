"""The factcheck command line, run in-process as a user runs it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from adapters.cli import main
from adapters.eval_cli import print_figures
from bot.evaluation import Tally
from tests.conftest import DATA, SEEDS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_ask_prints_quote_source_and_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "Which news agency carried the North Korean statement?")
    assert code == 0
    assert "KCNA" in out
    assert "Source:" in out and "2022-11-08" in out


def test_ask_json_prints_one_object_with_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--json", "--limit", "3", "Who is John Kirby?")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1
    answer = json.loads(lines[0])
    assert answer["status"] == "answered" and answer["error"] is None
    assert 1 <= len(answer["results"]) <= 3
    result = answer["results"][0]
    assert set(result) >= {
        "quote",
        "doc_id",
        "start",
        "end",
        "score",
        "title",
        "outlet",
        "published",
        "url",
        "who",
        "when",
        "also_in",
    }
    text = (SEEDS / f"{result['doc_id']}.txt").read_text(encoding="utf-8")
    assert text[result["start"] : result["end"]] == result["quote"]


def test_batch_answers_one_line_per_line_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_stdin(
        monkeypatch,
        b"Who is John Kirby?\n\nWhat sanctions apply to North Korea?\nwhat did kirby decline to say?\n"
        + b"\xff\xfe bad\n",
    )
    code, out, _ = run(capsys, "ask", "--json")
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["status"] for a in answers] == ["answered", "error", "answered", "answered", "error"]
    assert answers[0]["question"] == "Who is John Kirby?"
    assert "not UTF-8" in answers[4]["error"]


def test_a_question_argument_that_is_not_utf8_is_refused_as_a_batch_line_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `factcheck ask $'who \xff'`: Python hands the bad byte over as a lone surrogate.
    code, out, err = run(capsys, "ask", "--json", "who \udcff")
    assert code == 0 and "Traceback" not in err
    answer = json.loads(out)
    assert answer["status"] == "error" and "not UTF-8" in answer["error"]
    assert answer["question"] == "who \ufffd"
    code, out, _ = run(capsys, "ask", "who \udcff")
    assert code == 0 and "not UTF-8" in out


def test_ingest_reports_bad_files_and_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("Headline\n\nThe mayor said the bridge reopens in May.\n", encoding="utf-8")
    bad.write_bytes(b"Headline\n\n\xe9t\xe9\n")
    code, out, err = run(capsys, "ingest", str(good), str(bad))
    assert code == 1
    assert "1 added" in out and "1 failed" in out
    assert "bad.txt" in err and "not UTF-8" in err
    code, out, _ = run(capsys, "ask", "--json", "When does the bridge reopen?")
    assert json.loads(out)["results"][0]["doc_id"] == "good"


def test_remove_then_eval_run_as_commands(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "ask", "Who is John Kirby?")
    code, out, _ = run(capsys, "remove", "003_813e1fd6a0543539")
    assert code == 0 and "removed" in out
    code, out, _ = run(capsys, "eval", str(DATA / "dev.jsonl"))
    assert code == 0
    assert "Hit@1" in out and "quotes verbatim" in out


def test_reindex_rebuilds_and_answers_stay_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    _, before, _ = run(capsys, "ask", "--json", "Who is John Kirby?")
    code, out, _ = run(capsys, "reindex")
    assert code == 0 and "rebuilt" in out
    _, after, _ = run(capsys, "ask", "--json", "Who is John Kirby?")
    assert json.loads(after)["results"] == json.loads(before)["results"]


def test_a_misused_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ask", "--limit", "0", "question"])
    assert exit_info.value.code == 2


def test_an_unreadable_database_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"garbage" * 1000)
    monkeypatch.setenv("FACTCHECK_DB", str(broken))
    code, out, err = run(capsys, "ask", "Who is John Kirby?")
    assert code == 1 and out == ""
    assert "broken.db" in err and "factcheck ingest" in err and "Traceback" not in err


def test_forget_deletes_one_askers_questions_and_old_ones(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "ask", "Who is John Kirby?")
    code, out, _ = run(capsys, "forget", "--asker", "local")
    assert code == 0 and "Deleted 1 logged question" in out
    run(capsys, "ask", "Who is John Kirby?")
    code, out, _ = run(capsys, "forget", "--older-than", "1")
    assert code == 0 and "Deleted 0 logged question" in out
    with pytest.raises(SystemExit) as exit_info:
        main(["forget"])
    assert exit_info.value.code == 2


def test_eval_shows_a_share_to_a_tenth_so_it_never_rounds_up_to_a_target(capsys: pytest.CaptureFixture[str]) -> None:
    print_figures([("follow-up Hit@1", Tally(52, 58))], ("follow-up MRR", 0.925), [])
    assert "52 / 58  (89.7%)" in capsys.readouterr().out

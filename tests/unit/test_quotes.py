"""`factcheck quotes`: every attributed statement of an article, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.cli import main

ARTICLE = (
    "Town to close the old bridge\n\n"
    "Mayor Jane Doe said on Monday that the old bridge will close in March.\n\n"
    "“We have no choice but to close it before the winter,” Doe told reporters.\n\n"
    "The council has not voted on the plan."
)
FIELDS = {"doc_id", "start", "end", "quote", "who", "who_start", "who_end", "cue", "when"}


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTCHECK_SEEDS", "")
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '[[article]]\nfile = "bridge.txt"\ntitle = "Town to close the old bridge"\npublished = "2024-01-10"\n',
        encoding="utf-8",
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_file_gives_one_json_object_per_statement_in_text_order(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "quotes", "--json", str(article))
    assert code == 0 and err == ""
    found = [json.loads(line) for line in out.splitlines()]
    assert [set(f) for f in found] == [FIELDS, FIELDS]
    assert [f["start"] for f in found] == sorted(f["start"] for f in found)
    for f in found:
        assert f["doc_id"] == "bridge"
        assert ARTICLE[f["start"] : f["end"]] == f["quote"]
        assert ARTICLE[f["who_start"] : f["who_end"]] == f["who"] == "Mayor Jane Doe"
    reported, quoted = found
    assert reported["quote"] == "the old bridge will close in March" and reported["cue"] == "said"
    assert reported["when"]["date"] == "2024-01-08"  # "on Monday", from the manifest's date
    assert quoted["quote"].startswith("“We have no choice") and quoted["cue"] == "told"


def test_a_file_is_read_without_being_stored(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "quotes", "--json", str(article))[0] == 0
    code, out, err = run(capsys, "quotes", "--json", "bridge")
    assert code == 1 and out == "" and "bridge" in err


def test_a_stored_article_is_named_by_its_doc_id(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, from_file, _ = run(capsys, "quotes", "--json", str(article))
    assert run(capsys, "ingest", str(article.parent))[0] == 0
    code, from_store, err = run(capsys, "quotes", "--json", "bridge")
    assert code == 0 and err == ""
    assert from_store == from_file


def test_an_unknown_id_is_named_on_stderr_and_the_others_still_printed(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "quotes", "--json", "no-such-article", str(article), str(article.parent / "gone.txt"))
    assert code == 1
    assert "no-such-article" in err and "gone.txt" in err
    assert len(out.splitlines()) == 2


def test_text_output_shows_each_quote_then_who_and_when(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "quotes", str(article))
    assert code == 0
    assert out.index("the old bridge will close in March") < out.index("We have no choice")
    assert out.count("Who:") == 2 and "Mayor Jane Doe" in out
    assert "2024-01-08" in out

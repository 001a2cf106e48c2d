"""Bad articles in a batch: each is refused or read without metadata, named with its reason,
while the rest of the batch goes in and the index stays in step with the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.cli import main
from bot.answers import When
from bot.factchecker import FactChecker
from bot.settings import Settings
from tests.reliability import fresh_index, indexed_ids, passage_owners

GOOD = "Harbour news\n\nThe harbour master said the ferry resumes on Friday.\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_an_oversized_file_is_refused_by_name_and_the_batch_goes_on(checker: FactChecker, tmp_path: Path) -> None:
    write(tmp_path, "ferry.txt", GOOD)
    with open(tmp_path / "huge.txt", "wb") as huge:
        huge.truncate(50 * 1024 * 1024)
    results = {r.path.name: r for r in await checker.ingest([tmp_path])}
    assert results["ferry.txt"].status == "added"
    assert results["huge.txt"].status == "failed"
    assert "52,428,800 bytes" in (results["huge.txt"].reason or "")
    assert (await checker.ask("When does the ferry resume?")).claims[0].evidence.doc_id == "ferry"


async def test_a_manifest_naming_a_missing_file_is_a_warning_and_the_rest_keep_their_metadata(
    checker: FactChecker, tmp_path: Path
) -> None:
    write(tmp_path, "ferry.txt", GOOD)
    write(
        tmp_path,
        "manifest.toml",
        '[[article]]\nfile = "ferry.txt"\ntitle = "Ferry back"\noutlet = "Harbour Times"\npublished = "2024-03-01"\n\n'
        '[[article]]\nfile = "gone.txt"\ntitle = "Lost"\n',
    )
    results = await checker.ingest([tmp_path])
    warnings = [r for r in results if r.status == "warning"]
    assert len(warnings) == 1 and "gone.txt" in (warnings[0].reason or "")
    source = (await checker.ask("When does the ferry resume?")).claims[0].evidence.source
    assert (source.title, source.outlet, source.published) == ("Ferry back", "Harbour Times", "2024-03-01")


async def test_a_malformed_manifest_is_named_and_its_articles_go_in_without_metadata(
    checker: FactChecker, tmp_path: Path
) -> None:
    write(tmp_path, "ferry.txt", GOOD)
    write(tmp_path, "manifest.toml", '[[article]\nfile = "ferry.txt"\n')
    results = await checker.ingest([tmp_path])
    statuses = {r.path.name: r.status for r in results}
    assert statuses == {"ferry.txt": "added", "manifest.toml": "warning"}
    assert "malformed" in (next(r for r in results if r.status == "warning").reason or "")
    source = (await checker.ask("When does the ferry resume?")).claims[0].evidence.source
    assert source.title == "Harbour news" and source.published is None


async def test_the_same_article_under_two_names_is_stored_once(checker: FactChecker, tmp_path: Path) -> None:
    write(tmp_path, "ferry.txt", GOOD)
    write(tmp_path, "ferry-copy.txt", GOOD)
    results = sorted(await checker.ingest([tmp_path]), key=lambda r: r.status)
    assert [r.status for r in results] == ["added", "refused"]
    kept, refused = results
    assert f"{kept.doc_id!r}" in (refused.reason or "")
    answer = await checker.ask("When does the ferry resume?", limit=10)
    assert {e.doc_id for c in answer.claims for e in (c.evidence, *c.also_in)} == {kept.doc_id}


async def test_after_a_batch_of_bad_files_the_index_matches_the_store(
    checker: FactChecker, settings: Settings, tmp_path: Path
) -> None:
    write(tmp_path, "ferry.txt", GOOD)
    write(tmp_path, "ferry-copy.txt", GOOD)
    (tmp_path / "latin1.txt").write_bytes("Nouvelles\n\nLe ministre a déclaré.\n".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    write(tmp_path, "manifest.toml", "not = [toml")
    await checker.ingest([tmp_path])
    db = settings.db_path
    assert indexed_ids(await fresh_index(db)) == set(passage_owners(db))
    stored = set(passage_owners(db).values())
    assert len({"ferry", "ferry-copy"} & stored) == 1 and not {"latin1", "empty"} & stored


def test_an_article_of_stop_words_only_is_stored_and_every_command_keeps_working(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Alone in the database, its passages gave scikit-learn no word to fit, and every
    # later command failed with "empty vocabulary".
    monkeypatch.setenv("FACTCHECK_SEEDS", "")
    (tmp_path / "memo").mkdir()
    (tmp_path / "ferry").mkdir()
    write(tmp_path / "memo", "memo.txt", "It was what it was.\n\nAnd so it is.\n")
    write(tmp_path / "ferry", "ferry.txt", GOOD)
    assert main(["ingest", str(tmp_path / "memo")]) == 0
    assert main(["ask", "What was it?"]) == 0
    assert main(["reindex"]) == 0
    assert main(["ingest", str(tmp_path / "ferry")]) == 0
    capsys.readouterr()
    assert main(["ask", "--json", "When does the ferry resume?"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["doc_id"] == "ferry"
    assert main(["remove", "memo"]) == 0
    assert main(["reindex"]) == 0


async def test_manifest_date_times_are_taken_as_dates_and_a_date_too_early_to_count_back_from_is_stored(
    checker: FactChecker, tmp_path: Path
) -> None:
    write(tmp_path, "ferry.txt", GOOD)
    write(tmp_path, "taxes.txt", "Taxes\n\nThe governor said yesterday that taxes rise.\n")
    write(tmp_path, "rates.txt", "Rates\n\nThe clerk said on Monday that rates rise.\n")
    write(
        tmp_path,
        "manifest.toml",
        '[[article]]\nfile = "ferry.txt"\npublished = 1979-05-27T07:32:00Z\n\n'
        '[[article]]\nfile = "taxes.txt"\npublished = "0001-01-01"\n\n'
        '[[article]]\nfile = "rates.txt"\npublished = "2024-03-01T09:00:00+01:00"\n',
    )
    results = {r.path.name: r for r in await checker.ingest([tmp_path])}
    assert {name: r.status for name, r in results.items()} == {
        n: "added" for n in ("ferry.txt", "taxes.txt", "rates.txt")
    }
    ferry = (await checker.ask("When does the ferry resume?")).claims[0].evidence
    assert (ferry.source.published, ferry.when) == ("1979-05-27", When("on Friday", "1979-05-25"))
    taxes = (await checker.ask("Did the governor say taxes rise?")).claims[0].evidence
    assert (taxes.source.published, taxes.when) == ("0001-01-01", When("yesterday", None))
    rates = (await checker.ask("What did the clerk say about rates?")).claims[0].evidence
    assert rates.source.published == "2024-03-01"


def test_a_symlinked_article_is_refused_by_name_unless_links_are_followed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # `ln -s ~/.env ARCHIVE/leak.txt` put the secret in front of every chat user.
    secret = write(tmp_path, "secret.env", "Settings\n\nThe admin said the token is hunter2-swordfish.\n")
    archive = tmp_path / "archive"
    archive.mkdir()
    write(archive, "ferry.txt", GOOD)
    (archive / "leak.txt").symlink_to(secret)
    code = main(["ingest", str(archive)])
    out, err = capsys.readouterr()
    assert code == 1 and "1 added" in out and "1 failed" in out
    assert f"{archive / 'leak.txt'}: failed: a symbolic link (to {secret})" in err and "--follow-symlinks" in err
    main(["ask", "--json", "What did the admin say the token is?"])
    assert "hunter2" not in capsys.readouterr().out
    assert main(["ingest", "--follow-symlinks", str(archive)]) == 0
    capsys.readouterr()
    main(["ask", "--json", "What did the admin say the token is?"])
    assert json.loads(capsys.readouterr().out)["results"][0]["doc_id"] == "leak"

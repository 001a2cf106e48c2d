"""A growing archive: new articles answerable at once, refits out of the serving process."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from pathlib import Path

import pytest

from bot.factchecker import FactChecker
from bot.settings import Settings
from bot.tuning import Tuning
from index import snapshots
from index.archive import Archive, Cursor
from index.refit import refit_database
from index.tuning import IndexTuning

ARTICLE = "Zoo news\n\nThe zebra curator said the herd will move to the new savannah enclosure in May.\n"


def fitted_folder(settings: Settings) -> str:
    with sqlite3.connect(settings.db_path) as db:
        return str(db.execute("SELECT folder FROM fitted_index").fetchone()[0])


LARGE_ARCHIVE = Tuning(index=IndexTuning(small_archive=0, refit_share=10.0))
"""The seeds behaving like a large archive: no refit in place, none due yet."""


async def test_a_new_article_is_answerable_at_once_without_a_refit(settings: Settings, tmp_path: Path) -> None:
    article = tmp_path / "zoo.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    async with (
        FactChecker.open(settings, tuning=LARGE_ARCHIVE) as server,
        FactChecker.open(settings, tuning=LARGE_ARCHIVE) as ingester,
    ):
        await server.seed()
        folder = fitted_folder(settings)
        await ingester.ingest([article])
        started = time.monotonic()
        answer = await server.ask("Where will the zebra herd move?")
        assert time.monotonic() - started < 1.0
        assert answer.claims[0].evidence.doc_id == "zoo"
        assert "savannah" not in (await server.ask("Did Kirby mention a savannah?")).missing_terms
        assert fitted_folder(settings) == folder, "no refit ran"
        await ingester.remove(["zoo"])
        assert all(c.evidence.doc_id != "zoo" for c in (await server.ask("Where will the zebra herd move?")).claims)


async def test_a_grown_delta_is_refit_by_a_background_process(settings: Settings, tmp_path: Path) -> None:
    article = tmp_path / "zoo.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # Any change is due for a refit, and none is refit in place.
    grown = Tuning(index=IndexTuning(small_archive=0, refit_share=0.0))
    async with FactChecker.open(settings, tuning=grown) as server:
        folder = fitted_folder(settings)
        await server.ingest([article], settle=False)
        assert (await server.ask("Where will the zebra herd move?")).claims[0].evidence.doc_id == "zoo"
        deadline = time.monotonic() + 60
        while fitted_folder(settings) == folder:
            assert time.monotonic() < deadline, "the background refit never finished"
            await asyncio.sleep(0.2)
        answer = await server.ask("Where will the zebra herd move?")
    assert answer.claims[0].evidence.doc_id == "zoo"
    assert not (settings.db_path.with_name(settings.db_path.name + ".index") / folder).exists(), "old snapshot pruned"


async def test_a_restart_loads_the_snapshot_instead_of_refitting(settings: Settings) -> None:
    async with FactChecker.open(settings) as first:
        before = await first.ask("Who is John Kirby?")
    folder = fitted_folder(settings)
    async with FactChecker.open(settings) as second:
        after = await second.ask("Who is John Kirby?")
    assert fitted_folder(settings) == folder
    assert after.claims == before.claims


async def test_a_lost_snapshot_is_refit_from_the_articles(settings: Settings) -> None:
    async with FactChecker.open(settings):
        pass
    root = settings.db_path.with_name(settings.db_path.name + ".index")
    for folder in root.iterdir():
        for file in folder.iterdir():
            file.unlink()
    async with FactChecker.open(settings) as checker:
        assert (await checker.ask("Who is John Kirby?")).status == "answered"


async def test_every_refit_after_removals_is_named_and_kept_on_disk(settings: Settings) -> None:
    """The deletion log is emptied by each fit; the next fit must still count as newer."""
    async with FactChecker.open(settings) as checker:
        await checker.remove(["001_cb774f2b393d3a8f"])
        for _ in range(3):
            await checker.rebuild_index()
            folder = fitted_folder(settings)
            assert (settings.db_path.with_name(settings.db_path.name + ".index") / folder).is_dir()
            await checker.remove(["000_46acf492ea287eb4"])
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT count(*) FROM removed_passages").fetchone()[0] == 0


async def test_two_reindexes_at_once_keep_the_snapshot_in_force(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Both fits are on disk before either is named: neither process's prune may take
    the snapshot that ends up in force, or the next start refits it all again."""
    written: list[str] = []
    both_written = asyncio.Event()
    name = Archive.set_fitted_index

    async def name_once_both_are_written(store: Archive, folder: str, cursor: Cursor) -> object:
        written.append(folder)
        if len(written) == 2:
            both_written.set()
        await both_written.wait()
        return await name(store, folder, cursor)

    async with FactChecker.open(settings) as first, FactChecker.open(settings) as second:
        await first.seed()
        with monkeypatch.context() as patched:
            patched.setattr(Archive, "set_fitted_index", name_once_both_are_written)
            await asyncio.gather(first.rebuild_index(), second.rebuild_index())
    in_force = fitted_folder(settings)
    assert in_force in written
    root = settings.db_path.with_name(settings.db_path.name + ".index")
    assert (root / in_force).is_dir()
    with caplog.at_level(logging.INFO):
        async with FactChecker.open(settings) as third:
            assert (await third.ask("Who is John Kirby?")).status == "answered"
    assert fitted_folder(settings) == in_force
    assert not [record for record in caplog.records if "fitting" in record.getMessage()], "no refit at the next start"


async def test_a_snapshot_replaced_as_it_is_loaded_is_followed_not_refit(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A start reads which snapshot is in force; a ``reindex`` in another process then
    names a new one and prunes the one read before the start loads it."""
    async with FactChecker.open(settings) as first:
        await first.seed()
    load = snapshots.load

    def load_after_another_reindex(root: Path, name: str) -> object:
        monkeypatch.setattr(snapshots, "load", load)
        asyncio.run(refit_database(settings.db_path))
        return load(root, name)

    monkeypatch.setattr(snapshots, "load", load_after_another_reindex)
    with caplog.at_level(logging.INFO):
        async with FactChecker.open(settings) as second:
            assert (await second.ask("Who is John Kirby?")).status == "answered"
    fits = [record for record in caplog.records if "fitting" in record.getMessage()]
    assert len(fits) == 1, "only the other process's reindex fits"
    # The bot's own warnings: asyncio may warn of a child watcher another test's loop left.
    ours = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.split(".")[0] in {"bot", "index"}]
    assert not ours

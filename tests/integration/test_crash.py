"""A ``factcheck ingest`` killed with SIGKILL half-way leaves a database that opens and
answers, with every article in its old or its new version (never half of one) and an
index that agrees with the store."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from bot.factchecker import FactChecker
from bot.settings import Settings
from bot.tuning import Tuning
from index.passages import split_passages
from index.tuning import IndexTuning
from tests.reliability import Version, cli_command, cli_env, fresh_index, indexed_ids, passage_owners, version, write

ARTICLES = 800
REPLACED_EVERY = 5  # every fifth article is already stored in an old version
KILL_AT = 0.3  # share of the batch committed when the ingest is killed


def committed(db_path: Path, new: dict[str, Version]) -> set[str]:
    """Ids stored in their new version, read as another process would (read-only)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as db:
        return {
            doc_id for doc_id, sha in db.execute("SELECT doc_id, sha256 FROM articles") if new[doc_id].sha256 == sha
        }


def stored(db_path: Path) -> tuple[dict[str, tuple[str, str]], dict[str, list[tuple[int, int]]]]:
    """(text, title) by doc id, and each article's passage spans in order."""
    with sqlite3.connect(db_path) as db:
        articles = {
            doc_id: (text, title) for doc_id, text, title in db.execute("SELECT doc_id, text, title FROM articles")
        }
        spans: dict[str, list[tuple[int, int]]] = {}
        for doc_id, start, end in db.execute("SELECT doc_id, start, end FROM passages ORDER BY doc_id, ord"):
            spans.setdefault(doc_id, []).append((start, end))
    return articles, spans


def kill_mid_ingest(folder: Path, db_path: Path, new: dict[str, Version], log: Path) -> set[str]:
    """Run ``factcheck ingest`` on ``folder`` and SIGKILL it once part of the batch is in;
    returns the ids seen committed in their new version just before the kill."""
    with open(log, "wb") as output:
        process = subprocess.Popen(
            cli_command("ingest", str(folder)),
            env=cli_env(db_path),
            cwd=folder.parent,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            seen: set[str] = set()
            while len(seen) < KILL_AT * len(new):
                assert process.poll() is None, f"the ingest ended before it was killed: {log.read_text()}"
                assert time.monotonic() < deadline, "the ingest made no progress"
                time.sleep(0.005)
                seen = committed(db_path, new)
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    return seen


LARGE_ARCHIVE = Tuning(index=IndexTuning(small_archive=0, refit_share=10.0))
"""Keep the old snapshot and apply the crash's changes to it as a delta, as a big archive does."""


async def assert_index_matches_store(
    settings: Settings, versions: dict[str, list[Version]], current: dict[str, Version]
) -> None:
    """The live index holds exactly the stored passages, and finds each article by the
    words of its stored version only."""
    owner = passage_owners(settings.db_path)
    index = await fresh_index(settings.db_path, LARGE_ARCHIVE.index)
    indexed = indexed_ids(index)
    assert indexed == set(owner), (
        f"{len(indexed - set(owner))} indexed passages are not stored, "
        f"{len(set(owner) - indexed)} stored passages are not indexed"
    )
    for doc_id, kept in versions.items():
        for article in kept:
            for word in (article.first, article.last, article.marker):
                hits = index.search(word, 3)
                assert all(hit.passage_id in owner for hit in hits), "a hit points at a missing passage"
                if current.get(doc_id) == article:
                    assert hits and owner[hits[0].passage_id] == doc_id, f"{doc_id} is not found by {word}"
                else:
                    assert not hits, f"{word} of a version of {doc_id} that is not stored is found"


@pytest.mark.slow
async def test_sigkill_mid_ingest_leaves_whole_articles_and_a_consistent_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_SEEDS", "")
    settings = Settings.load()
    folder = tmp_path / "articles"
    folder.mkdir()
    old = {f"a{n:04d}": version(n, 0, 4 + n % 4) for n in range(0, ARTICLES, REPLACED_EVERY)}
    for doc_id, article in old.items():
        write(folder, doc_id, article)
    async with FactChecker.open(settings, tuning=LARGE_ARCHIVE) as checker:
        assert {r.status for r in await checker.ingest([folder])} == {"added"}
        await checker.rebuild_index()  # the old versions in the fitted part, their replacement masks them
    new = {f"a{n:04d}": version(n, 1, 5 + n % 5) for n in range(ARTICLES)}
    for doc_id, article in new.items():
        write(folder, doc_id, article)
    files_before = {path.name: path.read_bytes() for path in folder.iterdir()}

    seen = kill_mid_ingest(folder, settings.db_path, new, tmp_path / "ingest.log")

    async with FactChecker.open(settings, tuning=LARGE_ARCHIVE) as checker:
        articles, spans = stored(settings.db_path)
        in_store = set(articles)
        now_new = committed(settings.db_path, new)
        assert seen <= now_new, "an article committed before the kill was lost"
        assert len(now_new) < len(new), "the ingest finished before the kill: nothing was tested"
        for doc_id, article in new.items():
            expected = {article.text} | ({old[doc_id].text} if doc_id in old else set())
            if doc_id in old:
                assert doc_id in in_store, f"{doc_id} lost its old version"
            if doc_id in in_store:
                text, title = articles[doc_id]
                assert text in expected, f"{doc_id} holds neither its old nor its new text"
                whole = [(p.start, p.end) for p in split_passages(text, title)]
                assert spans.get(doc_id) == whole, f"{doc_id} does not hold exactly its passages"
        some = min(now_new - set(old))
        answer = await checker.ask(f"What did the {new[some].first} committee say?")
        assert answer.status == "answered", answer
        top = answer.claims[0].evidence
        assert top.doc_id == some
        assert (await checker.article_text(some) or "")[top.start : top.end] == top.quote
        missing = min(set(new) - in_store)
        assert new[missing].first in (await checker.ask(f"What about {new[missing].first}?")).missing_terms
    current = {doc_id: new[doc_id] if doc_id in now_new else old[doc_id] for doc_id in in_store}
    await assert_index_matches_store(settings, {d: [new[d], *([old[d]] if d in old else [])] for d in new}, current)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == files_before

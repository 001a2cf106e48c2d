"""The store keeps each article whole: old or new version, never half of one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index.archive import Archive, Article, NewPassage
from index.ownership import APPLICATION_ID
from index.passage_notes import PassageNote
from index.storage_errors import StoreError


def stored_spans(path: Path, doc_id: str) -> list[tuple[int, int]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT start, end FROM passages WHERE doc_id = ? ORDER BY ord", (doc_id,)).fetchall()


def article(text: str, doc_id: str = "a1") -> Article:
    return Article(doc_id, f"/news/{doc_id}.txt", f"sha-{text}", text, "Title", None, None, None)


async def test_put_replaces_the_old_version_and_moves_the_generation(tmp_path: Path) -> None:
    async with Archive.open(tmp_path / "s.db") as store:
        start = await store.generation()
        await store.put_article(article("One two."), [NewPassage(0, 8)])
        await store.put_article(article("Three four five."), [NewPassage(0, 16)])
        assert await store.generation() == start + 2
        stored = await store.article("a1")
        assert stored is not None and stored.text == "Three four five."
        assert stored_spans(tmp_path / "s.db", "a1") == [(0, 16)]


async def test_a_failed_write_leaves_the_old_version(tmp_path: Path) -> None:
    async with Archive.open(tmp_path / "s.db") as store:
        await store.put_article(article("One two."), [NewPassage(0, 8)])
        generation = await store.generation()
        broken = [NewPassage(0, 5), NewPassage(0, None)]  # type: ignore[arg-type]
        with pytest.raises(sqlite3.IntegrityError):
            await store.put_article(article("Changed text."), broken)
        stored = await store.article("a1")
        assert stored is not None and stored.text == "One two."
        assert len(stored_spans(tmp_path / "s.db", "a1")) == 1
        assert await store.generation() == generation


async def test_remove_takes_the_passages_too(tmp_path: Path) -> None:
    async with Archive.open(tmp_path / "s.db") as store:
        await store.put_article(article("One two."), [NewPassage(0, 8)])
        assert await store.remove("a1") is True
        assert await store.remove("a1") is False
        assert stored_spans(tmp_path / "s.db", "a1") == []
        assert await store.article_count() == 0


async def test_a_corrupt_file_is_named_in_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"corrupt\.db"):
        async with Archive.open(path):
            pass


async def test_a_database_from_before_passage_texts_and_annotation_columns_is_brought_up_to_date(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    text = "Ünïcode first. Second sentence here."
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE articles (doc_id TEXT PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL,
                text TEXT NOT NULL, title TEXT, outlet TEXT, published TEXT, url TEXT, ingested_at TEXT NOT NULL);
            CREATE TABLE passages (id INTEGER PRIMARY KEY AUTOINCREMENT,
                doc_id TEXT NOT NULL REFERENCES articles (doc_id) ON DELETE CASCADE, ord INTEGER NOT NULL,
                start INTEGER NOT NULL, end INTEGER NOT NULL, annotations TEXT NOT NULL DEFAULT '{}');
            """
        )
        db.execute("INSERT INTO articles VALUES ('a1', '/a1.txt', 'h', ?, 'T', NULL, NULL, NULL, 'now')", (text,))
        note = '{"who": "KCNA", "when": {"text": "on Monday", "date": "2024-09-02", "until": null, "basis": "text"}}'
        db.executemany(
            "INSERT INTO passages (doc_id, ord, start, end, annotations) VALUES ('a1', ?, ?, ?, ?)",
            [(0, 0, 14, note), (1, 15, 36, '{"who": null, "when": null}')],
        )
    async with Archive.open(path) as store:
        first, second = store.passages([1, 2])
        assert [first.text, second.text] == [text[0:14], text[15:36]]
        assert first.note == PassageNote("KCNA", "on Monday", "2024-09-02", None, "text")
        assert second.note == PassageNote()
        ids, texts, _ = await store.passage_texts()
        assert texts == ["Ünïcode first.", "Second sentence here."] and ids == [1, 2]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    db.close()

"""The articles as ingest writes and looks them up, on the archive's writer.

Each article is written in one transaction together with its passages, so a
crash leaves every article in its old or its new version, never half of one.
Every change moves the generation counter, so a reader knows cheaply when to
look for changes (``index.archive.upkeep``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime

import aiosqlite

from index.archive.schema import GENERATION
from index.archive.transactions import transaction
from index.passage_notes import NOTE_COLUMNS, PassageNote


@dataclass(frozen=True, slots=True)
class Article:
    """An article as stored: its text exactly as read, and its manifest metadata."""

    doc_id: str
    file: str
    sha256: str
    text: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class NewPassage:
    """A passage to store: its place in the article, who made its statement and when."""

    start: int
    end: int
    note: PassageNote = PassageNote()
    headline: bool = False


async def generation(db: aiosqlite.Connection) -> int:
    # Asked before every question: one trip to the connection's thread, not three.
    rows = await db.execute_fetchall(GENERATION)
    return next((int(row[0]) for row in rows), 0)


async def bump_generation(db: aiosqlite.Connection) -> None:
    await db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")


async def article_count(db: aiosqlite.Connection) -> int:
    async with db.execute("SELECT count(*) FROM articles") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def article_files(db: aiosqlite.Connection, most: int) -> list[tuple[str, str]] | None:
    async with db.execute("SELECT doc_id, file FROM articles LIMIT ?", (most + 1,)) as cursor:
        rows = list(await cursor.fetchall())
    return None if len(rows) > most else [(str(doc_id), str(file)) for doc_id, file in rows]


async def article(db: aiosqlite.Connection, doc_id: str) -> Article | None:
    async with db.execute(
        "SELECT doc_id, file, sha256, text, title, outlet, published, url FROM articles WHERE doc_id = ?",
        (doc_id,),
    ) as cursor:
        row = await cursor.fetchone()
    return Article(*row) if row else None


async def doc_id_with_hash(db: aiosqlite.Connection, sha256: str) -> str | None:
    async with db.execute("SELECT doc_id FROM articles WHERE sha256 = ? LIMIT 1", (sha256,)) as cursor:
        row = await cursor.fetchone()
    return str(row[0]) if row else None


async def put_article(db: aiosqlite.Connection, article: Article, passages: Sequence[NewPassage]) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    async with transaction(db):
        await db.execute("DELETE FROM articles WHERE doc_id = ?", (article.doc_id,))
        await db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (*astuple(article), now))
        await db.executemany(
            f"INSERT INTO passages (doc_id, ord, start, end, {', '.join(NOTE_COLUMNS)}, text, headline)"
            f" VALUES ({', '.join('?' * (6 + len(NOTE_COLUMNS)))})",
            [
                (article.doc_id, n, p.start, p.end, *astuple(p.note), article.text[p.start : p.end], int(p.headline))
                for n, p in enumerate(passages)
            ],
        )
        await bump_generation(db)


async def remove(db: aiosqlite.Connection, doc_id: str) -> bool:
    async with transaction(db):
        cursor = await db.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))
        removed = cursor.rowcount > 0
        if removed:
            await bump_generation(db)
    return removed

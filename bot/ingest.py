"""Ingest's rules: which files become stored articles, how, and the demo seeds' place.

An article is read, checked against the stored ones (an id taken by another
file, a text already stored under another id), split into passages and
annotated with who said what when, then stored with its passages in one
transaction; the index takes the change in at its next refresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

from bot import messages
from bot.annotations import annotate
from bot.articles import ArticleFile, IngestResult, Manifests, Problem, find_articles, read_article
from bot.settings import Settings
from index.archive import Archive, Article, NewPassage
from index.live_index import LiveIndex
from index.passages import split_passages


class Ingester:
    """Adds, updates and removes articles; gives an empty archive the seeds."""

    def __init__(self, archive: Archive, index: LiveIndex, settings: Settings) -> None:
        self._archive = archive
        self._index = index
        self._settings = settings
        self._seeded = False
        self._seeding = asyncio.Lock()

    async def seed(self) -> None:
        """Give an empty database the seed articles, once, however many ask at once."""
        if self._seeded:
            return
        async with self._seeding:
            if not self._seeded and self._settings.seeds_dir is not None and await self._archive.article_count() == 0:
                await self.ingest([self._settings.seeds_dir])
            self._seeded = True

    async def _make_way_for(self, found: Sequence[Path | Problem]) -> list[IngestResult]:
        """Remove the shipped demo seeds when the database holds only them and other
        articles arrive: a newsroom's archive must not answer with the demo's stories.
        Seeds named by FACTCHECK_SEEDS are a choice, and stay."""
        seeds = self._settings.seeds_dir
        if seeds is None or self._settings.seeds_chosen:
            return []
        seeds = seeds.resolve()
        if not any(isinstance(item, Path) and not item.resolve().is_relative_to(seeds) for item in found):
            return []
        stored = await self._archive.article_files(len(list(seeds.glob("*.txt"))))
        if not stored or not all(Path(file).is_relative_to(seeds) for _, file in stored):
            return []
        await self.remove([doc_id for doc_id, _ in stored])
        return [IngestResult(seeds, None, "removed", messages.DEMO_SEEDS_REMOVED.format(count=len(stored)))]

    async def ingest(
        self,
        paths: Sequence[Path],
        *,
        progress: Callable[[int, int], None] | None = None,
        settle: bool = True,
        follow_symlinks: bool = False,
    ) -> list[IngestResult]:
        """``FactChecker.ingest``: each file read, checked and stored in a transaction of its
        own, a bad one reported and skipped; the index refit at the end if ``settle`` and due."""
        manifests = Manifests()
        found = list(find_articles(list(paths), follow_symlinks=follow_symlinks))
        results = await self._make_way_for(found)
        for done, item in enumerate(found, 1):
            if isinstance(item, Problem):
                results.append(IngestResult(item.path, None, "failed", item.reason))
            else:
                article = await asyncio.to_thread(read_article, item, manifests.metadata(item))
                if isinstance(article, Problem):
                    results.append(IngestResult(article.path, None, "failed", article.reason))
                else:
                    results.append(await self._store_article(article))
            if progress is not None:
                progress(done, len(found))
        results.extend(IngestResult(p.path, None, "warning", p.reason) for p in manifests.problems)
        await (self._index.settle() if settle else self._index.current())
        return results

    async def _store_article(self, article: ArticleFile) -> IngestResult:
        path = str(article.path.resolve())
        existing = await self._archive.article(article.doc_id)
        meta = article.metadata
        title = meta.title or article.text.strip().splitlines()[0].strip()[:300]
        if existing is not None and existing.file != path and existing.sha256 != article.sha256:
            other = messages.DOC_ID_TAKEN.format(doc_id=article.doc_id, other=existing.file)
            return IngestResult(article.path, article.doc_id, "refused", other)
        duplicate = await self._archive.doc_id_with_hash(article.sha256)
        if duplicate is not None and duplicate != article.doc_id:
            return IngestResult(article.path, article.doc_id, "refused", messages.DUPLICATE_OF.format(doc_id=duplicate))
        stored = Article(
            article.doc_id, path, article.sha256, article.text, title, meta.outlet, meta.published, meta.url
        )
        if existing == stored:
            return IngestResult(article.path, article.doc_id, "unchanged")
        passages = split_passages(article.text, title)
        if not passages:
            return IngestResult(article.path, article.doc_id, "failed", messages.NO_CONTENT)
        notes = await asyncio.to_thread(annotate, article.text, passages, meta.published)
        await self._archive.put_article(
            stored,
            [NewPassage(p.start, p.end, n.note(), headline=p.headline) for p, n in zip(passages, notes, strict=True)],
        )
        return IngestResult(article.path, article.doc_id, "updated" if existing else "added")

    async def remove(self, doc_ids: Sequence[str]) -> dict[str, bool]:
        """Take articles out of the store and the index; says which ids existed."""
        removed = {doc_id: await self._archive.remove(doc_id) for doc_id in doc_ids}
        await self._index.current()
        return removed

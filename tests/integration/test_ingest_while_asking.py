"""Questions asked while articles are ingested, by the same core or by a separate
``factcheck ingest`` process: none fails, every quote is verbatim, and an article
appears whole (once one of its passages is found, all of them are, and none of the
version it replaced)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from bot.answers import Answer
from bot.factchecker import FactChecker
from bot.settings import Settings
from bot.tuning import Tuning
from index.archive import Archive
from index.live_index import LiveIndex
from index.tfidf import Fitted
from tests.reliability import Version, cli_command, cli_env, fresh_index, indexed_ids, passage_owners, version, write

BASE = 10
REPLACED = 5  # the first REPLACED base articles get a new version in the batch
BATCH = 40

Corpus = tuple[Path, Path, dict[str, Version], dict[str, Version]]


class Asker:
    """Asks about every batch article's first and last words in turn and keeps what it saw."""

    def __init__(self, checker: FactChecker, batch: dict[str, Version], base: dict[str, Version]) -> None:
        self.checker, self.batch, self.base = checker, batch, base
        self.questions = 0
        self.torn: list[str] = []

    async def found(self, doc_id: str, word: str) -> bool:
        answer = await self.checker.ask(f"What about the {word} plan?")
        self.questions += 1
        assert answer.status != "error", answer
        await self.assert_verbatim(answer)
        return any(
            e.doc_id == doc_id and word in e.quote for claim in answer.claims for e in (claim.evidence, *claim.also_in)
        )

    async def assert_verbatim(self, answer: Answer) -> None:
        """Each quote is its article's text at its offsets: the stored text, or the version
        stored when the answer was made if the article was replaced since."""
        for claim in answer.claims:
            for e in (claim.evidence, *claim.also_in):
                texts = {await self.checker.article_text(e.doc_id)} | {
                    v.text for v in (self.base.get(e.doc_id), self.batch.get(e.doc_id)) if v is not None
                }
                assert any(t is not None and t[e.start : e.end] == e.quote for t in texts), e

    async def round(self, number: int) -> set[str]:
        """One question pair per article (first word then last, or the other way round),
        then, for a replacement seen, the old version's word; returns the articles seen whole."""
        whole = set()
        for doc_id, article in self.batch.items():
            pair = (article.first, article.last) if number % 2 == 0 else (article.last, article.first)
            if await self.found(doc_id, pair[0]):
                if not await self.found(doc_id, pair[1]):
                    self.torn.append(f"{doc_id}: {pair[0]} found, then {pair[1]} not")
                if doc_id in self.base and await self.found(doc_id, self.base[doc_id].marker):
                    self.torn.append(f"{doc_id}: its new version found, then its old one")
                whole.add(doc_id)
        return whole

    async def ask_while(self, busy: Callable[[], bool]) -> int:
        """Ask round after round while ``busy``; returns how many questions that took."""
        number = 0
        while busy():
            await self.round(number)
            number += 1
        return self.questions

    async def assert_all_whole(self) -> None:
        assert await self.round(0) == set(self.batch), "an ingested article is not answerable"
        assert not self.torn, self.torn


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    """A base folder (ingested before the questions start) and a batch folder of new
    articles and new versions of some base ones (same files, changed in place)."""
    monkeypatch.setenv("FACTCHECK_SEEDS", "")
    base_dir, batch_dir = tmp_path / "base", tmp_path / "batch"
    base_dir.mkdir()
    batch_dir.mkdir()
    base = {f"b{n:03d}": version(n, 0, 6) for n in range(BASE)}
    for doc_id, article in base.items():
        write(base_dir, doc_id, article)
    batch = {f"n{n:03d}": version(100 + n, 0, 5 + n % 6) for n in range(BATCH)}
    for doc_id, article in batch.items():
        write(batch_dir, doc_id, article)
    return base_dir, batch_dir, base, batch


def replace_some(base_dir: Path, base: dict[str, Version], batch: dict[str, Version]) -> None:
    for n, doc_id in enumerate(list(base)[:REPLACED]):
        batch[doc_id] = version(n, 1, 7)
        write(base_dir, doc_id, batch[doc_id])


async def ready(checker: FactChecker, corpus: Corpus, *, warm: bool) -> Asker:
    """The base ingested (and the core warmed, for questions answered in the loop),
    some base articles changed on disk, and an asker for the batch to come."""
    base_dir, _, base, batch = corpus
    await checker.ingest([base_dir])
    if warm:
        await checker.warm()
    replace_some(base_dir, base, batch)
    return Asker(checker, batch, base)


# Warm, the event loop answers the questions itself, and hands to a worker those
# whose log line meets the ingest's transaction.
@pytest.mark.parametrize("warm", [False, True], ids=["in workers", "in the loop"])
async def test_questions_during_an_ingest_by_the_same_core(
    settings: Settings, tuning: Tuning, corpus: Corpus, warm: bool, grouped_in: list[str]
) -> None:
    base_dir, batch_dir, _, _ = corpus
    async with FactChecker.open(settings, tuning=tuning) as checker:
        asker = await ready(checker, corpus, warm=warm)
        ingest = asyncio.ensure_future(checker.ingest([base_dir, batch_dir]))
        overlapping = await asker.ask_while(lambda: not ingest.done())
        statuses = [r.status for r in await ingest]
        assert statuses.count("added") == BATCH and statuses.count("updated") == REPLACED
        await asker.assert_all_whole()
    assert overlapping >= 10, "too few questions overlapped the ingest"
    assert ("loop" in grouped_in) == warm
    assert indexed_ids(await fresh_index(settings.db_path)) == set(passage_owners(settings.db_path))


@pytest.mark.parametrize("warm", [False, True], ids=["in workers", "in the loop"])
async def test_questions_during_an_ingest_by_another_process(
    settings: Settings, tuning: Tuning, corpus: Corpus, tmp_path: Path, warm: bool, grouped_in: list[str]
) -> None:
    base_dir, batch_dir, _, _ = corpus
    async with FactChecker.open(settings, tuning=tuning) as checker:
        asker = await ready(checker, corpus, warm=warm)
        process = await asyncio.create_subprocess_exec(
            *cli_command("ingest", str(base_dir), str(batch_dir)),
            env=cli_env(settings.db_path),
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output = asyncio.ensure_future(process.communicate())
        overlapping = await asker.ask_while(lambda: not output.done())
        out = (await output)[0].decode()
        assert process.returncode == 0, out
        assert f"{BATCH} added" in out and f"{REPLACED} updated" in out, out
        await asker.assert_all_whole()
    assert overlapping >= 10, "too few questions overlapped the ingest"
    assert ("loop" in grouped_in) == warm
    assert indexed_ids(await fresh_index(settings.db_path)) == set(passage_owners(settings.db_path))


async def test_a_slow_refit_finishing_last_loses_no_removal(
    settings: Settings, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes refit at once (a background refit and a bulk ingest's last step):
    the one that read the archive first finishes last. The index then started must
    still leave out the article removed between their reads."""
    base_dir, _, base, _ = corpus
    async with FactChecker.open(settings) as checker:
        await checker.ingest([base_dir])
    real_fit = Fitted.fit
    first_fit_started, first_fit_may_end = threading.Event(), threading.Event()

    def first_fit_waits(texts: Sequence[str], ids: Sequence[int]) -> Fitted:
        if not first_fit_started.is_set():
            first_fit_started.set()
            assert first_fit_may_end.wait(30)
        return real_fit(texts, ids)

    monkeypatch.setattr(Fitted, "fit", first_fit_waits)
    path = settings.db_path
    async with Archive.open(path) as slow_store, Archive.open(path) as fast_store:
        slow = asyncio.ensure_future(LiveIndex(slow_store, path).rebuild())
        while not first_fit_started.is_set():
            await asyncio.sleep(0.01)
        assert await fast_store.remove(next(iter(base)))
        await LiveIndex(fast_store, path).rebuild()
        first_fit_may_end.set()
        await slow
    assert indexed_ids(await fresh_index(path)) == set(passage_owners(path))

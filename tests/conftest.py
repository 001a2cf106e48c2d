"""Fixtures shared by the tests: an isolated environment, the seed corpus, a ready core."""

from __future__ import annotations

import os
import threading
import tomllib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import numpy as np
import pytest
import pytest_asyncio

from bot.answers import Claim, Evidence
from bot.claims import group_claims
from bot.events import group_events
from bot.factchecker import FactChecker
from bot.settings import Settings
from bot.tuning import Tuning

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test gets its own database and never reads the developer's .env or settings."""
    for key in list(os.environ):
        if key.startswith(("FACTCHECK_", "SLACK_", "DISCORD_")):
            monkeypatch.delenv(key)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("FACTCHECK_DB", str(tmp_path / "factcheck.db"))
    # Named, so they stay beside the articles a test ingests; the shipped demo seeds'
    # making way for a newsroom's archive is tested with this unset (tests/unit/test_demo_seeds.py).
    monkeypatch.setenv("FACTCHECK_SEEDS", str(SEEDS))


async def ingest_texts(
    checker: FactChecker, folder: Path, articles: dict[str, str], manifest: str | None = None
) -> None:
    """Write ``articles`` (doc_id -> text) and any ``manifest.toml`` text into ``folder``, and ingest it."""
    folder.mkdir()
    if manifest is not None:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    for doc_id, text in articles.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    await checker.ingest([folder])


@pytest.fixture
def settings() -> Settings:
    return Settings.load()


@pytest.fixture
def grouped_in() -> list[str]:
    """Where each question's claims were grouped, "loop" or "worker", by a core opened with ``tuning``."""
    return []


@pytest.fixture
def tuning(grouped_in: list[str]) -> Tuning:
    """The core's tuning as shipped, with its claim grouping watched (``grouped_in``)."""

    def where() -> None:
        grouped_in.append("loop" if threading.current_thread() is threading.main_thread() else "worker")

    def claims(
        evidence: Sequence[Evidence], similarity: np.ndarray, limit: int | None, tiers: Sequence[int] | None, /
    ) -> list[Claim]:
        where()
        return group_claims(evidence, similarity, limit, tiers)

    def events(
        evidence: Sequence[Evidence],
        similarity: np.ndarray,
        limit: int | None,
        tiers: Sequence[int] | None,
        /,
        *,
        denial: bool,
        shown: Sequence[tuple[str, int, int]],
    ) -> list[Claim]:
        where()
        return group_events(evidence, similarity, limit, tiers, denial=denial, shown=shown)

    return Tuning(group_claims=claims, group_events=events)


@pytest.fixture
async def checker(settings: Settings, tuning: Tuning) -> AsyncIterator[FactChecker]:
    async with FactChecker.open(settings, tuning=tuning) as opened:
        await opened.seed()
        yield opened


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Each seed article's text exactly as on disk, by doc_id."""
    return {path.stem: path.read_bytes().decode("utf-8") for path in SEEDS.glob("*.txt")}


@pytest.fixture(scope="session")
def seed_manifest() -> dict[str, dict[str, str]]:
    entries = tomllib.loads((SEEDS / "manifest.toml").read_text(encoding="utf-8"))["article"]
    return {entry["file"].removesuffix(".txt"): entry for entry in entries}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def seeded_checker(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[FactChecker]:
    """One core on the seed articles shared by a whole module, for property tests that ask
    hundreds of questions: opening a database per example would cost more than the examples.
    Its tests must run in the module's event loop (``pytest.mark.asyncio(loop_scope="module")``)."""
    db = tmp_path_factory.mktemp("seeded") / "factcheck.db"
    async with FactChecker.open(Settings(db_path=db, seeds_dir=SEEDS)) as opened:
        await opened.seed()
        yield opened

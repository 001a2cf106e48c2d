"""Warm ``ask`` latency on the seed articles, end to end through the core.

Prints the median and p99 over repeated rounds of the development questions,
and the ratio against a baseline measured in the same run: a bare TF-IDF
search over the same passages (no store reads, no grouping, no logging), so
the cost of everything around retrieval is visible. Run it with
``python -m benchmarks.ask_latency``; it exits 1 if the median misses 5 ms.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.evaluation import read_cases
from bot.factchecker import FactChecker
from bot.settings import Settings, shipped_seeds
from index.passages import split_passages
from index.tfidf import PassageIndex

ROUNDS = 30


def baseline_index(seeds: Path) -> PassageIndex:
    texts = [
        text[p.start : p.end]
        for text in (path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt")))
        for p in split_passages(text)
    ]
    return PassageIndex.fit(texts, list(range(len(texts))))


async def main() -> None:
    questions = [
        c.question for c in read_cases((Path(__file__).parent.parent / "tests/data/dev.jsonl").read_text().splitlines())
    ]
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db_path=Path(folder) / "bench.db", seeds_dir=shipped_seeds())
        async with FactChecker.open(settings) as checker:
            await checker.warm()  # as `factcheck serve` does as it starts
            for q in questions:
                await checker.ask(q)
            index = baseline_index(shipped_seeds())
            ask_times, search_times = [], []
            for _ in range(ROUNDS):
                for q in questions:
                    start = time.perf_counter()
                    await checker.ask(q)
                    ask_times.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    index.search(q, 60)
                    search_times.append(time.perf_counter() - start)
    ask_median, search_median = statistics.median(ask_times), statistics.median(search_times)
    p99 = statistics.quantiles(ask_times, n=100)[98]
    print(f"questions: {len(questions)} x {ROUNDS} rounds, warm")
    print(f"ask p50 {ask_median * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms (target: p50 under 5 ms)")
    print(f"bare search p50 {search_median * 1000:.3f} ms; ask / search = {ask_median / search_median:.1f}x")
    sys.exit(0 if ask_median < 0.005 else 1)


if __name__ == "__main__":
    asyncio.run(main())

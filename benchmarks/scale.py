"""The scale benchmark: the product against SQLite FTS5 and tantivy on the same passages.

    python -m benchmarks.scale 10000 100000 1000000 [--reuse]

For each size it writes a synthetic archive (``benchmarks/corpus.py``), then runs
each engine in a process of its own, so each peak-memory figure belongs to one
engine:

* product ingest: ``FactChecker.ingest`` (the real path: cleaning, attribution,
  dates, SQLite), then a full index build (``rebuild``), timed apart;
* product serve: cold start (process start to first answer, with the persisted
  index), the warm-up that ``factcheck serve`` runs as it starts (the archive
  read into memory), then ``ask`` end to end (retrieval, attribution, dates,
  grouping, query log) for every query, with a probe task measuring the event
  loop's lag;
* FTS5: BM25 over the same passages, query terms OR-ed, top 10;
* tantivy: BM25 over the same passages, query terms OR-ed, top 10.

A second workload asks 200 quoted questions ("Who said “<ten words>”?", each run
copied from a random passage): the product's quote lookup against tantivy phrase
queries of the same words, top 10; then ``verify`` of the same ten words against
the same phrase queries. A third asks the 200 questions again kept to one outlet
of ten (10% of the articles): the product's outlet filter against tantivy's OR
query with the outlet as a required term.

It also times one article added by a separate ``factcheck ingest`` process
until the serving process answers from it, and runs ``chat_load`` (50
questions in flight through Slack and Discord) on the same archive. It prints
a table with medians, p99 and the ratios against the baselines. The databases
stay in the temporary folder; ``--reuse`` skips ingesting again.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import OUTLETS, queries, write_archive

ROOT = Path(__file__).resolve().parent.parent

QUERIES = 200
QUOTED_WORDS = 10
_WORD = re.compile(r"\w+")


def peak_rss_mb() -> float:
    """This process's own peak RSS. ``getrusage`` would report the parent's peak
    from before ``exec`` when that was higher; ``VmHWM`` starts afresh."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {"p50": statistics.median(ms), "p99": ms[min(len(ms) - 1, int(len(ms) * 0.99))]}


async def product_ingest(archive: Path, db: Path) -> dict[str, Any]:
    from bot.factchecker import FactChecker
    from bot.settings import Settings

    settings = Settings(db_path=db, seeds_dir=None)
    async with FactChecker.open(settings) as checker:
        started = time.perf_counter()
        results = await checker.ingest([archive])
        ingest = time.perf_counter() - started
        started = time.perf_counter()
        await checker.rebuild_index()
        build = time.perf_counter() - started
    failed = [r for r in results if r.status in ("failed", "refused")]
    disk = sum(f.stat().st_size for f in db.parent.rglob("*") if f.is_file())
    return {
        "ingest_s": ingest,
        "build_s": build,
        "rss_mb": peak_rss_mb(),
        "disk_mb": disk / 2**20,
        "failed": len(failed),
    }


def warm_page_cache(db: Path) -> None:
    """Read the database and its index snapshot once, as a server that has run for a
    while has them in the page cache (the baselines hold their whole index in memory)."""
    for path in [db, *db.parent.rglob("*.npy")]:
        with open(path, "rb") as handle:
            while handle.read(1 << 24):
                pass


def load_questions(path: Path) -> list[str]:
    return list(json.loads(path.read_text(encoding="utf-8")))


def quoted_words(question: str) -> str:
    """The ten words a quoted question traces."""
    return question.split("“", 1)[1].split("”", 1)[0]


async def product_serve(db: Path, questions: list[str], quoted: list[str], started: float) -> dict[str, Any]:
    from bot.answers import Filters
    from bot.factchecker import FactChecker
    from bot.settings import Settings

    lags: list[float] = []

    async def probe() -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            lags.append(time.perf_counter() - before - 0.005)

    async with FactChecker.open(Settings(db_path=db, seeds_dir=None)) as checker:
        first = await checker.ask(questions[-1])
        cold = time.perf_counter() - started
        gc.freeze()  # as `factcheck serve` does once the core is loaded
        warm_page_cache(db)
        started = time.perf_counter()
        await checker.warm()  # as `factcheck serve` does as it starts
        warmed = time.perf_counter() - started
        probing = asyncio.create_task(probe())
        for question in questions[QUERIES:]:
            await checker.ask(question)
        times = []
        for question in questions[:QUERIES]:
            before = time.perf_counter()
            await checker.ask(question)
            times.append(time.perf_counter() - before)
        quoted_times = []
        for question in quoted:
            before = time.perf_counter()
            await checker.ask(question)
            quoted_times.append(time.perf_counter() - before)
        verify_times = []
        for question in quoted:
            before = time.perf_counter()
            await checker.verify(quoted_words(question))
            verify_times.append(time.perf_counter() - before)
        one_outlet = Filters(outlet=OUTLETS[0])
        await checker.ask(questions[-1], filters=one_outlet)
        filtered_times = []
        for question in questions[:QUERIES]:
            before = time.perf_counter()
            await checker.ask(question, filters=one_outlet)
            filtered_times.append(time.perf_counter() - before)
        probing.cancel()
        added_s, answerable_s = await add_one_article(checker, db)
    return {
        "cold_s": cold,
        "warm_s": warmed,
        **percentiles(times),
        "quoted": percentiles(quoted_times),
        "verify": percentiles(verify_times),
        "filtered": percentiles(filtered_times),
        "loop_lag_ms": max(lags) * 1000,
        "rss_mb": peak_rss_mb(),
        "first_status": first.status,
        "add_ingest_s": added_s,
        "add_answerable_s": answerable_s,
    }


async def add_one_article(checker: Any, db: Path) -> tuple[float, float]:
    """A separate ``factcheck ingest`` adds one article; how long until this process answers from it."""
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "late-breaking.txt"
        article.write_text("Harbour news\n\nThe quagga warden said the ferry resumes on Friday.\n", encoding="utf-8")
        started = time.perf_counter()
        ingest = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "adapters.cli",
            "ingest",
            str(article),
            env={**os.environ, "FACTCHECK_DB": str(db), "FACTCHECK_SEEDS": ""},
            stdout=asyncio.subprocess.DEVNULL,
        )
        await ingest.wait()
        ingested = time.perf_counter()
        while True:
            answer = await checker.ask("What did the quagga warden say?")
            if answer.claims and answer.claims[0].evidence.doc_id == "late-breaking":
                answerable = time.perf_counter() - ingested
                await checker.remove(["late-breaking"])
                return ingested - started, answerable
            await asyncio.sleep(0.01)


def passage_texts(db: Path) -> list[str]:
    return [text for text, _ in passages_with_outlets(db)]


def passages_with_outlets(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT substr(a.text, p.start + 1, p.end - p.start), coalesce(a.outlet, '')"
            " FROM passages p JOIN articles a USING (doc_id)"
        )
        return [(row[0], row[1]) for row in rows]


def outlet_term(outlet: str) -> str:
    """An outlet as one term of tantivy's raw-tokenised field."""
    return re.sub(r"\W", "", outlet.lower())


def question_terms(question: str) -> list[str]:
    from index.terms import STOP_WORDS

    return [w for w in _WORD.findall(question.lower()) if w not in STOP_WORDS]


def fts5(db: Path, questions: list[str]) -> dict[str, Any]:
    texts = passage_texts(db)
    started = time.perf_counter()
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE p USING fts5(text)")
    conn.executemany("INSERT INTO p (text) VALUES (?)", ((t,) for t in texts))
    conn.commit()
    build = time.perf_counter() - started
    del texts
    times = []
    for question in questions[:QUERIES]:
        match = " OR ".join(f'"{t}"' for t in question_terms(question))
        before = time.perf_counter()
        conn.execute("SELECT rowid FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10", (match,)).fetchall()
        times.append(time.perf_counter() - before)
    return {"build_s": build, **percentiles(times), "rss_mb": peak_rss_mb()}


def quoted_questions(db: Path, count: int, seed: int = 7) -> list[str]:
    """``count`` questions quoting ten consecutive words of random passages."""
    rng = random.Random(seed)
    with sqlite3.connect(db) as conn:
        (high,) = conn.execute("SELECT max(id) FROM passages").fetchone()
        found: list[str] = []
        while len(found) < count:
            row = conn.execute("SELECT text FROM passages WHERE id = ?", (rng.randint(1, high),)).fetchone()
            words = row[0].split() if row else []
            if len(words) >= QUOTED_WORDS:
                start = rng.randint(0, len(words) - QUOTED_WORDS)
                found.append(f"Who said “{' '.join(words[start : start + QUOTED_WORDS])}”?")
    return found


def tantivy_engine(db: Path, questions: list[str], quoted: list[str]) -> dict[str, Any]:
    import tantivy

    texts = passages_with_outlets(db)
    started = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=False)
    builder.add_text_field("outlet", stored=False, tokenizer_name="raw")
    builder.add_integer_field("id", stored=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=None)
    writer = index.writer(heap_size=256 * 2**20, num_threads=2)
    for number, (text, outlet) in enumerate(texts):
        writer.add_document(tantivy.Document(text=text, outlet=outlet_term(outlet), id=number))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    build = time.perf_counter() - started
    del texts
    searcher = index.searcher()
    times = []
    for question in questions[:QUERIES]:
        query = index.parse_query(" OR ".join(question_terms(question)), ["text"])
        before = time.perf_counter()
        hits = searcher.search(query, 10).hits
        assert len(hits) <= 10
        times.append(time.perf_counter() - before)
    phrase_times = []
    for question in quoted:
        phrase = " ".join(_WORD.findall(quoted_words(question).lower()))
        query = index.parse_query(f'"{phrase}"', ["text"])
        before = time.perf_counter()
        searcher.search(query, 10)
        phrase_times.append(time.perf_counter() - before)
    filtered_times = []
    for question in questions[:QUERIES]:
        terms = " OR ".join(question_terms(question))
        query = index.parse_query(f"outlet:{outlet_term(OUTLETS[0])} AND ({terms})", ["text"])
        before = time.perf_counter()
        hits = searcher.search(query, 10).hits
        assert len(hits) <= 10
        filtered_times.append(time.perf_counter() - before)
    return {
        "build_s": build,
        **percentiles(times),
        "quoted": percentiles(phrase_times),
        "filtered": percentiles(filtered_times),
        "rss_mb": peak_rss_mb(),
    }


def child(role: str, *args: str) -> dict[str, Any]:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--child", role, *args, repr(time.time())],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started
    return result


def run_child(role: str, args: list[str]) -> None:
    launched = float(args[-1])
    started = time.perf_counter() - (time.time() - launched)
    target = Path(args[0])
    if role == "ingest":
        result = asyncio.run(product_ingest(Path(args[1]), target))
    elif role == "serve":
        result = asyncio.run(
            product_serve(target, load_questions(Path(args[1])), load_questions(Path(args[2])), started)
        )
    elif role == "fts5":
        result = fts5(target, load_questions(Path(args[1])))
    else:
        result = tantivy_engine(target, load_questions(Path(args[1])), load_questions(Path(args[2])))
    print(json.dumps(result))


def main(sizes: list[int], reuse: bool) -> None:
    rows = []
    work = Path(tempfile.gettempdir()) / "factcheck-bench"
    for size in sizes:
        archive = write_archive(work / f"archive-{size}", size)
        folder = work / f"db-{size}"
        db, saved = folder / "bench.db", folder / "ingest.json"
        asked = folder / "questions.json"
        if not (reuse and saved.exists()):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            saved.write_text(json.dumps(child("ingest", str(db), str(archive))), encoding="utf-8")
        ingest = json.loads(saved.read_text(encoding="utf-8"))
        # The measured questions, then 20 to warm up, then one for the cold start.
        asked.write_text(json.dumps(queries(QUERIES) + queries(20, seed=5) + queries(1, seed=99)), encoding="utf-8")
        quoted = folder / "quoted.json"
        quoted.write_text(json.dumps(quoted_questions(db, QUERIES)), encoding="utf-8")
        serve = child("serve", str(db), str(asked), str(quoted))
        fts = child("fts5", str(db), str(asked))
        tan = child("tantivy", str(db), str(asked), str(quoted))
        chat = subprocess.run(
            [sys.executable, "-m", "benchmarks.chat_load", "--db", str(db), "--questions", "50"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows.append((size, ingest, serve, fts, tan))
        print(json.dumps({"passages": size, "ingest": ingest, "serve": serve, "fts5": fts, "tantivy": tan}), flush=True)
        print(f"{size:,} passages, 50 questions in flight:\n{chat}", flush=True)
    print()
    print(
        "| passages | ingest | index build | peak RSS ingest / serve | disk | cold start | warm-up | ask p50 | ask p99 "
        "| FTS5 p50 / p99 (build, RSS) | tantivy p50 / p99 (build, RSS) | p50 vs tantivy | p50 vs FTS5 "
        "| p99 vs tantivy | p99 vs FTS5 | max loop lag | one article: ingest process / answerable after |"
    )
    print("|" + " --- |" * 17)
    for size, ingest, serve, fts, tan in rows:
        print(
            f"| {size:,} | {ingest['ingest_s']:.1f} s | {ingest['build_s']:.1f} s "
            f"| {ingest['rss_mb']:.0f} / {serve['rss_mb']:.0f} MB "
            f"| {ingest['disk_mb']:.0f} MB | {serve['cold_s']:.2f} s | {serve['warm_s']:.2f} s "
            f"| {serve['p50']:.2f} ms | {serve['p99']:.2f} ms "
            f"| {fts['p50']:.2f} / {fts['p99']:.2f} ms ({fts['build_s']:.1f} s, {fts['rss_mb']:.0f} MB) "
            f"| {tan['p50']:.2f} / {tan['p99']:.2f} ms ({tan['build_s']:.1f} s, {tan['rss_mb']:.0f} MB) "
            f"| {serve['p50'] / tan['p50']:.2f}x | {serve['p50'] / fts['p50']:.2f}x "
            f"| {serve['p99'] / tan['p99']:.2f}x | {serve['p99'] / fts['p99']:.2f}x | {serve['loop_lag_ms']:.1f} ms "
            f"| {serve['add_ingest_s']:.2f} s / {serve['add_answerable_s'] * 1000:.0f} ms |"
        )
    print()
    print("| passages | workload | product p50 / p99 | tantivy p50 / p99 | p50 vs tantivy | p99 vs tantivy |")
    print("|" + " --- |" * 6)
    workloads = [
        ("quoted ask vs phrase", "quoted", "quoted"),
        ("verify vs phrase", "verify", "quoted"),
        ("ask, one outlet of ten", "filtered", "filtered"),
    ]
    for size, _, serve, _, tan in rows:
        for name, mine_key, theirs_key in workloads:
            mine, theirs = serve[mine_key], tan[theirs_key]
            print(
                f"| {size:,} | {name} | {mine['p50']:.2f} / {mine['p99']:.2f} ms "
                f"| {theirs['p50']:.2f} / {theirs['p99']:.2f} ms "
                f"| {mine['p50'] / theirs['p50']:.2f}x | {mine['p99'] / theirs['p99']:.2f}x |"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        run_child(sys.argv[2], sys.argv[3:])
    else:
        arguments = [a for a in sys.argv[1:] if a != "--reuse"]
        main([int(n) for n in arguments] or [10_000, 100_000, 1_000_000], reuse="--reuse" in sys.argv)

"""Memory over a long run: 10,000 varied questions through the core and both chat adapters.

    python -m benchmarks.soak [--db PATH] [--questions N] [--every K]

Asks N questions (default 10,000) in waves of 30 at once: a third straight
through ``FactChecker.ask``, a third through Slack (Bolt's HTTP endpoint, signed,
slash commands and mentions) and a third through Discord (discord.py's
interaction and message parsing and its CommandTree), with the platforms faked
in processes of their own as in ``chat_load.py``, so their memory is not
counted. The questions vary: the development set, questions built from the seed
articles' people and topics, questions naming someone no article mentions (a new
word each time, as real askers bring), pasted claims full of words never seen
before, and hostile or unaskable text. Each platform's questions come from a
population of askers in many channels, all of whom ask during the warm-up.

Every K questions (default 250) it samples the process's resident memory
(``VmRSS`` in ``/proc/self/status``, and its anonymous part ``RssAnon``, the
heap without the mapped libraries and index files) and the number of objects
the garbage collector tracks, after a full collection so only what is still
reachable counts; no tracemalloc, whose own bookkeeping would grow with the
run. It reports RSS at the start (after the warm-up), the median over the run,
at the end, the median of the last quarter of the samples against the first,
and how much each measured question added. The warm-up is long (``WARM_UP``
questions) because bounded caches fill slowly: the question-word cache, the
Slack events already answered, SQLite's page caches and the malloc arenas of
the worker threads grew RSS by about 20 MB over the first 8,000 questions and
then levelled off (a 30,000-question run showed it). It exits with status 1 if
the last quarter's median passes the first quarter's by more than
``GROWTH_LIMIT``, or any question went unanswered or got an internal error.
The query log grows on disk by design; its size is reported for reference.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import math
import random
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from benchmarks.chat_load import QUESTIONS, Ask, Send, discord_sender, slack_sender
from bot.factchecker import FactChecker
from bot.settings import Settings, shipped_seeds

WAVE = 30
WARM_UP = 10_000
BASE = 1_000_000
KINDS: list[Literal["command", "mention"]] = ["command", "command", "command", "mention"]
# The last quarter's median RSS may be at most this much above the first quarter's
# (about 15 MB on the seeds): allocator noise stays under it, a leak of 2 KB or more
# per question (the quarters are 7,500 questions apart) does not. Slower growth
# shows in the bytes-per-question figure.
GROWTH_LIMIT = 1.05
SPEAKERS = ["Kirby", "John Kirby", "North Korea", "the defence ministry", "KCNA", "Pyongyang", "Moscow", "Victor Cha"]
TOPICS = [
    "the arms deal",
    "artillery shells",
    "Ukraine",
    "sanctions",
    "rumours",
    "missile launches",
    "the Wagner group",
]
OPENINGS = ["What did {who} say about {topic}?", "Did {who} deny {topic}?", "When did {who} comment on {topic}?"]
HOSTILE = [
    "<!channel> who denied the arms deal? @everyone <@U123> <@&456>",
    "'; DROP TABLE query_log; -- who is Kirby?",
    "Who said (.*)+[? \\d{3} $^|",
    "**Kirby** [said](https://evil.example) ~~what~~ `when`?",
    "كيربي ‮who‬ denied é̷̛ the deal 🕵️‍♀️?",
    "???",
    "arms deal " * 120,
]


def varied_questions(seed: int = 7) -> Iterator[str]:
    """An endless, repeatable stream of questions unlike each other."""
    rng = random.Random(seed)
    for n in range(sys.maxsize):
        roll = rng.random()
        if roll < 0.4:
            yield rng.choice(QUESTIONS)
        elif roll < 0.75:
            yield rng.choice(OPENINGS).format(who=rng.choice(SPEAKERS), topic=rng.choice(TOPICS))
        elif roll < 0.8:
            yield f"Did Zq{n:x}vard deny {rng.choice(TOPICS)}?"
        elif roll < 0.85:
            made_up = ("".join(rng.choices(string.ascii_lowercase, k=7)) for _ in range(30))
            yield f"Is it true that {' '.join(made_up)} in {rng.randrange(1900, 2100)}?"
        else:
            yield rng.choice(HOSTILE)


def memory_kb() -> dict[str, int]:
    """``VmRSS`` and ``RssAnon`` of this process, in kB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon"):
            found[name] = int(value.split()[0])
    return found


@dataclass
class Sample:
    asked: int
    rss_kb: int
    anon_kb: int
    objects: int


@dataclass
class Soak:
    """Asks waves of questions through every path and keeps count of what came back."""

    checker: FactChecker
    slack: Send
    discord: Send
    users: int
    channels: int
    questions: Iterator[str] = field(default_factory=varied_questions)
    asked: int = 0
    unanswered: int = 0
    errors: int = 0
    sent: dict[str, int] = field(default_factory=lambda: {"slack": 0, "discord": 0})

    def _asks(self, platform: str, count: int) -> list[Ask]:
        """The platform's next ``count`` questions, from its population of askers in turn."""
        first = self.sent[platform]
        self.sent[platform] += count
        return [
            Ask(
                str(BASE + n),
                KINDS[n % len(KINDS)],
                next(self.questions),
                BASE + n % self.users,
                BASE + n % self.channels,
            )
            for n in range(first, first + count)
        ]

    async def wave(self) -> None:
        third = WAVE // 3
        core = [next(self.questions) for _ in range(third)]
        _, slack, discord = await asyncio.gather(
            asyncio.gather(*(self.checker.ask(q, origin="soak") for q in core)),
            self.slack(self._asks("slack", third)),
            self.discord(self._asks("discord", third)),
        )
        self.unanswered += 2 * third - len(slack.answers) - len(discord.answers)
        self.errors += slack.errors + discord.errors
        self.asked += WAVE


def sample(soak: Soak) -> Sample:
    gc.collect()
    memory = memory_kb()
    return Sample(soak.asked, memory["VmRSS"], memory["RssAnon"], len(gc.get_objects()))


def disk_bytes(db: Path) -> int:
    """The database with its write-ahead log, where recent writes sit until a checkpoint."""
    return sum(path.stat().st_size for path in (db, db.with_name(db.name + "-wal")) if path.exists())


def mb(kb: float) -> str:
    return f"{kb / 1024:.1f} MB"


async def main(db: Path | None, count: int, every: int) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        db_path = db or Path(folder) / "soak.db"
        settings = Settings(db_path=db_path, seeds_dir=None if db else shipped_seeds())
        async with (
            FactChecker.open(settings) as checker,
            slack_sender(checker, grace=0.0) as slack,
            discord_sender(checker, grace=0.0) as discord,
        ):
            await checker.warm()  # as `factcheck serve` does as it starts
            # Each platform's askers are a fixed population, large enough that nobody asks
            # more than half their per-minute limit over the whole run, and every one of them
            # asks during the warm-up, so the rate limiter has met them all before measuring.
            users = math.ceil(count / 3 / max(1, settings.questions_per_user_per_minute // 2 - 1))
            channels = math.ceil(count / 3 / max(1, settings.questions_per_channel_per_minute // 2 - 1))
            soak = Soak(checker, slack, discord, users, channels)
            while soak.asked < max(WARM_UP, 3 * users):
                await soak.wave()
            warm_up = soak.asked
            soak.asked, db_start = 0, disk_bytes(db_path)
            samples = [sample(soak)]
            started = time.monotonic()
            while soak.asked < count:
                await soak.wave()
                if soak.asked // every > samples[-1].asked // every:
                    samples.append(sample(soak))
            took = time.monotonic() - started
            db_end = disk_bytes(db_path)
    quarter = max(1, len(samples) // 4)
    first = statistics.median(s.rss_kb for s in samples[:quarter])
    last = statistics.median(s.rss_kb for s in samples[-quarter:])
    ratio = last / first
    per_question = (samples[-1].rss_kb - samples[0].rss_kb) * 1024 / max(1, samples[-1].asked)
    print(
        f"soak: {soak.asked:,} questions in {took:.0f} s, {WAVE} at a time (core ask, Slack, Discord in thirds), "
        f"after a warm-up of {warm_up}; {users} askers in {channels} channels on each platform; "
        f"{soak.unanswered} unanswered, {soak.errors} internal-error replies; {len(samples)} samples, "
        f"one every {every}"
    )
    print(
        f"  RSS: start {mb(samples[0].rss_kb)}, median {mb(statistics.median(s.rss_kb for s in samples))}, "
        f"end {mb(samples[-1].rss_kb)}, max {mb(max(s.rss_kb for s in samples))}; last quarter / first quarter "
        f"median {ratio:.3f} (limit {GROWTH_LIMIT}); start to end {per_question:+.0f} bytes per question"
    )
    print(
        f"  RssAnon: start {mb(samples[0].anon_kb)}, median {mb(statistics.median(s.anon_kb for s in samples))}, "
        f"end {mb(samples[-1].anon_kb)}; tracked objects: start {samples[0].objects:,}, end {samples[-1].objects:,}"
    )
    print(f"  RSS by sample (MB): {' '.join(f'{s.rss_kb / 1024:.0f}' for s in samples)}")
    print(f"  database on disk (the query log grows by design): {mb(db_start / 1024)} -> {mb(db_end / 1024)}")
    return ratio <= GROWTH_LIMIT and soak.unanswered == soak.errors == 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="answer from this database instead of the seed articles")
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=250, help="questions between memory samples")
    args = parser.parse_args()
    sys.exit(0 if asyncio.run(main(args.db, args.questions, args.every)) else 1)

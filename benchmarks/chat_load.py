"""Questions in flight through the real Slack and Discord handler paths.

    python benchmarks/chat_load.py [--db PATH] [--questions N]

Sends N questions at once through each adapter (Bolt's HTTP endpoint with signed
requests; discord.py's real interaction parsing and CommandTree), with the
platforms' APIs faked on loopback, and reports how fast Slack got its
acknowledgement and Discord its deferral, how fast the answers followed, whether
every question was answered exactly once, and the event loop's worst lag
(measured by a probe task). Without ``--db`` it answers from the seed articles.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import discord
from aiohttp.test_utils import TestServer
from slack_sdk.web.async_client import AsyncWebClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.discord_app import FactCheckBot
from adapters.slack_app import build_slack_app
from adapters.slack_server import EVENTS_PATH
from bot.factchecker import FactChecker
from bot.settings import Settings, shipped_seeds
from tests.fake_discord import APP_ID, command_payload, fake_discord
from tests.fake_slack import SIGNING_SECRET, command_body, fake_slack, signed_headers

QUESTIONS = ["Who denied the arms deal?", "Who is John Kirby?", "What sanctions apply?", "When did Kirby speak?"]


class LagProbe:
    """Records how late a 5 ms sleep wakes up: the loop's longest stall."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, time.perf_counter() - before - 0.005)

    def __enter__(self) -> LagProbe:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return f"{name}: p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms"


async def slack_load(checker: FactChecker, count: int) -> None:
    async with fake_slack() as fake:
        client = AsyncWebClient(token="xoxb-load", base_url=f"{fake.url}/api/")
        app = build_slack_app(checker, client=client, signing_secret=SIGNING_SECRET)
        server = TestServer(app.web_app(path=EVENTS_PATH), host="127.0.0.1")
        await server.start_server()
        url = str(server.make_url(EVENTS_PATH))
        acks: list[float] = []
        started = time.perf_counter()
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

            async def one(n: int) -> None:
                body = command_body(QUESTIONS[n % len(QUESTIONS)], fake.response_url(f"q{n}"), user=f"U{n % 97}")
                before = time.perf_counter()
                async with session.post(
                    url,
                    data=body.encode(),
                    headers=signed_headers(body, content_type="application/x-www-form-urlencoded"),
                ) as response:
                    assert response.status == 200
                acks.append(time.perf_counter() - before)

            with LagProbe() as probe:
                await asyncio.gather(*(one(n) for n in range(count)))
                await fake.wait_for("response_url", count=count, timeout=600)
        total = time.perf_counter() - started
        await server.close()
    answered = len(fake.sent("response_url"))
    print(f"Slack, {count} slash commands at once: {answered} answered (exactly once: {answered == count})")
    print(f"  {summary('ack', acks)}; all answered in {total:.1f} s; worst loop lag {probe.worst * 1000:.1f} ms")


async def discord_load(checker: FactChecker, count: int) -> None:
    async with fake_discord() as fake:
        discord.http.Route.BASE = f"{fake.url}/api/v10"
        bot = FactCheckBot(checker)
        await bot.login("load-token")
        started = time.perf_counter()
        with LagProbe() as probe:
            for n in range(count):
                payload = command_payload(QUESTIONS[n % len(QUESTIONS)], interaction_id=str(10_000 + n))
                bot._connection.parse_interaction_create(payload)
            await fake.wait_for("POST", "/callback", count=count, timeout=600)
            await fake.wait_for("POST", f"/webhooks/{APP_ID}/", count=count, timeout=600)
        defers = [
            at - started for method, path, _, at in fake.requests if method == "POST" and path.endswith("/callback")
        ]
        total = time.perf_counter() - started
        await bot.close()
    answered = len(fake.sent("POST", f"/webhooks/{APP_ID}/"))
    print(f"Discord, {count} slash commands at once: {answered} answered (exactly once: {answered == count})")
    lag = probe.worst * 1000
    print(f"  {summary('defer', defers)} after dispatch; all answered in {total:.1f} s; worst loop lag {lag:.1f} ms")


async def main(db: Path | None, count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db_path=db or Path(folder) / "load.db", seeds_dir=None if db else shipped_seeds())
        async with FactChecker.open(settings) as checker:
            await slack_load(checker, count)
            await discord_load(checker, count)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--questions", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.db, args.questions))

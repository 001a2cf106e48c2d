"""Questions in flight through the real Slack and Discord handler paths.

    python -m benchmarks.chat_load [--db PATH] [--questions N]

Sends N questions at once through each adapter, with the platforms' APIs faked
on loopback: to Slack as signed HTTP requests to Bolt's real endpoint, to
Discord as raw gateway payloads through discord.py's real interaction and
message parsing and its CommandTree. Every fourth question is a mention, the
rest are slash commands. The questions come from enough users in enough
channels that none asks more than half its per-minute rate limit, so with the
limits on, a refusal means the limiter miscounts rather than that the load was
unfair. The platform's side (its fake API, and for Slack the client sending the
requests) runs in a process of its own, as Slack and Discord run on machines of
their own, so the bot's event loop and heap carry only the bot's work; the two
processes still share the machine's cores.

For each adapter it reports the acknowledgement (Slack) or deferral (Discord)
and answer times, p50 and p99, and their ratios to the same path with one
question at a time in the same run; how many questions were answered exactly
once, lost, answered more than once, refused or answered with an internal
error; and the bot's event loop during the burst: how late a probe task's 5 ms
sleeps woke (median and worst), the longest single callback (how long the loop
was blocked at a time) and the longest garbage-collection pause, against the
100 ms target. It exits with status 1 if any question was lost, answered twice,
refused or answered with an error. Without ``--db`` it answers from the seed
articles.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

import aiohttp
import discord
from aiohttp import web
from aiohttp.test_utils import TestServer
from slack_sdk.web.async_client import AsyncWebClient

from adapters.discord_app import FactCheckBot
from adapters.slack_app import build_slack_app
from adapters.slack_server import EVENTS_PATH, events_app
from bot import messages
from bot.evaluation import read_cases
from bot.factchecker import FactChecker
from bot.settings import Settings, shipped_seeds
from fakes.discord_api import (
    APP_ID,
    BOT_ID,
    GUILD_ID,
    REPORTER,
    command_payload,
    deliver_interaction,
    deliver_message,
    fake_discord,
)
from fakes.discord_api import message_payload as discord_message_payload
from fakes.loopback import serve_on_loopback
from fakes.slack_api import (
    BOT_USER,
    SIGNING_SECRET,
    FakeSlack,
    command_body,
    fake_slack,
    mention_body,
    signed_headers,
)

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [case.question for case in read_cases((ROOT / "tests/data/dev.jsonl").read_text().splitlines())]
ALONE = 8
LOOP_TARGET = 0.100
# Slack and Discord both drop a request that is not acknowledged within 3 seconds.
PLATFORM_DEADLINE = 3.0
DUPLICATE_GRACE = 0.25
FORM = "application/x-www-form-urlencoded"
# What the platform saw, as [what, question key, when]: what is "ack", "answer", "error"
# (an answer carrying the internal-error message) or "refused" (the rate-limit notice).
Event = list[Any]


@dataclass(frozen=True, slots=True)
class Ask:
    """One question as a platform delivers it; ``key`` comes back with its answer
    (as the response URL's name, the thread or message replied to, or the interaction)."""

    key: str
    kind: Literal["command", "mention"]
    question: str
    user: int
    channel: int


def spread(phase: int, count: int, settings: Settings) -> list[Ask]:
    """``count`` questions from enough users and channels that none asks more than half its
    per-minute limit; each phase has users and channels of its own, so the phases of one
    run never share a limiter window."""
    users = math.ceil(count / max(1, settings.questions_per_user_per_minute // 2))
    channels = math.ceil(count / max(1, settings.questions_per_channel_per_minute // 2))
    base = (phase + 1) * 1_000_000
    return [
        Ask(
            key=str(base + n),
            kind="mention" if n % 4 == 3 else "command",
            question=QUESTIONS[n % len(QUESTIONS)],
            user=base + n % users,
            channel=base + n % channels,
        )
        for n in range(count)
    ]


class LoopProbe:
    """Watches the running event loop three ways. A probe task's 5 ms sleeps wake late by
    however long any task waits for its turn (the loop's lag, busy or blocked); timing every
    callback the loop runs gives the longest it was blocked at a time; and a full garbage
    collection stops the loop in the middle of whatever callback triggered it."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self.longest_callback = 0.0
        self.gc_pauses: list[float] = []
        self._gc_started = 0.0
        self._task: asyncio.Task[None] | None = None
        self._run_handle = asyncio.events.Handle._run

    async def _sleep(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            self.lags.append(time.perf_counter() - before - 0.005)

    def _gc(self, phase: str, _: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_pauses.append(time.perf_counter() - self._gc_started)

    def __enter__(self) -> LoopProbe:
        run_handle = self._run_handle

        def timed(handle: asyncio.Handle) -> None:
            before = time.perf_counter()
            run_handle(handle)
            self.longest_callback = max(self.longest_callback, time.perf_counter() - before)

        asyncio.events.Handle._run = timed  # type: ignore[method-assign, assignment]
        gc.callbacks.append(self._gc)
        self._task = asyncio.get_running_loop().create_task(self._sleep())
        return self

    def __exit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()
        gc.callbacks.remove(self._gc)
        asyncio.events.Handle._run = self._run_handle  # type: ignore[method-assign]


@dataclass
class Tally:
    """Acknowledgements, answers and refusals as they reach the fake platform, matched to the
    questions sent. An event for a key not sent here belongs to an earlier batch and is left out."""

    sent: dict[str, float] = field(default_factory=dict)
    acks: dict[str, float] = field(default_factory=dict)
    answers: dict[str, list[float]] = field(default_factory=dict)
    refused: int = 0
    errors: int = 0
    seconds: float = 0.0

    def record(self, what: str, key: str, at: float) -> None:
        if what == "refused":
            self.refused += 1
        elif key not in self.sent:
            return
        elif what == "ack":
            self.acks[key] = at
        else:
            self.answers.setdefault(key, []).append(at)
            self.errors += what == "error"

    def settled(self) -> bool:
        return len(self.answers) + self.refused >= len(self.sent)

    def ack_times(self) -> list[float]:
        return [at - self.sent[key] for key, at in self.acks.items()]

    def answer_times(self) -> list[float]:
        return [min(times) - self.sent[key] for key, times in self.answers.items()]

    def merge(self, other: Tally) -> None:
        self.sent.update(other.sent)
        self.acks.update(other.acks)
        for key, times in other.answers.items():
            self.answers.setdefault(key, []).extend(times)
        self.refused += other.refused
        self.errors += other.errors


Send = Callable[[list[Ask]], Awaitable[Tally]]


def classify(text: str) -> str:
    if messages.RATE_LIMITED in text:
        return "refused"
    return "error" if messages.INTERNAL_ERROR in text else "answer"


@dataclass
class TimedSlack(FakeSlack):
    """The fake Slack, also noting which question each answer or notice was for and when it came."""

    delivered: list[tuple[str, float, str]] = field(default_factory=list)

    async def _respond(self, request: web.Request) -> web.Response:
        at = time.monotonic()
        body = await request.json()
        self.delivered.append((request.match_info["name"], at, str(body.get("text", ""))))
        return await super()._respond(request)

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] in ("chat.postMessage", "chat.postEphemeral"):
            at = time.monotonic()
            body = await request.json()
            thread = str(body.get("thread_ts") or "")
            self.delivered.append((thread.partition(".")[2], at, str(body.get("text", ""))))
        return await super()._api(request)


def slack_request(ask: Ask, fake: FakeSlack) -> tuple[str, str]:
    """The body Slack would send for ``ask``, and its content type."""
    if ask.kind == "command":
        fields = dict(parse_qsl(command_body(ask.question, fake.response_url(ask.key), user=f"U{ask.user}")))
        fields["channel_id"] = f"C{ask.channel}"
        return urlencode(fields), FORM
    payload = json.loads(mention_body(f"<@{BOT_USER}> {ask.question}", event_id=f"Ev{ask.key}", ts=f"1.{ask.key}"))
    payload["event"].update(user=f"U{ask.user}", channel=f"C{ask.channel}")
    return json.dumps(payload), "application/json"


async def post_all(session: aiohttp.ClientSession, url: str, fake: FakeSlack, asks: list[Ask]) -> dict[str, Any]:
    """Slack sending every question at once, signed: when each was sent, and when it was
    acknowledged or refused."""
    sent: dict[str, float] = {}
    events: list[Event] = []

    async def one(ask: Ask) -> None:
        body, content_type = slack_request(ask, fake)
        sent[ask.key] = time.monotonic()
        async with session.post(url, data=body.encode(), headers=signed_headers(body, content_type=content_type)) as r:
            acked = await r.text()
        refused = r.status != 200 or messages.RATE_LIMITED in acked
        events.append(["refused" if refused else "ack", ask.key, time.monotonic()])

    await asyncio.gather(*(one(ask) for ask in asks))
    return {"sent": sent, "events": events}


def slack_event(delivery: Any) -> Event:
    """What one answer or notice that reached Slack means for the question it concerns."""
    key, at, text = delivery
    return [classify(text), key, at]


def discord_event(request: Any) -> Event | None:
    """What one request the bot made to Discord means for the question it concerns."""
    method, path, body, at = request
    if method != "POST":
        return None
    parts = path.split("/")
    if path.endswith("/callback"):
        return ["ack" if body.get("type") == 5 else classify(str(body["data"].get("content"))), parts[2], at]
    if path.startswith(f"/webhooks/{APP_ID}/"):
        return [classify(str(body.get("content"))), parts[3].removeprefix("token-"), at]
    if path.startswith("/channels/") and path.endswith("/messages") and "message_reference" in body:
        return [classify(str(body.get("content"))), str(body["message_reference"]["message_id"]), at]
    if path == "/users/@me/channels":
        return ["refused", "", at]
    return None


async def run_platform(name: Literal["slack", "discord"]) -> None:
    """The platform's process: its fake API, and a control endpoint through which the
    benchmark has Slack send questions and reads what the platform saw. It prints both
    URLs on a line and runs until its standard input closes."""
    log: list[Any]
    convert: Callable[[Any], Event | None]
    async with AsyncExitStack() as stack:
        control = web.Application()
        if name == "slack":
            slack = TimedSlack()
            await stack.enter_async_context(fake_slack(slack))
            session = await stack.enter_async_context(aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)))

            async def send(request: web.Request) -> web.Response:
                body = await request.json()
                return web.json_response(await post_all(session, body["url"], slack, [Ask(**a) for a in body["asks"]]))

            control.router.add_post("/send", send)
            api, log, convert = slack.url, slack.delivered, slack_event
        else:
            fake = await stack.enter_async_context(fake_discord())
            api, log, convert = fake.url, fake.requests, discord_event

        async def events(request: web.Request) -> web.Response:
            since, upto = int(request.query["since"]), len(log)
            found = [event for item in log[since:upto] if (event := convert(item)) is not None]
            return web.json_response({"next": upto, "events": found})

        control.router.add_get("/events", events)
        url = await stack.enter_async_context(serve_on_loopback(control))
        print(json.dumps({"api": api, "control": url}), flush=True)
        await asyncio.to_thread(sys.stdin.read)


class Platform:
    """Slack's or Discord's side, in a process of its own (``run_platform``), driven over loopback."""

    def __init__(self, name: Literal["slack", "discord"]) -> None:
        self.name = name
        self.api = ""
        self._control = ""
        self._next = 0

    async def __aenter__(self) -> Platform:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.chat_load", "--platform", self.name, stdin=-1, stdout=-1, cwd=ROOT
        )
        assert self._process.stdout is not None
        urls = json.loads(await self._process.stdout.readline())
        self.api, self._control = urls["api"], urls["control"]
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._session.close()
        assert self._process.stdin is not None
        self._process.stdin.close()
        await self._process.wait()

    async def send(self, url: str, asks: list[Ask]) -> Tally:
        """Have Slack send ``asks`` to ``url`` all at once; returns when every one is acknowledged."""
        payload = {"url": url, "asks": [dataclasses.asdict(ask) for ask in asks]}
        async with self._session.post(f"{self._control}/send", json=payload) as response:
            result = await response.json()
        tally = Tally(sent=result["sent"])
        for event in result["events"]:
            tally.record(*event)
        return tally

    async def collect(self, tally: Tally) -> None:
        """Record what the platform has seen since the last call."""
        async with self._session.get(f"{self._control}/events", params={"since": self._next}) as response:
            result = await response.json()
        self._next = result["next"]
        for event in result["events"]:
            tally.record(*event)


async def settle(tally: Tally, platform: Platform, grace: float) -> Tally:
    """Wait until every question is answered or refused (or a generous timeout), noting
    how long that took from the first question sent, then ``grace`` seconds longer so that
    a second answer to any of them is caught."""
    deadline = time.monotonic() + 60 + len(tally.sent) * 0.1
    await platform.collect(tally)
    while not tally.settled() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
        await platform.collect(tally)
    tally.seconds = time.monotonic() - min(tally.sent.values())
    await asyncio.sleep(grace)
    await platform.collect(tally)
    return tally


@asynccontextmanager
async def slack_sender(checker: FactChecker, grace: float = DUPLICATE_GRACE) -> AsyncIterator[Send]:
    """Bolt's app serving on loopback, and a function that has Slack send it questions all at once."""
    async with Platform("slack") as platform:
        client = AsyncWebClient(token="xoxb-load", base_url=f"{platform.api}/api/")
        app = build_slack_app(checker, client=client, signing_secret=SIGNING_SECRET)
        server = TestServer(events_app(app), host="127.0.0.1")
        await server.start_server()
        url = str(server.make_url(EVENTS_PATH))

        async def send(asks: list[Ask]) -> Tally:
            return await settle(await platform.send(url, asks), platform, grace)

        try:
            yield send
        finally:
            await server.close()


def discord_user(ask: Ask) -> dict[str, Any]:
    return {**REPORTER, "id": str(ask.user), "username": f"reporter{ask.user}"}


def discord_payload(ask: Ask) -> dict[str, Any]:
    """The gateway payload Discord would send for ``ask``. An interaction names its channel
    in a ``channel`` object, which is what discord.py reads ``channel_id`` from."""
    if ask.kind == "mention":
        payload = discord_message_payload(f"<@{BOT_ID}> {ask.question}", message_id=ask.key, author=discord_user(ask))
        payload["channel_id"] = str(ask.channel)
        return payload
    payload = command_payload(ask.question, interaction_id=ask.key)
    payload["channel_id"] = str(ask.channel)
    payload["channel"] = {"id": str(ask.channel), "type": 0, "guild_id": GUILD_ID, "name": "desk", "position": 0}
    payload["member"]["user"] = discord_user(ask)
    return payload


@asynccontextmanager
async def discord_sender(checker: FactChecker, grace: float = DUPLICATE_GRACE) -> AsyncIterator[Send]:
    """A logged-in discord.py client on the fake API, and a function that delivers it questions all at once."""
    async with Platform("discord") as platform:
        discord.http.Route.BASE = f"{platform.api}/api/v10"
        bot = FactCheckBot(checker)
        await bot.login("load-token")

        async def send(asks: list[Ask]) -> Tally:
            # Discord sends them all at once; the gateway hands them over one per websocket
            # message, awaiting between them, as fast as the bot's loop gets round to reading,
            # so every question's clock starts when the batch is sent.
            tally = Tally(sent=dict.fromkeys((ask.key for ask in asks), time.monotonic()))
            for ask in asks:
                if ask.kind == "command":
                    deliver_interaction(bot, discord_payload(ask))
                else:
                    deliver_message(bot, discord_payload(ask))
                await asyncio.sleep(0)
            return await settle(tally, platform, grace)

        try:
            yield send
        finally:
            await bot.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p99(values: list[float]) -> float:
    """Nearest-rank 99th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * 0.99) - 1)]


def timing(name: str, burst: list[float], alone: list[float]) -> str:
    single = statistics.median(alone)
    p50, worst = statistics.median(burst), p99(burst)
    return (
        f"  {name}: p50 {ms(p50)}, p99 {ms(worst)}, max {ms(max(burst))}; one at a time {ms(single)} "
        f"(p50 {p50 / single:.1f}x, p99 {worst / single:.1f}x)"
    )


def verdict(seconds: float) -> str:
    return "met" if seconds < LOOP_TARGET else "MISSED"


def report(platform: str, asks: list[Ask], settings: Settings, burst: Tally, alone: Tally, probe: LoopProbe) -> bool:
    """Print one adapter's figures; whether every question was answered exactly once, without error."""
    once = sum(len(times) == 1 for times in burst.answers.values())
    twice = sum(len(times) > 1 for times in burst.answers.values())
    lost = len(asks) - len(burst.answers) - burst.refused
    mentions = sum(ask.kind == "mention" for ask in asks)
    print(
        f"{platform}: {len(asks)} questions at once ({len(asks) - mentions} slash commands, {mentions} mentions) "
        f"from {len({a.user for a in asks})} users in {len({a.channel for a in asks})} channels; limits "
        f"{settings.questions_per_user_per_minute} per user, {settings.questions_per_channel_per_minute} per channel "
        "a minute"
    )
    print(
        f"  answered exactly once {once}, lost {lost}, answered more than once {twice}, refused (rate-limited) "
        f"{burst.refused}, internal-error replies {burst.errors}; all settled in {burst.seconds:.1f} s"
    )
    if burst.acks:
        acks = burst.ack_times()
        late = sum(t > PLATFORM_DEADLINE for t in acks)
        name = "acknowledged" if platform == "Slack" else "deferred"
        print(f"{timing(name, acks, alone.ack_times())}; after the {PLATFORM_DEADLINE:.0f} s deadline: {late}")
    if burst.answers:
        print(timing("answered", burst.answer_times(), alone.answer_times()))
    worst_lag, worst_gc = max(probe.lags, default=0.0), max(probe.gc_pauses, default=0.0)
    print(
        f"  event loop: probe lag median {ms(statistics.median(probe.lags or [0.0]))}, max {ms(worst_lag)} "
        f"(target {ms(LOOP_TARGET)}: {verdict(worst_lag)}); longest callback {ms(probe.longest_callback)} "
        f"({verdict(probe.longest_callback)}); longest GC pause {ms(worst_gc)} of {len(probe.gc_pauses)}"
    )
    return once == len(asks) and burst.errors == 0


async def measure(send: Send, settings: Settings, count: int) -> tuple[list[Ask], Tally, Tally, LoopProbe]:
    """Warm the path up, ask ``ALONE`` questions one at a time, then ``count`` at once."""
    await send(spread(0, 4, settings))
    alone = Tally()
    for ask in spread(1, ALONE, settings):
        alone.merge(await send([ask]))
    asks = spread(2, count, settings)
    with LoopProbe() as probe:
        burst = await send(asks)
    return asks, burst, alone, probe


async def main(db: Path | None, count: int) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db_path=db or Path(folder) / "load.db", seeds_dir=None if db else shipped_seeds())
        async with FactChecker.open(settings) as checker:
            gc.freeze()  # as `factcheck serve` does once the core is loaded
            await checker.warm()  # and as it starts
            ok = True
            for platform, sender in (("Slack", slack_sender), ("Discord", discord_sender)):
                async with sender(checker) as send:
                    asks, burst, alone, probe = await measure(send, settings, count)
                ok = report(platform, asks, settings, burst, alone, probe) and ok
            return ok


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="answer from this database instead of the seed articles")
    parser.add_argument("--questions", type=int, default=50, help="questions sent at once through each adapter")
    parser.add_argument("--platform", choices=["slack", "discord"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.platform:
        asyncio.run(run_platform(args.platform))
    else:
        sys.exit(0 if asyncio.run(main(args.db, args.questions)) else 1)

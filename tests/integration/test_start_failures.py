"""A service that cannot start says why in one line and exits with a status its supervisor
can act on: 78 (EX_CONFIG, do not restart) for a refused or missing token, 1 (may retry)
for a port in use or a platform out of reach. A real ``factcheck serve`` process, against
the loopback fakes of Slack and Discord."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TypeVar

import pytest

from adapters.cli import main
from adapters.startup_errors import EX_CONFIG
from fakes.discord_api import fake_discord
from fakes.slack_api import SIGNING_SECRET, fake_slack
from tests.service_process import service

BOT_TOKEN, APP_TOKEN, DISCORD_TOKEN = "xoxb-refused-1234", "xapp-refused-5678", "discord-refused-9012"
T = TypeVar("T")


def assert_one_line(log: str, *words: str) -> None:
    """Standard error is one line, ``factcheck: …``, holding ``words`` and no token, after the
    line naming the database."""
    using, *lines = log.strip().splitlines()
    assert using.startswith("Using the database "), log
    assert len(lines) == 1 and lines[0].startswith("factcheck: "), log
    assert all(word in lines[0] for word in words), log
    assert not any(token in log for token in (BOT_TOKEN, APP_TOKEN, DISCORD_TOKEN)), log


@pytest.mark.parametrize(
    ("mode", "refused", "named"),
    [
        ("http", BOT_TOKEN, "SLACK_BOT_TOKEN"),
        ("socket", BOT_TOKEN, "SLACK_BOT_TOKEN"),
        ("socket", APP_TOKEN, "SLACK_APP_TOKEN"),
    ],
    ids=["http-bot-token", "socket-mode-bot-token", "socket-mode-app-token"],
)
async def test_a_refused_slack_token_is_named_in_one_line_and_exits_78(
    tmp_path: Path, unused_tcp_port: int, mode: str, refused: str, named: str
) -> None:
    async with fake_slack() as fake:
        fake.refused_tokens.add(refused)
        env = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": f"{fake.url}/api",
        }
        args = ("slack", "--http", "--port", str(unused_tcp_port)) if mode == "http" else ("slack",)
        async with service(*args, db=tmp_path / "factcheck.db", env=env, seeds=False) as served:
            code, out, log = await served.ended()
    assert code == EX_CONFIG and out == "", log
    assert_one_line(log, f"Slack refused {named}", "invalid_auth")
    assert not fake.sockets, "nothing was served"


async def test_a_refused_discord_token_is_named_in_one_line_and_exits_78(tmp_path: Path) -> None:
    async with fake_discord() as fake:
        fake.token_valid = False
        env = {
            "DISCORD_TOKEN": DISCORD_TOKEN,
            "DISCORD_API_BASE": f"{fake.url}/api/v10",
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        async with service("discord", db=tmp_path / "factcheck.db", env=env, seeds=False) as served:
            code, _, log = await served.ended()
    assert code == EX_CONFIG, log
    assert_one_line(log, "Discord refused DISCORD_TOKEN", "401")
    assert not fake.gateway_sessions


def test_a_missing_token_is_a_configuration_error_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "slack"]) == EX_CONFIG
    assert_one_line(capsys.readouterr().err, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port another process (here, this one) listens on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


async def test_a_slack_port_in_use_is_one_line_and_exits_1(tmp_path: Path, taken_port: int) -> None:
    async with fake_slack() as fake:
        env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{fake.url}/api"}
        args = ("slack", "--http", "--port", str(taken_port))
        async with service(*args, db=tmp_path / "factcheck.db", env=env, seeds=False) as served:
            code, _, log = await served.ended()
    assert code == 1, log
    assert_one_line(log, f"port {taken_port} on all interfaces is in use", "--port")


async def test_a_health_port_in_use_is_one_line_and_exits_1(tmp_path: Path, taken_port: int) -> None:
    async with fake_discord() as fake:
        env = {
            "DISCORD_TOKEN": DISCORD_TOKEN,
            "DISCORD_API_BASE": f"{fake.url}/api/v10",
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        args = ("discord", "--health-port", str(taken_port))
        async with service(*args, db=tmp_path / "factcheck.db", env=env, seeds=False) as served:
            code, _, log = await served.ended()
    assert code == 1, log
    assert_one_line(log, f"port {taken_port} on 127.0.0.1 is in use", "--health-port")


@pytest.mark.parametrize("platform", ["slack-http", "slack-socket-mode", "discord"])
async def test_an_unreachable_api_at_start_is_one_line_and_exits_1(
    tmp_path: Path, unused_tcp_port_factory: Callable[[], int], platform: str
) -> None:
    nowhere = f"http://127.0.0.1:{unused_tcp_port_factory()}"
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{nowhere}/api",
        "DISCORD_TOKEN": DISCORD_TOKEN,
        "DISCORD_API_BASE": f"{nowhere}/api/v10",
        "DISCORD_GATEWAY_URL": nowhere.replace("http", "ws") + "/gateway",
    }
    args = {
        "slack-http": ("slack", "--http", "--port", str(unused_tcp_port_factory())),
        "slack-socket-mode": ("slack",),
        "discord": ("discord",),
    }[platform]
    async with service(*args, db=tmp_path / "factcheck.db", env=env, seeds=False) as served:
        code, _, log = await served.ended()
    assert code == 1, log
    assert_one_line(log, "cannot reach", nowhere)


class ReadCounting(MutableMapping[str, str]):
    """The process environment, counting how often each of its variables is read."""

    def __init__(self, environ: MutableMapping[str, str]) -> None:
        self._environ = environ
        self.reads: Counter[str] = Counter()

    def __getitem__(self, name: str) -> str:
        self.reads[name] += 1
        return self._environ[name]

    def __setitem__(self, name: str, value: str) -> None:
        self._environ[name] = value

    def __delitem__(self, name: str) -> None:
        del self._environ[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._environ)

    def __len__(self) -> int:
        return len(self._environ)


@contextlib.contextmanager
def in_a_thread(fake: AbstractAsyncContextManager[T]) -> Iterator[T]:
    """``fake`` served from an event loop of its own in another thread, so that ``main`` runs its
    loop (and takes the signals) in this one, as a real ``factcheck serve`` does."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        entered = asyncio.run_coroutine_threadsafe(fake.__aenter__(), loop).result(30)
        try:
            yield entered
        finally:
            asyncio.run_coroutine_threadsafe(fake.__aexit__(None, None, None), loop).result(30)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)
        loop.close()


def test_serve_reads_the_environment_once_and_serves_with_what_it_read(
    tmp_path: Path, unused_tcp_port: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every setting of ``factcheck serve`` (the log's, the database's, Slack's, the drain time)
    comes from one reading of the environment, checked before anything connects, and the
    server is handed what was read: here a token the fake refuses once the server uses it."""
    with in_a_thread(fake_slack()) as fake:
        fake.refused_tokens.add(BOT_TOKEN)
        settings = {
            "FACTCHECK_DB": str(tmp_path / "factcheck.db"),
            "FACTCHECK_SEEDS": "",
            "FACTCHECK_LOG_LEVEL": "warning",
            "FACTCHECK_DRAIN_SECONDS": "1",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": f"{fake.url}/api",
        }
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        environ = ReadCounting(os.environ)
        monkeypatch.setattr(os, "environ", environ)
        try:
            code = main(["serve", "slack", "--http", "--port", str(unused_tcp_port)])
        finally:
            gc.unfreeze()  # ``serve`` froze what this test process had loaded
    assert code == EX_CONFIG
    assert_one_line(capsys.readouterr().err, "Slack refused SLACK_BOT_TOKEN")
    assert fake.sent("auth.test"), "the server never used the token"
    assert {name: environ.reads[name] for name in settings} == dict.fromkeys(settings, 1), "each read once"

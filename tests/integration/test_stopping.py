"""SIGTERM and SIGINT stop the service without losing an acknowledged answer: a real
``factcheck serve`` process, a real signal, the loopback fakes of Slack and Discord.

The answer in hand is held up by a 429 on its delivery, as Slack or Discord would
hold it; the signal comes while it waits.
"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import aiohttp
import discord
import pytest

from adapters.drain import Work
from adapters.serving import drain_seconds
from adapters.slack_server import SlackConfig, serve_slack
from bot import messages
from bot.errors import ConfigError
from bot.factchecker import FactChecker
from fakes.discord_api import FakeDiscord, command_payload, fake_discord
from fakes.discord_api import Fault as DiscordFault
from fakes.slack_api import SIGNING_SECRET, FakeSlack, Fault, command_body, fake_slack, signed_headers
from tests.service_process import healthy, service

FORM = "application/x-www-form-urlencoded"
QUESTION = "Who is John Kirby?"


def slack_env(fake: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{fake.url}/api",
    }


def discord_env(fake: FakeDiscord) -> dict[str, str]:
    return {
        "DISCORD_TOKEN": "test-token",
        "DISCORD_API_BASE": f"{fake.url}/api/v10",
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }


async def ask_slack(port: int, fake: FakeSlack, name: str) -> int:
    body = command_body(QUESTION, fake.response_url(name))
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"http://127.0.0.1:{port}/slack/events",
            data=body.encode(),
            headers=signed_headers(body, content_type=FORM),
        ) as response,
    ):
        return response.status


def assert_drained_once(log: str) -> None:
    assert log.count("factcheck: stopping:") == 1 and log.count("factcheck: stopped") == 1, log
    assert "Traceback" not in log, log


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=lambda stop: stop.name)
async def test_a_stopped_slack_service_delivers_the_answer_it_acknowledged_and_exits_0(
    tmp_path: Path, unused_tcp_port: int, stop: signal.Signals
) -> None:
    port = unused_tcp_port
    async with fake_slack() as fake:
        fake.fail("response_url", Fault(status=429, retry_after=2, times=1))
        args = ("slack", "--http", "--host", "127.0.0.1", "--port", str(port))
        async with service(*args, db=tmp_path / "factcheck.db", env=slack_env(fake)) as served:
            await healthy(f"http://127.0.0.1:{port}/healthz")
            assert await ask_slack(port, fake, "acknowledged") == 200
            await fake.wait_for("response_url")  # the first try, answered 429: the answer now waits 2 s
            served.process.send_signal(stop)
            await served.line_with("stopping:")
            with pytest.raises(aiohttp.ClientConnectionError):
                await ask_slack(port, fake, "too-late")
            code, out, log = await served.ended()
    assert code == 0 and out == "", log
    first, second = fake.sent("response_url")
    assert first == second and "Kirby" in second["text"], "the acknowledged answer went out after the signal"
    assert len(fake.calls) == len([c for c in fake.calls if c[0] in ("auth.test", "response_url")])
    assert_drained_once(log)
    assert "stopped: every answer in hand went out" in log


@pytest.mark.slow
async def test_the_drain_is_bounded_by_factcheck_drain_seconds(tmp_path: Path, unused_tcp_port: int) -> None:
    port = unused_tcp_port
    async with fake_slack() as fake:
        fake.fail("response_url", Fault(status=429, retry_after=25, times=1))
        env = slack_env(fake) | {"FACTCHECK_DRAIN_SECONDS": "1"}
        args = ("slack", "--http", "--host", "127.0.0.1", "--port", str(port))
        async with service(*args, db=tmp_path / "factcheck.db", env=env) as served:
            await healthy(f"http://127.0.0.1:{port}/healthz")
            assert await ask_slack(port, fake, "slow") == 200
            await fake.wait_for("response_url")
            served.process.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            code, _, log = await served.ended()
            # Generous: the answer would wait 25 s; the drain gives it 1.
            assert time.monotonic() - signalled < 15, log
    assert code == 0, log
    assert_drained_once(log)
    assert "stopped after 1 s with 1 answer(s) unfinished" in log


@pytest.mark.slow
async def test_a_stopped_discord_service_delivers_the_follow_up_and_tells_newcomers_to_ask_again(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    async with fake_discord() as fake:
        fake.fail("POST", "/webhooks/", DiscordFault(status=429, retry_after=2, times=1))
        args = ("discord", "--health-port", str(unused_tcp_port))
        async with service(*args, db=tmp_path / "factcheck.db", env=discord_env(fake)) as served:
            await healthy(f"http://127.0.0.1:{unused_tcp_port}/healthz")
            await fake.dispatch("INTERACTION_CREATE", command_payload(QUESTION, interaction_id="900"))
            await fake.wait_for("POST", "/webhooks/")  # the first try, answered 429
            served.process.send_signal(signal.SIGTERM)
            await served.line_with("stopping:")
            await fake.dispatch("INTERACTION_CREATE", command_payload(QUESTION, interaction_id="901"))
            (refused,) = await fake.wait_for("POST", "/interactions/901/")
            code, _, log = await served.ended()
    assert code == 0, log
    first, second = fake.sent("POST", "/webhooks/")
    assert first == second and second["embeds"], "the deferred answer went out after the signal"
    assert refused["type"] == 4 and refused["data"]["content"] == messages.RESTARTING
    assert refused["data"]["flags"] == discord.MessageFlags(ephemeral=True).value
    assert_drained_once(log)


@pytest.mark.slow
async def test_nothing_in_hand_stops_at_once(tmp_path: Path, unused_tcp_port: int) -> None:
    async with fake_slack() as fake:
        args = ("slack", "--http", "--host", "127.0.0.1", "--port", str(unused_tcp_port))
        async with service(*args, db=tmp_path / "factcheck.db", env=slack_env(fake)) as served:
            await healthy(f"http://127.0.0.1:{unused_tcp_port}/healthz")
            served.process.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            code, _, log = await served.ended()
            assert time.monotonic() - signalled < 10, log
    assert code == 0
    assert_drained_once(log)
    assert "finishing 0 in hand" in log


@pytest.mark.parametrize("raw", ["soon", "-1", "inf"])
def test_a_malformed_drain_time_is_named(raw: str) -> None:
    with pytest.raises(ConfigError, match="FACTCHECK_DRAIN_SECONDS"):
        drain_seconds({"FACTCHECK_DRAIN_SECONDS": raw})
    assert drain_seconds({}) == 20 and drain_seconds({"FACTCHECK_DRAIN_SECONDS": "2.5"}) == 2.5


async def test_a_slack_request_on_a_kept_alive_connection_after_the_signal_gets_503(
    checker: FactChecker, unused_tcp_port: int
) -> None:
    """The port closes at once; a request that still comes on a connection kept open is refused, so
    Slack retries it elsewhere, and never reaches the listeners."""
    work = Work()
    async with fake_slack() as fake:
        server = asyncio.create_task(
            serve_slack(
                checker,
                SlackConfig.from_env(slack_env(fake), http=True),
                host="127.0.0.1",
                port=unused_tcp_port,
                work=work,
            )
        )
        try:
            url = f"http://127.0.0.1:{unused_tcp_port}/slack/events"
            connector = aiohttp.TCPConnector(limit=1)
            async with aiohttp.ClientSession(connector=connector) as session:

                async def post(name: str) -> int:
                    body = command_body(QUESTION, fake.response_url(name))
                    headers = signed_headers(body, content_type=FORM)
                    async with session.post(url, data=body.encode(), headers=headers) as response:
                        await response.read()
                        return response.status

                for _ in range(200):
                    try:
                        assert await post("before") == 200
                        break
                    except aiohttp.ClientConnectorError:
                        await asyncio.sleep(0.05)
                await fake.wait_for("response_url")
                work.stop_taking()
                await asyncio.sleep(0.1)
                assert await post("after") == 503
        finally:
            server.cancel()
            await asyncio.gather(server, return_exceptions=True)
    assert len(fake.sent("response_url")) == 1

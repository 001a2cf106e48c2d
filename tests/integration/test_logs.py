"""Log lines as an operator and a log collector read them: timed, at the level asked
for, as JSON when asked, about which question, and free of the libraries' noise."""

from __future__ import annotations

import io
import json
import logging
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import discord
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.discord_app import FactCheckBot
from adapters.logging_setup import LogSettings, log_handler, quiet_library_warnings
from adapters.slack_app import build_slack_app
from bot.errors import ConfigError
from bot.factchecker import FactChecker
from bot.settings import Settings
from fakes.slack_api import Fault, command_body
from tests.conftest import SEEDS
from tests.integration.test_platform_faults import wait_for_log
from tests.integration.test_slack import Slack, running
from tests.reliability import cli_command, cli_env
from tests.unit.test_cli import run

QUESTION = "Who is John Kirby?"
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d")


def factcheck(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = cli_env(tmp_path / "factcheck.db") | {"FACTCHECK_SEEDS": str(SEEDS)} | env
    return subprocess.run(cli_command(*args), env=environment, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("env", "verbose", "level"),
    [
        ({}, False, logging.WARNING),
        ({"FACTCHECK_LOG_LEVEL": "error"}, False, logging.ERROR),
        ({"FACTCHECK_LOG_LEVEL": " Debug "}, False, logging.DEBUG),
        ({"FACTCHECK_LOG_LEVEL": "error"}, True, logging.INFO),
        ({"FACTCHECK_LOG_LEVEL": "debug"}, True, logging.INFO),
    ],
)
def test_the_level_is_the_settings_unless_v_is_given(env: dict[str, str], verbose: bool, level: int) -> None:
    assert LogSettings.from_env(env, verbose=verbose).level == level


@pytest.mark.parametrize(
    ("name", "choices"),
    [("FACTCHECK_LOG_LEVEL", "debug, info, warning, error, critical"), ("FACTCHECK_LOG_FORMAT", "text, json")],
)
def test_a_bad_log_setting_is_named_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str, choices: str
) -> None:
    monkeypatch.setenv(name, "loud")
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 78 and out == ""  # EX_CONFIG, as every configuration error
    assert err == f"factcheck: {name} must be one of {choices}, not 'loud'\n"
    with pytest.raises(ConfigError):
        LogSettings.from_env({name: "loud"}, verbose=True)


def test_every_log_line_has_its_time_and_the_answers_have_none(tmp_path: Path) -> None:
    result = factcheck(tmp_path, "ask", QUESTION, FACTCHECK_LOG_LEVEL="info")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any("INFO index.refit: fitting the index" in line for line in lines)
    assert all(TIME.match(line) for line in lines), lines
    assert "John Kirby" in result.stdout
    assert not any(TIME.search(line) for line in result.stdout.splitlines())


def test_json_logs_are_one_object_per_line_and_v_wins_over_the_level_set(tmp_path: Path) -> None:
    result = factcheck(tmp_path, "-v", "ask", QUESTION, FACTCHECK_LOG_LEVEL="error", FACTCHECK_LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    fitting = next(line for line in lines if line["message"].startswith("fitting the index"))
    assert fitting.keys() == {"time", "level", "logger", "message"}
    assert TIME.fullmatch(fitting["time"])
    assert (fitting["level"], fitting["logger"]) == ("INFO", "index.refit")


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = log_handler(LogSettings(json=True), stream)
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)


async def test_a_json_line_about_a_question_carries_its_id(
    checker: FactChecker,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    json_log: io.StringIO,
) -> None:
    async for slack in running(checker):
        await fail_the_response_url(slack, caplog)
    with sqlite3.connect(settings.db_path) as db:
        (question_id,) = db.execute("SELECT id FROM query_log WHERE question = ?", (QUESTION,)).fetchone()
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    failed = next(line for line in lines if line["message"].startswith("Slack response_url post failed"))
    assert failed["question_id"] == question_id
    assert failed["level"] == "ERROR" and failed["logger"] == "adapters.slack_delivery"


async def fail_the_response_url(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    slack.fake.fail("response_url", Fault(500))
    await slack.post(command_body(QUESTION, slack.fake.response_url()))
    await slack.fake.wait_for("response_url", count=3)
    await wait_for_log(caplog, "response_url post failed")


def test_bolt_and_discord_py_start_without_their_meaningless_warnings(
    checker: FactChecker, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-the-environment")
    for name in ("slack_bolt.AsyncApp", "discord.client"):
        monkeypatch.setattr(logging.getLogger(name), "filters", [])

    def start() -> list[str]:
        caplog.clear()
        monkeypatch.setattr(discord.VoiceClient, "warn_nacl", True)
        monkeypatch.setattr(discord.VoiceClient, "warn_dave", True)
        build_slack_app(checker, client=AsyncWebClient(token="xoxb-test"), signing_secret="secret")
        FactCheckBot(checker)
        return [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]

    heard = start()
    assert "As you gave `client` as well, `token` will be unused." in heard
    assert "PyNaCl is not installed, voice will NOT be supported" in heard
    quiet_library_warnings()
    assert start() == []

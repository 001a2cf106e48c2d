"""Every sentence the bot says to a person is in ``bot/messages.py``, so its wording is reviewed
in one place: the core's and the adapters' code says them by name."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.discord_server import DiscordConfig
from adapters.logging_setup import LogSettings
from adapters.serving import drain_seconds
from adapters.slack_server import SlackConfig
from bot import messages
from bot.errors import ConfigError
from bot.settings import Settings
from tests.conftest import ROOT

SAID_BY = {
    "print",
    "ConfigError",
    "StartupError",
    "DatabaseError",
    "QuestionError",
    "ValueError",
    "ArgumentTypeError",
    "Problem",
    "Answer",
    "ack",
    "respond",
    "send_message",
    "post_message",
    "post_ephemeral",
}
"""What puts a sentence in front of a person: printing it, raising it as an error a person reads,
or sending it to chat."""
SAID_AS = {"text", "content", "error", "reason"}
WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")
COMMAND_NAME = re.compile(r"factcheck [a-z]+: ")
"""What starts a line the command line prints to standard error: a name, not a sentence."""


def sentences_written_in_place(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        said = [*node.args] if name in SAID_BY else []
        said += [keyword.value for keyword in node.keywords if keyword.arg in SAID_AS]
        for value in said:
            parts = value.values if isinstance(value, ast.JoinedStr) else [value]
            for part in parts:
                if (
                    isinstance(part, ast.Constant)
                    and isinstance(part.value, str)
                    and WORDS.search(COMMAND_NAME.sub("", part.value))
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {part.value!r}")
    return found


def test_no_sentence_for_a_person_is_written_outside_messages() -> None:
    code = [path for folder in ("bot", "adapters") for path in sorted((ROOT / folder).glob("*.py"))]
    assert [line for path in code if path.name != "messages.py" for line in sentences_written_in_place(path)] == []


@pytest.mark.parametrize(
    ("read", "said"),
    [
        (
            lambda: Settings.load({"FACTCHECK_RATE_PER_USER": "many"}, env_file=None),
            messages.WHOLE_NUMBER_SETTING.format(name="FACTCHECK_RATE_PER_USER", lowest=0, raw="many"),
        ),
        (
            lambda: SlackConfig.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}, http=True),
            messages.NEEDS_SETTINGS.format(platform="Slack HTTP mode", names="SLACK_SIGNING_SECRET"),
        ),
        (
            lambda: DiscordConfig.from_env({"DISCORD_TOKEN": "t", "DISCORD_GUILDS": "12,x"}),
            messages.SERVER_IDS_SETTING.format(name="DISCORD_GUILDS", wrong="x"),
        ),
        (
            lambda: drain_seconds({"FACTCHECK_DRAIN_SECONDS": "-1"}),
            messages.SECONDS_SETTING.format(name="FACTCHECK_DRAIN_SECONDS", raw="-1"),
        ),
        (
            lambda: LogSettings.from_env({"FACTCHECK_LOG_FORMAT": "xml"}, verbose=False),
            messages.CHOICE_SETTING.format(name="FACTCHECK_LOG_FORMAT", choices="text, json", raw="xml"),
        ),
    ],
)
def test_a_wrong_setting_is_named_in_the_sentence_messages_holds(read: Callable[[], object], said: str) -> None:
    with pytest.raises(ConfigError) as raised:
        read()
    assert str(raised.value) == said

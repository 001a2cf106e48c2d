"""How the bot's log lines look: for a person reading a terminal, or for a log collector.

Every line starts with its time, so a line copied out of a journal or a container's
log still says when it happened. ``FACTCHECK_LOG_FORMAT=json`` writes one JSON object
per line instead (time, level, logger, message, and the question's id in the query
log where the line is about one), so a collector needs no pattern to parse it. The
level is ``FACTCHECK_LOG_LEVEL``; ``-v`` on the command line asks for ``info``, and
wins, as something typed for this run beats a standing setting.

Two warnings that libraries give at every start are dropped: they mean nothing to an
operator and would train one to skim past warnings. Bolt says the bot token "will be
unused" whenever ``SLACK_BOT_TOKEN`` is in the environment, because it prefers the
client this bot builds with that same token; discord.py says voice will not work,
and this bot never speaks.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TextIO

from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from bot import messages
from bot.errors import ConfigError

LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "critical": logging.CRITICAL,
}
FORMATS = ("text", "json")

question_in_hand: ContextVar[int | None] = ContextVar("question_in_hand", default=None)
"""The query-log id of the question the current task is answering, once it has one: the
log lines written while its answer is delivered carry it."""


@dataclass(frozen=True, slots=True)
class LogSettings:
    level: int = logging.WARNING
    json: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, verbose: bool) -> LogSettings:
        level = env.get("FACTCHECK_LOG_LEVEL", "").strip().lower() or "warning"
        if level not in LEVELS:
            raise ConfigError(
                messages.CHOICE_SETTING.format(name="FACTCHECK_LOG_LEVEL", choices=", ".join(LEVELS), raw=level)
            )
        form = env.get("FACTCHECK_LOG_FORMAT", "").strip().lower() or "text"
        if form not in FORMATS:
            raise ConfigError(
                messages.CHOICE_SETTING.format(name="FACTCHECK_LOG_FORMAT", choices=", ".join(FORMATS), raw=form)
            )
        return cls(level=logging.INFO if verbose else LEVELS[level], json=form == "json")


def start_logging(settings: LogSettings, stream: TextIO) -> None:
    """Send log lines to ``stream``, unless logging was set up already (as by a test runner)."""
    logging.basicConfig(level=settings.level, handlers=[log_handler(settings, stream)])
    quiet_library_warnings()


def log_handler(settings: LogSettings, stream: TextIO) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines() if settings.json else TimedText())
    handler.addFilter(_with_question)
    return handler


def quiet_library_warnings() -> None:
    logging.getLogger("slack_bolt.AsyncApp").addFilter(_not_token_unused)
    logging.getLogger("discord.client").addFilter(_not_about_voice)


class TimedText(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _iso_time(record)


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": _iso_time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        question_id = getattr(record, "question_id", None)
        if question_id is not None:
            line["question_id"] = question_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def _iso_time(record: logging.LogRecord) -> str:
    """Local time with its offset from UTC, to the millisecond: unambiguous across zones."""
    return dt.datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")


def _with_question(record: logging.LogRecord) -> bool:
    if getattr(record, "question_id", None) is None:
        record.question_id = question_in_hand.get()
    return True


def _not_token_unused(record: logging.LogRecord) -> bool:
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _not_about_voice(record: logging.LogRecord) -> bool:
    return not record.getMessage().endswith("voice will NOT be supported")

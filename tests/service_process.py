"""``factcheck serve`` as a real process against the loopback fakes: what a supervisor sees of it.

Signals, exit statuses and what reaches standard error are only real in a real
process. The fakes run in the test's event loop, so the process is started with
asyncio and read as it goes.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from .conftest import SEEDS
from .reliability import cli_command, cli_env

START_TIMEOUT = 90.0
"""Seconds a process may take to start on a loaded machine: imports, the seeds, the index."""


@dataclass
class Service:
    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    """Standard error, line by line, as read so far."""

    async def line_with(self, text: str, timeout: float = START_TIMEOUT) -> str:
        """The first line of standard error holding ``text``, read up to it."""
        found = next((line for line in self.lines if text in line), None)
        deadline = time.monotonic() + timeout
        while found is None:
            assert self.process.stderr is not None
            raw = await asyncio.wait_for(self.process.stderr.readline(), max(0.1, deadline - time.monotonic()))
            if not raw:
                raise AssertionError(f"the process never logged {text!r}: {self.lines}")
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines.append(line)
            if text in line:
                found = line
        return found

    async def ended(self, timeout: float = 60.0) -> tuple[int, str, str]:
        """The exit status, standard output and all of standard error, once the process ends."""
        out, err = await asyncio.wait_for(self.process.communicate(), timeout)
        self.lines.extend(err.decode("utf-8", "replace").splitlines())
        assert self.process.returncode is not None
        return self.process.returncode, out.decode("utf-8", "replace"), "\n".join(self.lines)


@asynccontextmanager
async def service(*args: str, db: Path, env: dict[str, str], seeds: bool = True) -> AsyncIterator[Service]:
    """``factcheck serve ARGS`` with this tree's code, database ``db`` and ``env`` (the tokens, the fakes'
    URLs), on the seed articles unless ``seeds`` is off; killed at the end if it still runs."""
    environment = cli_env(db) | {"FACTCHECK_SEEDS": str(SEEDS) if seeds else ""} | env
    process = await asyncio.create_subprocess_exec(
        *cli_command("serve", *args),
        env=environment,
        cwd=db.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield Service(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def health(url: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, json.loads(await response.text())


async def healthy(url: str, timeout: float = START_TIMEOUT) -> dict[str, Any]:
    """The body of ``url`` (a ``/healthz``) once it answers 200."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            status, body = await health(url)
        except aiohttp.ClientConnectionError as exc:
            last = exc
        else:
            if status == 200:
                return body
            last = body
        await asyncio.sleep(0.1)
    raise AssertionError(f"{url} never answered 200; last: {last}")

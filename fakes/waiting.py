"""Waiting, bounded, for something a test caused to happen elsewhere on the event loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def wait_until(done: Callable[[], bool], failure: Callable[[], str], *, timeout: float = 10.0) -> None:
    """Return once ``done()`` holds, looking every 10 ms; after ``timeout`` seconds fail with
    ``failure()``, so that a slow machine fails a test rather than passing it unchecked."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(failure())
        await asyncio.sleep(0.01)

"""The events a serving process has taken and not yet finished, so that stopping can wait for them.

Slack and Discord acknowledge an event first and answer after, often seconds
later (a slow question, a 429 to wait out). A process stopped between the two
has taken the question and never answers it. Every listener runs as ``Work``
(``held``, or ``tracked`` as a decorator); on SIGTERM or SIGINT the service
stops taking new events (``stop_taking``) and waits for the rest (``finish``),
for a bounded time.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")


class Work:
    """A count of listeners at work, and whether new events are still taken."""

    def __init__(self) -> None:
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = asyncio.Event()

    @property
    def taking(self) -> bool:
        """Whether new events are taken: False once stopping has begun."""
        return not self._stopping.is_set()

    @property
    def running(self) -> int:
        return self._running

    def stop_taking(self) -> None:
        self._stopping.set()

    async def stopped_taking(self) -> None:
        """Return once ``stop_taking`` has been called: a server's cue to stop listening."""
        await self._stopping.wait()

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """Count the body as work that stopping waits for."""
        self._running += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._running -= 1
            if not self._running:
                self._idle.set()

    def tracked(self, listener: Callable[_P, Awaitable[_T]]) -> Callable[_P, Awaitable[_T]]:
        """``listener`` run as ``held`` work. The wrapper keeps the listener's signature
        (``functools.wraps``), from which Bolt reads the arguments to pass."""

        @functools.wraps(listener)
        async def run(*args: _P.args, **kwargs: _P.kwargs) -> _T:
            async with self.held():
                return await listener(*args, **kwargs)

        return run

    async def finish(self, *, within: float) -> int:
        """Wait up to ``within`` seconds for the work in hand to end; return how much did not."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout=within)
        return self._running

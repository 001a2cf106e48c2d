"""Sending to Discord so that a failure is retried where discord.py does not, and reported, never lost.

discord.py already retries a good deal (``discord/http.py`` ``HTTPClient.request``
for channel messages, ``discord/webhook/async_.py`` ``AsyncWebhookAdapter.request``
for interaction responses and follow-ups): a 429 after the ``retry_after`` Discord
gives, up to five tries; for REST a 500, 502, 504 or 524 after 1, 3, 5, 7 s; for
webhooks every 5xx likewise. It gives up at once on a 503 from REST, on a
timeout, and on a reset connection (it retries only the BSD and Windows
``ECONNRESET`` numbers, 54 and 10054, not Linux's 104): those are tried again
here, with backoff. What still fails is logged with Discord's status and error
code, never the token (which interaction URLs carry), and the caller goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import aiohttp
import discord

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Redelivery:
    """How often, and after how long, a send that discord.py gave up on is tried again."""

    attempts: int = 3
    """Tries in all, the first included."""
    backoff: float = 1.0
    """Seconds before the second try; doubled for each next one."""

    async def send(
        self, what: str, send: Callable[[], Awaitable[T]], *, webhook: bool, level: int = logging.ERROR
    ) -> T | None:
        """``send()``'s result, or None once its last failure is logged at ``level``.

        ``webhook``: the call goes through discord.py's webhook adapter, which has
        already retried every 5xx, so only timeouts and lost connections are tried again.
        """
        attempt = 1
        while True:
            try:
                return await send()
            except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as exc:
                if attempt >= self.attempts or not _worth_retrying(exc, webhook=webhook):
                    log.log(level, "Discord %s failed (%d attempt(s)): %s", what, attempt, _describe(exc))
                    return None
            await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
            attempt += 1


def _worth_retrying(exc: Exception, *, webhook: bool) -> bool:
    if isinstance(exc, discord.HTTPException):
        return not webhook and exc.status == 503
    return True


def _describe(exc: Exception) -> str:
    if isinstance(exc, discord.HTTPException):
        return f"HTTP {exc.status} (code {exc.code}) {exc.text[:200]}".rstrip()
    return f"{type(exc).__name__} {exc}".rstrip()

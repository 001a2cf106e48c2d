"""When a Slack call is tried again, for the Web API and for ``response_url`` alike.

slack_sdk retries through the client's ``retry_handlers``; by default
(``async_default_handlers``) that is one retry after a dropped connection and
nothing else, so a 429 or a 5xx answer would lose the reply. These handlers
add rate limits and server errors, and count timeouts as a dropped
connection. slack_sdk's own rate-limit handler sleeps ``Retry-After`` plus up to
a second of jitter with no upper bound; this one refuses to wait longer than
``max_retry_after``, so an answer is reported as failed instead of hanging for
minutes. All handlers share one attempt counter per request (slack_sdk's
``RetryState``), so ``retries`` bounds them together.

A request that timed out, lost its connection or got a 5xx may still have
been carried out by Slack, and Slack's API has no idempotency key, so its
retry can, rarely, post the same answer twice; an answer lost is the worse
failure for a bot that someone asked and is waiting on.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

from aiohttp import ClientOSError, ServerConnectionError, ServerDisconnectedError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

SERVER_ERRORS = frozenset({500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class SlackRetries:
    """How often, and after how long, a failed Slack call is tried again."""

    retries: int = 2
    """Tries after the first, whatever the failure."""
    backoff: float = 0.5
    """Seconds before the first retry after a server error or a lost connection; doubled for each next one."""
    max_retry_after: float = 30.0
    """A 429 asking to wait longer than this is reported at once instead of waited out."""

    def handlers(self) -> list[AsyncRetryHandler]:
        backoff = BackoffRetryIntervalCalculator(backoff_factor=self.backoff, jitter=_ProportionalJitter())
        return [
            AsyncConnectionErrorRetryHandler(
                max_retry_count=self.retries,
                interval_calculator=backoff,
                error_types=[ServerConnectionError, ServerDisconnectedError, ClientOSError, TimeoutError],
            ),
            RateLimitRetry(max_retry_count=self.retries, max_wait=self.max_retry_after),
            ServerErrorRetry(max_retry_count=self.retries, interval_calculator=backoff),
        ]


def slack_web_client(
    token: str, *, base_url: str | None = None, retries: SlackRetries = SlackRetries(), timeout: int = 30
) -> AsyncWebClient:
    """The Web API client for the app. ``response_url`` posts reuse its retry handlers and ``timeout``
    (seconds per attempt; slack_sdk's default), see ``adapters.slack_delivery``."""
    return AsyncWebClient(
        token=token, base_url=base_url or AsyncWebClient.BASE_URL, timeout=timeout, retry_handlers=retries.handlers()
    )


class RateLimitRetry(AsyncRetryHandler):
    """Retry a 429 after the ``Retry-After`` seconds Slack asks for, unless that is over ``max_wait``."""

    def __init__(self, *, max_retry_count: int, max_wait: float) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429 and retry_after(response) <= self.max_wait

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        wait = retry_after(response) if response is not None else 1.0
        # A little jitter, so that many replies held back together do not return together.
        await asyncio.sleep(wait + random.uniform(0, 0.1))
        state.increment_current_attempt()


class ServerErrorRetry(AsyncRetryHandler):
    """Retry 500, 502, 503 and 504 (slack_sdk's own handler leaves out the gateway errors 502 and 504)."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code in SERVER_ERRORS


def retry_after(response: HttpResponse) -> float:
    """Seconds from the ``Retry-After`` header (case-insensitive); 1 when missing or not a number of seconds."""
    for name, values in response.headers.items():
        if name.lower() == "retry-after":
            value = values[0] if isinstance(values, list) else values
            try:
                return max(0.0, float(value))
            except ValueError:
                return 1.0
    return 1.0


class _ProportionalJitter(Jitter):
    """Up to half the interval again: spreads retries out, and stays small when the interval is."""

    def recalculate(self, duration: float) -> float:
        return duration * (1 + random.random() / 2)

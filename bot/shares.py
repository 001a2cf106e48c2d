"""Private answers kept for their *Share* button, so that sharing posts what the asker saw, once.

A share button carries only an id; the answer stays here. Asking the question
again when the button is pressed would post whatever the archive answers by
then, not what the asker read, and every press would be a free question past
the rate limit. The id is random, so nobody can share another person's private
answer by guessing one.

The answers are kept in memory, at most ``capacity`` of them for ``keep_for``
seconds: a private answer is shared soon or never, and an answer holds some
kilobytes of quotes (tens at the very most), so the default bound is a few
megabytes, tens at worst. An id that is no longer here (expired, pushed out by
newer answers, or kept by the process before a restart) is refused as ``GONE``,
never an error.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from bot import messages
from bot.answers import Answer

CAPACITY = 1_000
KEEP_FOR = 24 * 60 * 60.0


class Refusal(Enum):
    """Why a share posts nothing; the value is what the presser is told, privately."""

    GONE = messages.SHARE_GONE
    ALREADY_SHARED = messages.ALREADY_SHARED


@dataclass(slots=True)
class _Kept:
    answer: Answer
    kept_at: float
    shared: bool = False


class SharedAnswers:
    def __init__(
        self, *, capacity: int = CAPACITY, keep_for: float = KEEP_FOR, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._capacity = capacity
        self._keep_for = keep_for
        self._clock = clock
        self._kept: OrderedDict[str, _Kept] = OrderedDict()

    def keep(self, answer: Answer) -> str | None:
        """The id a share button carries for ``answer``; None for an error, which is not worth sharing."""
        if answer.status == "error":
            return None
        now = self._clock()
        self._forget_expired(now)
        share_id = secrets.token_urlsafe(12)
        self._kept[share_id] = _Kept(answer, now)
        while len(self._kept) > self._capacity:
            self._kept.popitem(last=False)
        return share_id

    def take(self, share_id: str) -> Answer | Refusal:
        """The answer to post, marked shared so that a second press is refused; ``release`` undoes it."""
        self._forget_expired(self._clock())
        kept = self._kept.get(share_id)
        if kept is None:
            return Refusal.GONE
        if kept.shared:
            return Refusal.ALREADY_SHARED
        kept.shared = True
        return kept.answer

    def release(self, share_id: str) -> None:
        """Let a taken answer be shared again: the share was refused by the rate limit, or could not be posted."""
        kept = self._kept.get(share_id)
        if kept is not None:
            kept.shared = False

    def __len__(self) -> int:
        return len(self._kept)

    def _forget_expired(self, now: float) -> None:
        # Kept in the order they were kept, so the expired ones are at the front.
        while self._kept:
            oldest = next(iter(self._kept.values()))
            if oldest.kept_at > now - self._keep_for:
                return
            self._kept.popitem(last=False)

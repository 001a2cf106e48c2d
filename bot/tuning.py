"""How the core divides its work, given to it as it opens (``FactChecker.open(settings, tuning=...)``).

These are no settings for an operator: the defaults are the values measured
for a newsroom's archive, and nothing reads them from the environment. They
are passed in, as httpx's client takes its transport, so that a test can make
a few dozen seed articles behave as a million passages do, or watch where the
claims are grouped, through the public entry point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from bot.answers import Claim, Evidence
from bot.claims import group_claims
from bot.events import group_events
from index.archive import CHECKPOINT_EVERY
from index.tuning import IndexTuning


class ClaimGrouping(Protocol):
    def __call__(
        self, evidence: Sequence[Evidence], similarity: np.ndarray, limit: int | None, tiers: Sequence[int] | None, /
    ) -> list[Claim]: ...


class EventGrouping(Protocol):
    def __call__(
        self,
        evidence: Sequence[Evidence],
        similarity: np.ndarray,
        limit: int | None,
        tiers: Sequence[int] | None,
        /,
        *,
        denial: bool,
        shown: Sequence[tuple[str, int, int]],
    ) -> list[Claim]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Tuning:
    loop_postings: int = 250_000
    """The most postings a question answered in the event loop may read: few enough that
    the loop is kept from other events for a few milliseconds at most, well within what a
    chat event may wait; a question over it goes to a worker thread."""
    loop_holders: int = 150
    """A marked quotation's passages are each read and compared word for word, so the
    loop's time grows with their number: the loop answers one only when its rarest
    word, and so the passages holding it all, are this few."""
    checkpoint_every: int = CHECKPOINT_EVERY
    """The event loop's connection never checkpoints the write-ahead log itself (see
    ``index.archive.connections``); after this many answers logged in the loop, a worker does."""
    index: IndexTuning = IndexTuning()
    group_claims: ClaimGrouping = group_claims
    """How an answer's evidence becomes distinct claims (``bot.claims``) ..."""
    group_events: EventGrouping = group_events
    """... and, for a question asking who did something or when, events (``bot.events``)."""

"""What a serving process's health check reports of the archive and its index."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IndexState:
    articles: int
    passages: int
    generation: int | None
    """The store generation the index reflects (None: not yet known)."""
    warm: bool
    """Whether the index in force is in memory, so that no question waits on the disk."""

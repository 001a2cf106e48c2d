"""Per-user and per-channel limits, so nobody can flood a channel through the bot.

A sliding one-minute window per key: a person asking a few questions a minute
never meets it, a script firing hundreds does. Keys whose window has emptied
are dropped, so the memory held stays bounded by the recent askers, however
many there have been.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class RateLimiter:
    def __init__(self, *, per_user: int, per_channel: int, clock: Callable[[], float] = time.monotonic) -> None:
        """``per_user`` and ``per_channel`` are questions per minute; 0 turns that limit off."""
        self._limits = {"user": per_user, "channel": per_channel}
        self._clock = clock
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self._last_sweep = clock()

    def __len__(self) -> int:
        """How many users and channels it keeps a window for: the recent askers' only."""
        return len(self._seen)

    def admit(self, user: str, channel: str) -> bool:
        """Count this question if both the user and the channel are under their limits."""
        now = self._clock()
        self._sweep(now)
        keys = [(kind, key) for kind, key in (("user", user), ("channel", channel)) if self._limits[kind] > 0]
        windows = [self._window(key, now) for key in keys]
        if any(len(window) >= self._limits[kind] for (kind, _), window in zip(keys, windows, strict=True)):
            return False
        for window in windows:
            window.append(now)
        return True

    def _window(self, key: tuple[str, str], now: float) -> deque[float]:
        window = self._seen.setdefault(key, deque())
        while window and window[0] <= now - WINDOW_SECONDS:
            window.popleft()
        return window

    def _sweep(self, now: float) -> None:
        if now - self._last_sweep < WINDOW_SECONDS:
            return
        self._last_sweep = now
        for key in [k for k, window in self._seen.items() if not window or window[-1] <= now - WINDOW_SECONDS]:
            del self._seen[key]

"""Rate-limit windows on a simulator's virtual clock: fixed (anchored at a key's first call,
as TeamDynamix counts) and rolling (the last ``period`` seconds, as Autotask counts)."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable


class FixedWindows:
    """Calls per key in fixed windows: a window opens at the first call after the last one
    ended and lasts ``seconds``."""

    def __init__(self) -> None:
        self._windows: dict[Hashable, list[float]] = {}

    def hit(self, key: Hashable, seconds: float, now: float) -> tuple[float, int]:
        """Count a call at ``now``: (when its window opened, calls in it so far, this one
        included)."""
        window = self._windows.get(key)
        if window is None or now >= window[0] + seconds:
            window = [now, 0.0]
            self._windows[key] = window
        window[1] += 1
        return window[0], int(window[1])


class RollingWindow:
    """Events in the last ``period`` seconds."""

    def __init__(self, period: float) -> None:
        self.period = period
        self._times: deque[float] = deque()

    def _expire(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.period:
            self._times.popleft()

    def add(self, now: float) -> None:
        """Record one event at ``now`` (times must not go backwards)."""
        self._expire(now)
        self._times.append(now)

    def count(self, now: float) -> int:
        """Events within ``(now - period, now]``."""
        self._expire(now)
        return len(self._times)

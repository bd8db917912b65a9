"""Clocks: where the transport reads the time and how it waits.

Every clock speaks *virtual* epoch seconds. ``SystemClock`` is wall time; ``ScaledClock`` runs
``scale`` times faster than real time (tests and benchmarks compress a 60 s rate-limit window
into 0.6 s at scale 100); ``FakeClock`` only moves when someone sleeps or calls ``advance``.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from typing import Protocol, runtime_checkable

# A fixed, recognisable start for fake time: 2026-01-01T00:00:00Z.
FAKE_EPOCH = 1_767_225_600.0


@runtime_checkable
class Clock(Protocol):
    """The time source of a transport: virtual epoch seconds and a matching sleep."""

    def now(self) -> float:
        """Virtual seconds since the Unix epoch."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of virtual time."""
        ...


class SystemClock:
    """Real time: ``time.time()`` and ``asyncio.sleep``."""

    def now(self) -> float:
        """Wall-clock epoch seconds."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` of real time."""
        await asyncio.sleep(max(0.0, seconds))


class ScaledClock:
    """Virtual time running ``scale`` times faster than real time.

    ``now = start + (monotonic() - mono_start) * scale``: the same formula the simulator uses,
    so both sides agree on a window's length whatever the scale.
    """

    def __init__(self, scale: float, *, start: float | None = None) -> None:
        if scale <= 0:
            raise ValueError(f"time scale must be positive, got {scale}")
        self.scale = float(scale)
        self._start = time.time() if start is None else float(start)
        self._mono_start = time.monotonic()

    def now(self) -> float:
        """Virtual epoch seconds."""
        return self._start + (time.monotonic() - self._mono_start) * self.scale

    async def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` of virtual time, that is ``seconds / scale`` real seconds."""
        await asyncio.sleep(max(0.0, seconds) / self.scale)


class FakeClock:
    """Manual time for tests: ``sleep`` returns without real waiting.

    Sleepers wake in order of their wake-up time. Before each wake-up the clock lets the event
    loop run ``settle`` rounds, so tasks that are ready (a lock handed over, a mock response)
    reach their own ``sleep`` first; time then jumps straight to the earliest wake-up. Every
    requested sleep is recorded in ``sleeps`` so tests can assert on waits and backoffs.
    """

    def __init__(self, start: float = FAKE_EPOCH, *, settle: int = 20) -> None:
        self._now = float(start)
        self._settle = settle
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._driver: asyncio.Task[None] | None = None
        self.sleeps: list[float] = []

    def now(self) -> float:
        """The current fake time."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward by hand (a test simulating time passing between calls)."""
        self._now += max(0.0, seconds)

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of fake time; other ready tasks run before time jumps."""
        self.sleeps.append(seconds)
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        loop = asyncio.get_running_loop()
        wake: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._sleepers, (self._now + seconds, next(self._order), wake))
        if self._driver is None or self._driver.done():
            self._driver = loop.create_task(self._drive())
        await wake

    async def _drive(self) -> None:
        while self._sleepers:
            for _ in range(self._settle):
                await asyncio.sleep(0)
            at, _, wake = heapq.heappop(self._sleepers)
            if wake.done():  # cancelled: its wake-up time must not move the clock
                continue
            self._now = max(self._now, at)
            wake.set_result(None)

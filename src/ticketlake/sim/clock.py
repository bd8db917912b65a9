"""Virtual time for simulators: epoch seconds that can run faster than real time.

``virtual_now = virtual_start + (monotonic() - mono_start) * scale``: with scale 100 a 60 s
rate-limit window lasts 0.6 real seconds. Tests inject a ``ManualClock`` and move it by hand.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Protocol

import anyio


class VirtualClock(Protocol):
    """Anything that tells the virtual time in epoch seconds."""

    def now(self) -> float:
        """Virtual seconds since the Unix epoch."""
        ...


class ScaledClock:
    """Real time compressed ``scale`` times, starting at ``start`` (default: the real now)."""

    def __init__(
        self,
        scale: float = 1.0,
        start: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if scale <= 0:
            raise ValueError("time scale must be positive")
        self.scale = scale
        self._start = time.time() if start is None else start
        self._monotonic = monotonic  # injectable, so tests drive real time without sleeping
        self._mono = monotonic()

    def now(self) -> float:
        """Virtual seconds since the Unix epoch."""
        return self._start + (self._monotonic() - self._mono) * self.scale


def tenant_clock(scale: float, as_of_epoch: float) -> ScaledClock:
    """A simulated tenant's clock: real time at ``scale``, never before the data's ``as_of``
    (a tenant whose data is dated after its own "now" would hold tickets from its future, and a
    client walking up to the server's now would miss them)."""
    return ScaledClock(scale, start=max(time.time(), as_of_epoch))


class ManualClock:
    """A clock that only moves when told to (for tests)."""

    def __init__(self, start: float) -> None:
        self._now = start

    def now(self) -> float:
        """Virtual seconds since the Unix epoch."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self._now += seconds


async def wait_virtual(clock: VirtualClock, sleep: Callable[[float], Awaitable[None]] | None,
                       seconds: float) -> None:  # fmt: skip
    """Let ``seconds`` of virtual time pass: through ``sleep`` when a test injected one, else
    real time divided by the clock's scale (a manual clock does not wait)."""
    if seconds <= 0:
        return
    if sleep is not None:
        await sleep(seconds)
    elif isinstance(clock, ScaledClock):
        await anyio.sleep(seconds / clock.scale)

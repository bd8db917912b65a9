"""A cap on an endpoint's concurrent calls shared by every worker: a semaphore in the store.

Autotask allows 3 concurrent calls per tracking identifier and object endpoint (reference A8),
counted across every client of one API user: two workers syncing one tenant each keeping their
own ``Gate`` of 3 would send 6. ``SharedGate`` keeps the places in the shared store (Redis or
Postgres, :mod:`.steps`), one set per (tenant identity, gate): a member per call in flight,
scored by when its place expires (the call's own timeout, so a killed worker's places free
themselves). Entering is one atomic step (two workers never take the last place both); a
worker whose calls were refused as crowded narrows its own width, taking a place only while
fewer than that are taken, so it leaves the others room.
"""

from __future__ import annotations

import asyncio
import uuid
from types import TracebackType

from ticketlake.transport.steps import Steps

POLL = 0.025
"""Real seconds between two looks for a free place."""
GRACE = 5.0
"""Seconds a place outlives its call's timeout before it counts as a dead worker's."""


class SharedGate:
    """At most ``width`` calls in flight at once across every worker (``Gate``'s interface)."""

    def __init__(self, key: str, width: int, timeout: float, steps: Steps) -> None:
        self.key = key
        self.width = max(1, width)
        self._ttl_ms = round((timeout + GRACE) * 1000)
        self._steps = steps
        self._mine: list[str] = []

    async def __aenter__(self) -> SharedGate:
        member = uuid.uuid4().hex
        while True:  # polled: a place freed by another process sends this one no signal
            args = (self.width, self._ttl_ms, member)
            if await self._steps.run("gate_enter", self.key, *args):
                self._mine.append(member)
                return self
            await asyncio.sleep(POLL)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        member = self._mine.pop()  # any place of this gate's: they are interchangeable
        await self._steps.run("gate_leave", self.key, member, patient=False)

    def narrow(self) -> None:
        """One call fewer at once from now on (at least one)."""
        self.width = max(1, self.width - 1)

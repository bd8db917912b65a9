"""A cap on an endpoint's concurrent calls that narrows when the source says it is crowded.

Autotask allows 3 concurrent calls per tracking identifier and object endpoint (reference
A8), counted across every client using the same API user: a check run beside a sync, or two
workers. A call the source refuses for that (``Verdict.CROWDED``) narrows the gate by one, never
below one call at a time, so this client leaves the others room instead of colliding again.
Workers share one cap through the budget backend's gate (``BudgetBackend.gate``).
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Protocol


class CallGate(Protocol):
    """What a transport needs of a cap on concurrent calls: ``async with`` around each call,
    and ``narrow`` when the source says it is crowded. ``Gate`` in one process;
    ``transport.sharedgate.SharedGate`` across workers."""

    async def __aenter__(self) -> object: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def narrow(self) -> None:
        """One call fewer at once from now on (at least one)."""
        ...


class Gate:
    """At most ``width`` calls through at once."""

    def __init__(self, width: int) -> None:
        self.width = max(1, width)
        self._busy = 0
        self._free = asyncio.Condition()

    async def __aenter__(self) -> Gate:
        async with self._free:
            await self._free.wait_for(lambda: self._busy < self.width)
            self._busy += 1
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        async with self._free:
            self._busy -= 1
            self._free.notify_all()

    def narrow(self) -> None:
        """One call fewer at once from now on (at least one)."""
        self.width = max(1, self.width - 1)

"""The atomic steps shared budgets are made of, and waiting while their store is unreachable.

A shared budget (:mod:`.shared`) and a shared gate (:mod:`.sharedgate`) keep their counts in a
store every worker reaches: Redis (:mod:`.redisbudgets`, each step one Lua script) or Postgres
(:mod:`.pgbudgets`, each step one transaction). A step is named (``acquire``, ``observe``,
``exhaust``, ``rolling_take``, ``rolling_answered``, ``gate_enter``, ``gate_leave``), runs on one
key, and is timed by the store's own clock in real milliseconds, so the workers' clocks need not
agree. What each step does is written once per store; the budgets above them are the same.

While the store cannot be reached a step waits and tries again: the budgets never spend what
they cannot count. A step whose loss can only make later calls wait longer (a correction, a
release that expiry makes anyway) gives up quietly instead (``patient=False``).
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import Any

logger = logging.getLogger("ticketlake.transport")

UNREACHABLE_WAIT = 1.0
"""Real seconds between two tries while the store cannot be reached."""

Args = tuple[str | int | float, ...]


class Steps(ABC):
    """The named atomic steps on a store shared by every worker; a step tried until its store
    answers, logging once when the store goes away and once when it comes back."""

    def __init__(self, store: str, unreachable: tuple[type[BaseException], ...]) -> None:
        self._store = store
        self._unreachable = unreachable
        self._down = False

    async def run(
        self,
        step: str,
        key: str,
        *args: str | int | float,
        patient: bool = True,
        also: tuple[str, ...] = (),
    ) -> Any:
        """Run ``step`` on ``key`` (and the keys ``also``), waiting while the store is down
        (``patient``) or giving up quietly with None."""
        while True:
            try:
                result = await self._step(step, key, also, args)
            except self._unreachable as exc:
                if not self._down:
                    logger.warning(
                        "the shared budgets' %s is unreachable, waiting: %s", self._store, exc
                    )
                self._down = True
                if not patient:
                    return None
                await asyncio.sleep(UNREACHABLE_WAIT)
                continue
            if self._down:
                logger.warning("the shared budgets' %s answers again", self._store)
            self._down = False
            return result

    @abstractmethod
    async def _step(self, step: str, key: str, also: tuple[str, ...], args: Args) -> Any:
        """Run ``step`` once (raising one of the ``unreachable`` errors when the store is)."""

    @abstractmethod
    async def aclose(self) -> None:
        """Close the connection to the store."""

"""A sync's heartbeat: it keeps the connection's lease alive and publishes the live progress.

Every ``interval`` seconds (wall clock) the heartbeat renews the lease
(:class:`ticketlake.catalog.lease.Leases`) with the run's live progress
(:meth:`ticketlake.sync.progress.Live.snapshot`), off the event loop so a busy catalog never
stalls the streams. Should the lease have been taken over (this process was suspended past its
expiry and another sync started), it cancels the sync it guards and keeps the reason in
``lost``: two syncs of one connection must not write at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

from ticketlake.catalog.lease import HEARTBEAT, Lease, LeaseLost, Leases
from ticketlake.errors import TicketlakeError

logger = logging.getLogger("ticketlake.sync")


class Heartbeat:
    """``async with Heartbeat(...)``: renews the lease while the body runs."""

    def __init__(
        self,
        leases: Leases,
        lease: Lease,
        progress: Callable[[], Mapping[str, Any]],
        *,
        interval: float = HEARTBEAT,
    ) -> None:
        self.leases = leases
        self.lease = lease
        self.progress = progress
        self.interval = interval
        self.lost: LeaseLost | None = None
        self._task: asyncio.Task[None] | None = None
        self._guarded: asyncio.Task[Any] | None = None
        self._beating: asyncio.Future[None] | None = None
        """The renewal under way in its thread: cancelling the loop does not stop it."""

    async def beat(self) -> None:
        """Renew once, with the progress as of now (what the loop does every interval)."""
        await asyncio.to_thread(self.leases.renew, self.lease, self.progress())

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self._beating = asyncio.ensure_future(self.beat())
            try:
                await asyncio.shield(self._beating)
            except LeaseLost as exc:
                self.lost = exc
                if self._guarded is not None:
                    self._guarded.cancel()
                return
            except TicketlakeError as exc:  # a busy catalog: the next beat tries again
                logger.warning("the sync's heartbeat could not be recorded: %s", exc)

    async def __aenter__(self) -> Heartbeat:
        self._guarded = asyncio.current_task()
        self._task = asyncio.ensure_future(self._loop())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._beating is not None:  # one connection is never used from two threads at once
            try:
                await self._beating
            except LeaseLost as lost:
                self.lost = lost
            except TicketlakeError:
                pass
        if self.lost is None:  # the last progress, as the run ended
            with contextlib.suppress(TicketlakeError):
                self.leases.renew(self.lease, self.progress())

"""A bounded slice of a connection's sync: run for at most ``seconds``, stop, and say what next.

A backfill of many hours must not depend on one task running for hours (a broker may redeliver
it, a deploy restarts workers, a TimeLimit kills it). Every stream commits its cursor with its
batch, so stopping a sync loses nothing: the slice cancels it at its deadline (the sink lets a
write in progress finish first, :mod:`ticketlake.sync.sink`), the run is recorded
``interrupted`` with what it kept, and the next slice resumes from the cursors.

The connection's lease (:mod:`ticketlake.catalog.lease`) is taken by ``sync_saved`` as for any
sync: a slice for a connection another process syncs is *coalesced* (dropped, the running sync
covers it), and a worker killed mid-slice leaves a lease that expires (or, on its host, is seen
gone at once), so the next slice takes over.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ticketlake.catalog import Catalog
from ticketlake.catalog.lease import LeaseHeld, this_host
from ticketlake.errors import TicketlakeError
from ticketlake.scale.queue import SliceRequest, SyncQueue
from ticketlake.scale.requests import Requests
from ticketlake.sync.saved import sync_saved
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport.shared import SharedBudgets
from ticketlake.transport.timescale import TimeScale

logger = logging.getLogger("ticketlake.scale")
Status = Literal["done", "continued", "coalesced", "failed"]


@dataclass(frozen=True)
class SliceOutcome:
    """How a slice ended: ``done`` (the sync finished), ``continued`` (its time was up; the rest
    is queued), ``coalesced`` (another process syncs the connection) or ``failed``."""

    connection: str
    status: Status
    rows: int = 0
    calls: int = 0
    throttled: int = 0
    error: str | None = None


@dataclass
class SliceRunner:
    """What a worker runs a slice with."""

    queue: SyncQueue
    seconds: float
    store_url: str | None = None
    time_scale: TimeScale | None = None
    budgets: Callable[[Catalog, str], SharedBudgets | None] = field(default=lambda c, n: None)
    """Shared budgets per slice (a slice runs on its own event loop); None: in-process."""
    deadline: Callable[[float], Awaitable[None]] = asyncio.sleep
    """Waits until the slice's time is up (tests end a slice on an event instead)."""
    now: Callable[[], float] = time.time
    """Epoch seconds (when a slice starts: the requests made before it are served)."""
    observers: Sequence[Callable[[Catalog, SliceOutcome], None]] = ()
    """Told each outcome (the health record) in the slice's catalog, before the rest is
    queued: the next slice's outcome must never be recorded before this one's (and a second
    catalog connection opened meanwhile would wait on this one's locks)."""

    async def run(self, catalog: Catalog, request: SliceRequest) -> SliceOutcome:
        """Sync ``request.connection`` for at most ``seconds``; clear the requests it served;
        tell the observers how it ended; queue the rest if it was cut short."""
        started = self.now()
        outcome = await self._run(catalog, request)
        try:
            Requests(catalog).served(outcome.connection, started)
        except Exception:  # kept, the request is served again: a sync more, never one less
            logger.exception("clearing the requests of %s failed", outcome.connection)
        for observe in self.observers:
            try:
                observe(catalog, outcome)
            except Exception:  # an alert that cannot be sent must not fail the slice
                logger.exception("observing the slice of %s failed", outcome.connection)
        if outcome.status == "continued":
            self._continue(outcome.connection)
        return outcome

    async def _run(self, catalog: Catalog, request: SliceRequest) -> SliceOutcome:
        name = request.connection
        task = asyncio.ensure_future(self._sync(catalog, request))
        clock = asyncio.ensure_future(self.deadline(self.seconds))
        await asyncio.wait({task, clock}, return_when=asyncio.FIRST_COMPLETED)
        clock.cancel()
        if not task.done():
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, TicketlakeError):
                pass
            except Exception:  # what it committed holds: the rest must still be queued
                logger.exception("the slice of %s failed while it stopped", name)
            return SliceOutcome(name, "continued")
        try:
            summary = task.result()
        except LeaseHeld:
            return SliceOutcome(name, "coalesced")
        except TicketlakeError as exc:
            return SliceOutcome(name, "failed", error=str(exc))
        except Exception as exc:  # a bug must reach the failure count and the alert, not vanish
            logger.exception("the slice of %s failed", name)
            return SliceOutcome(
                name, "failed", error=f"internal error: {type(exc).__name__}: {exc}"
            )
        return _outcome(name, summary)

    def _continue(self, name: str) -> None:
        """Queue the rest. A queue that cannot be reached (Redis restarting) must not turn a
        slice that kept its work into a failure: the scheduler re-queues a connection whose
        rest neither waits nor runs (:func:`ticketlake.scale.scheduler.tick`)."""
        try:
            self.queue.enqueue(SliceRequest(name, "continued"))
        except Exception as exc:
            logger.warning("could not queue the rest of %s (%s); the scheduler will", name, exc)

    async def _sync(self, catalog: Catalog, request: SliceRequest) -> SyncSummary:
        budgets = (
            self.budgets(catalog, request.connection)
            if catalog.exists(request.connection)
            else None
        )
        try:
            return await sync_saved(
                catalog,
                request.connection,
                actor=f"worker:{this_host()}/{os.getpid()}",
                store_url=self.store_url,
                full=request.full,
                time_scale=self.time_scale,
                budgets=budgets,
            )
        finally:
            if budgets is not None:
                await budgets.aclose()


def _outcome(name: str, summary: SyncSummary) -> SliceOutcome:
    errors = [f"{s.name}: {s.error}" for s in summary.streams if s.error]
    error = None if summary.ok else summary.stopped or "; ".join(errors) or "it did not finish"
    return SliceOutcome(
        name,
        "done" if summary.ok else "failed",
        rows=summary.committed,
        calls=summary.calls,
        throttled=summary.throttled,
        error=error,
    )

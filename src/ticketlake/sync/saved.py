"""``sync_saved``: sync a connection saved in the catalog, and log the run there.

The one path from a catalog entry to ``run_sync``, shared by ``ticketlake sync NAME`` and the
web app's "Start sync": it takes the connection's lease (one sync per connection at a time:
:mod:`ticketlake.catalog.lease`), decrypts the secrets (each read audited), hands the connector
the last verification report (what the checks found decides, for instance, whether
TeamDynamix's bulk feed is used), opens the store, keeps a heartbeat that publishes the live
progress on the run, and records how the run ended in the catalog whatever happens: ``ok``,
``failed``, or ``interrupted`` when it was cancelled (Ctrl-C, a shutdown), with what it kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Sequence

from ticketlake.catalog import Catalog
from ticketlake.catalog.lease import Lease, Leases
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.errors import ConfigError, TicketlakeError
from ticketlake.store import open_store
from ticketlake.sync.heartbeat import Heartbeat
from ticketlake.sync.progress import Live, Progress
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport import BudgetBackend, Clock
from ticketlake.transport.timescale import TimeScale


async def sync_saved(
    catalog: Catalog,
    name: str,
    *,
    actor: str | None = None,
    store_url: str | None = None,
    full: bool = False,
    streams: Sequence[str] | None = None,
    progress: Progress | None = None,
    clock: Clock | None = None,
    time_scale: TimeScale | None = None,
    leases: Leases | None = None,
    budgets: BudgetBackend | None = None,
) -> SyncSummary:
    """Sync the saved connection ``name`` into the store and log the run in the catalog.

    ``clock`` wins over ``time_scale``, which applies only when the connection's base URL is
    on loopback (:mod:`ticketlake.transport.timescale`). Raises ``ConfigError`` when there is no
    such connection, ``LeaseHeld`` (naming the holder) while another process syncs it, and any
    ``TicketlakeError`` that stops the sync before its streams run (logged as a failed run
    first). Cancelled, it records the run as interrupted and lets the cancellation go on.
    ``budgets`` is where the rate budgets live when several workers share them."""
    if not catalog.exists(name):
        raise ConfigError(
            f"no connection named {name!r}",
            fix=f"`ticketlake connect teamdynamix --name {name}` (or `ticketlake connections`)",
        )
    conn = catalog.get(name, actor=actor)
    settings = conn.to_settings(purpose="sync")
    reports = catalog.history.reports(name, limit=1)
    if reports:
        settings = dataclasses.replace(settings, checked=reports[0].report)
    address = conn.spec.address(conn.settings)  # a simulator's speed, loopback only
    if clock is None and time_scale is not None and address:
        clock = time_scale.clock_for(address)
    live = progress if isinstance(progress, Live) else Live(progress)
    live.time_scale = getattr(clock, "scale", 1.0)
    leases = leases or Leases(catalog)
    lease = leases.acquire(name, actor=actor or catalog.actor)
    try:
        return await _leased(catalog, lease, leases, live, settings, store_url, full=full,
                             streams=streams, clock=clock, actor=actor,
                             budgets=budgets)  # fmt: skip
    finally:
        with contextlib.suppress(TicketlakeError):
            leases.release(lease)


async def _leased(
    catalog: Catalog,
    lease: Lease,
    leases: Leases,
    live: Live,
    settings: ConnectionSettings,
    store_url: str | None,
    *,
    full: bool,
    streams: Sequence[str] | None,
    clock: Clock | None,
    actor: str | None,
    budgets: BudgetBackend | None = None,
) -> SyncSummary:
    heartbeat = Heartbeat(leases, lease, live.snapshot)
    try:
        async with heartbeat:
            store = open_store(store_url)
            try:
                summary = await run_sync(
                    settings,
                    store,
                    full=full,
                    streams=streams,
                    progress=live,
                    clock=clock,
                    budgets=budgets,
                )
            finally:
                store.close()
    except asyncio.CancelledError:
        _finish(catalog, lease.run_id, live.summary, actor, interrupted=True)
        if heartbeat.lost is None:
            raise
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()  # the heartbeat cancelled the sync; say why instead
        raise heartbeat.lost from None
    except TicketlakeError as exc:
        catalog.history.finish_run(
            lease.run_id, ok=False, rows=0, calls=0, throttled=0, errors=1,
            detail={"error": exc.message}, actor=actor,
        )  # fmt: skip
        raise
    _finish(catalog, lease.run_id, summary, actor)
    return summary


def _finish(
    catalog: Catalog,
    run_id: int,
    summary: SyncSummary | None,
    actor: str | None,
    *,
    interrupted: bool = False,
) -> None:
    if summary is None:  # stopped before the engine began: nothing was written
        catalog.history.finish_run(run_id, ok=False, rows=0, calls=0, throttled=0, errors=0,
                                   actor=actor, interrupted=interrupted)  # fmt: skip
        return
    failed = sum(1 for s in summary.streams if s.status == "failed")
    catalog.history.finish_run(
        run_id, ok=summary.ok, rows=summary.committed, calls=summary.calls,
        throttled=summary.throttled, errors=failed, detail=summary.to_json(), actor=actor,
        interrupted=interrupted,
    )  # fmt: skip

"""``sync_saved``: sync a connection saved in the catalog, and log the run there.

The one path from a catalog entry to ``run_sync``, shared by ``ticketlake sync NAME`` and the
web app's "Start sync": it decrypts the secrets (each read audited), hands the connector the
last verification report (what the checks found decides, for instance, whether TeamDynamix's
bulk feed is used), opens the store, and records the run (rows, calls, 429s, failed streams)
in the catalog whatever happens.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ticketlake.catalog import Catalog
from ticketlake.errors import ConfigError, TicketlakeError
from ticketlake.store import open_store
from ticketlake.sync.progress import Progress
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport import Clock


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
) -> SyncSummary:
    """Sync the saved connection ``name`` into the store and log the run in the catalog.

    Raises ``ConfigError`` when there is no such connection and any ``TicketlakeError`` that
    stops the sync before its streams run (logged as a failed run first)."""
    if not catalog.exists(name):
        raise ConfigError(
            f"no connection named {name!r}",
            fix=f"`ticketlake connect teamdynamix --name {name}` (or `ticketlake connections`)",
        )
    settings = catalog.get(name, actor=actor).to_settings(purpose="sync")
    reports = catalog.history.reports(name, limit=1)
    if reports:
        settings = dataclasses.replace(settings, checked=reports[0].report)
    run = catalog.history.start_run(name)
    try:
        store = open_store(store_url)
        try:
            summary = await run_sync(
                settings, store, full=full, streams=streams, progress=progress, clock=clock
            )
        finally:
            store.close()
    except TicketlakeError as exc:
        catalog.history.finish_run(
            run, ok=False, rows=0, calls=0, throttled=0, errors=1,
            detail={"error": exc.message}, actor=actor,
        )  # fmt: skip
        raise
    failed = sum(1 for s in summary.streams if s.status == "failed")
    catalog.history.finish_run(
        run, ok=summary.ok, rows=sum(summary.rows.values()), calls=summary.calls,
        throttled=summary.throttled, errors=failed, detail=summary.to_json(), actor=actor,
    )  # fmt: skip
    return summary

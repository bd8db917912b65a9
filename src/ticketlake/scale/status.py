"""Each connection's syncs as an operator sees them: waiting in the queue, running (its lease
is live), or how the last one ended, with the failures in a row and the last error. Shared by
``ticketlake runs`` and ``/metrics``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import redis

from ticketlake.catalog import Catalog, open_catalog
from ticketlake.catalog.lease import Leases, gone
from ticketlake.scale.marks import Marks, RedisMarks
from ticketlake.scale.schedules import Schedule, Schedules
from ticketlake.scale.settings import ScaleSettings


@dataclass(frozen=True)
class Status:
    """One connection's state."""

    connection: str
    state: str
    """``running``, ``queued``, ``failed``, ``ok``, ``continued`` (a slice ended and the rest
    waits), ``coalesced`` or ``never`` (no sync yet)."""
    schedule: str
    failures: int
    last_error: str | None
    last_success_at: float | None
    last_at: float | None = None
    """When its last slice ended."""


def collect(catalog: Catalog, marks: Marks | None, name: str | None = None) -> list[Status]:
    """The state of every connection (or of ``name``)."""
    schedules = {s.connection: s for s in Schedules(catalog).all()}
    leases = Leases(catalog)
    now = datetime.now(UTC)
    found = []
    for summary in catalog.summaries():
        if name is not None and summary.name != name:
            continue
        row = schedules.get(summary.name) or Schedule(summary.name)
        holder = leases.holder(summary.name)
        if holder is not None and not gone(holder.expires_at, holder.host, holder.pid, now):
            state = "running"
        elif marks is not None and summary.name in marks:
            state = "queued"
        else:
            state = {"done": "ok", None: "never"}.get(row.last_status, row.last_status or "")
        found.append(
            Status(
                summary.name,
                state,
                row.describe(),
                row.failures,
                row.last_error,
                row.last_success_at,
                row.last_at,
            )
        )
    return found


def statuses(name: str | None = None) -> list[Status]:
    """``collect`` on the configured catalog, with the queue's marks when Redis is set."""
    settings = ScaleSettings.from_env()
    with open_catalog() as catalog:
        return collect(catalog, queue_marks(settings), name)


def on_workers(catalog: Catalog) -> dict[str, Status] | None:
    """Each connection's state by name when ticketlake runs at scale (``TICKETLAKE_REDIS_URL``
    set; None otherwise), for the operator's dashboard. Redis unreachable, what waits in the
    queue is unknown and the states come from the catalog alone."""
    settings = ScaleSettings.from_env()
    if settings.redis_url is None:
        return None
    try:
        found = collect(catalog, queue_marks(settings))
    except redis.RedisError:
        found = collect(catalog, None)
    return {s.connection: s for s in found}


def queue_marks(settings: ScaleSettings) -> Marks | None:
    """The queue's marks in the configured Redis (None without one); a short timeout, so a
    Redis that does not answer cannot hold a page."""
    if settings.redis_url is None:
        return None
    client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=1)
    return RedisMarks(client)

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
            )
        )
    return found


def statuses(name: str | None = None) -> list[Status]:
    """``collect`` on the configured catalog, with the queue's marks when Redis is set."""
    settings = ScaleSettings.from_env()
    marks = RedisMarks(redis.Redis.from_url(settings.redis_url)) if settings.redis_url else None
    with open_catalog() as catalog:
        return collect(catalog, marks, name)

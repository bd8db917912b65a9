"""Requested syncs (``ticketlake enqueue``), recorded in the catalog until a slice serves them.

A message in Redis is no durable record: a Redis restarted without its data loses the slices
waiting in it. A scheduled sync is queued again from its schedule, and the rest of a sync cut at
a slice's end from the slice's outcome (:func:`ticketlake.scale.scheduler.tick`); a request is
recorded here first, then queued, so the scheduler can queue it again too. Any slice of the
connection that starts after the request serves it, however it ends (``done``, ``failed``,
``continued``: its rest is the scheduler's; or ``coalesced`` with a sync in progress), and
clears it. Times are epoch seconds, as the schedules'.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ticketlake.catalog import Catalog
from ticketlake.errors import ConfigError
from ticketlake.scale.queue import SliceRequest, SyncQueue

logger = logging.getLogger("ticketlake.scale")
TABLE = "ticketlake_requests"
_DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    connection TEXT PRIMARY KEY,
    requested_at DOUBLE PRECISION NOT NULL,
    full_sync INTEGER NOT NULL DEFAULT 0)"""


@dataclass(frozen=True)
class Requested:
    """A request not served yet: the latest one for the connection, full if any was."""

    connection: str
    at: float
    full: bool


class Requests:
    """The requests table of a catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self._db = catalog.db
        with self._db.transaction() as tx:
            tx.execute(_DDL)

    def record(self, name: str, *, full: bool, now: float) -> None:
        """``name`` was requested at ``now`` (a full sync if ``full``, or if one still waits)."""
        with self._db.transaction() as tx:
            tx.execute(
                f"INSERT INTO {TABLE} (connection, requested_at, full_sync) VALUES (?, ?, ?) "
                "ON CONFLICT (connection) DO UPDATE SET requested_at = excluded.requested_at, "
                f"full_sync = CASE WHEN excluded.full_sync = 1 THEN 1 ELSE {TABLE}.full_sync END",
                [name, now, int(full)],
            )

    def served(self, name: str, started: float) -> None:
        """A slice of ``name`` started at ``started`` ended: it served the requests before."""
        with self._db.transaction() as tx:
            tx.execute(
                f"DELETE FROM {TABLE} WHERE connection = ? AND requested_at <= ?", [name, started]
            )

    def made_before(self, when: float) -> list[Requested]:
        """The requests made before ``when`` and not served yet."""
        with self._db.transaction() as tx:
            rows = tx.rows(
                f"SELECT connection, requested_at, full_sync FROM {TABLE} "
                "WHERE requested_at <= ? ORDER BY requested_at",
                [when],
            )
        return [Requested(str(r[0]), float(r[1]), bool(r[2])) for r in rows]


def request(catalog: Catalog, queue: SyncQueue, name: str, *, full: bool, now: float) -> str:
    """Record a sync of ``name`` and queue it: ``queued``, ``coalesced`` with one that waits,
    or ``recorded`` when the queue cannot be reached (the scheduler queues it once it can)."""
    if not catalog.exists(name):
        raise ConfigError(f"no connection named {name!r}", fix="`ticketlake connections`")
    Requests(catalog).record(name, full=full, now=now)
    try:
        return queue.enqueue(SliceRequest(name, "requested", full))
    except Exception as exc:  # the record stands: the scheduler will queue it
        logger.warning("could not queue %s (%s); the scheduler will", name, exc)
        return "recorded"

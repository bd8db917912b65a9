"""Leases: one sync per connection at a time, held by a heartbeat, and given up by expiring.

A lease is a row of ``catalog_leases``, one per connection: who holds it (``holder``: host, pid
and a random part, so two runs of one process differ), on which host and pid, for which actor
and sync run, when it was taken, its last heartbeat and when it expires. The whole protocol:

- ``acquire`` takes a free lease, or one whose holder is gone: expired (no heartbeat for
  ``ttl`` seconds), or, on the same host, held by a process that no longer exists. It starts
  the sync run the lease is for, and marks the runs left ``running`` by the gone holder
  ``interrupted``. A live lease is refused with :class:`LeaseHeld`, which names its holder.
- ``renew`` is the heartbeat: it pushes the expiry ``ttl`` seconds back and stores the run's
  live progress on its row. A lease taken over meanwhile (this process was suspended past its
  expiry) raises :class:`LeaseLost`: the run must stop, someone else syncs now.
- ``release`` gives the lease back (the run itself is closed by ``History.finish_run``).

A process killed without releasing (``kill -9``, a crash, a power cut) stops renewing; its run
reads as ``interrupted`` from then on (``History.runs`` asks :func:`gone`), and the next
``acquire`` records it so. Times are wall-clock UTC from ``now`` (injectable for tests).

The lease is the one mechanism for "one sync per connection": the CLI and the web app take it
through ``ticketlake.sync.saved``, and workers that run syncs as tasks (scale-out) take the same
row, on the catalog's Postgres, before starting a connection's slice.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ticketlake.catalog.db import DuplicateKey, Row, Tx, as_time
from ticketlake.errors import TicketlakeError

if TYPE_CHECKING:
    from ticketlake.catalog.catalog import Catalog

TTL = 60.0
"""Seconds a lease lives without a heartbeat."""
HEARTBEAT = 5.0
"""Seconds between heartbeats (a dozen chances before the lease expires)."""

Now = Callable[[], datetime]


def _wall_now() -> datetime:
    return datetime.now(UTC)


class LeaseHeld(TicketlakeError):
    """Another live process holds the connection's lease (it is syncing it now)."""


class LeaseLost(TicketlakeError):
    """This process's lease expired and another process took it over."""


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a lease."""

    holder: str
    host: str
    pid: int
    actor: str
    run_id: int | None
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime

    def describe(self, now: datetime) -> str:
        """``run 12 by cli:alice (pid 4242 on host box), started 20:07 UTC, last heartbeat
        3 s ago``."""
        run = f"run {self.run_id}" if self.run_id is not None else "a sync"
        ago = max(0, round((now - self.heartbeat_at).total_seconds()))
        return (
            f"{run} by {self.actor} (pid {self.pid} on host {self.host}), started "
            f"{self.acquired_at:%Y-%m-%d %H:%M} UTC, last heartbeat {ago} s ago"
        )


@dataclass(frozen=True)
class Lease:
    """A lease this process holds: what ``renew`` and ``release`` need."""

    connection: str
    connection_id: str
    holder: str
    run_id: int


def this_host() -> str:
    """The name this machine records as a lease's host."""
    return socket.gethostname()


def process_exists(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


def gone(expires_at: datetime, host: str, pid: int, now: datetime) -> bool:
    """Whether a lease's holder can no longer be syncing: the lease expired, or its holder ran
    on this host and its process is gone (known at once, no need to wait for the expiry)."""
    if expires_at <= now:
        return True
    return host == this_host() and not process_exists(pid)


class Leases:
    """Sync leases of the catalog's connections."""

    def __init__(self, catalog: Catalog, *, now: Now = _wall_now, ttl: float = TTL) -> None:
        self._catalog = catalog
        self._db = catalog.db
        self._now = now
        self.ttl = ttl

    def acquire(self, name: str, *, actor: str) -> Lease:
        """Take ``name``'s lease and start its sync run (``running``); raises
        :class:`LeaseHeld` naming the holder when a live process holds it."""
        holder = f"{this_host()}/{os.getpid()}/{secrets.token_hex(4)}"
        for _ in range(2):  # a concurrent first acquire may insert the row between our reads
            try:
                return self._acquire(name, holder, actor)
            except DuplicateKey:
                continue
        raise LeaseHeld(f"{name} is being synced by another process", fix=_held_fix(name))

    def _acquire(self, name: str, holder: str, actor: str) -> Lease:
        now = self._now()
        with self._db.transaction() as tx:
            conn_id = str(self._catalog.row(tx, name)[0])
            current = self._current(tx, conn_id, lock=True)
            if current is not None and not gone(current.expires_at, current.host, current.pid, now):
                raise LeaseHeld(
                    f"{name} is already syncing: {current.describe(now)}",
                    fix=_held_fix(name, current.expires_at),
                )
            interrupt_runs(tx, conn_id)
            tx.execute(
                "INSERT INTO catalog_sync_runs (connection_id, status, started_at, holder, "
                "heartbeat_at) VALUES (?, 'running', ?, ?, ?)",
                [conn_id, now, holder, now],
            )
            last = "SELECT MAX(id) FROM catalog_sync_runs WHERE connection_id = ?"
            run_id = int(tx.rows(last, [conn_id])[0][0])
            values = [holder, this_host(), os.getpid(), actor, run_id, now, now, self._expiry(now)]
            if current is None:
                tx.execute(
                    "INSERT INTO catalog_leases (holder, host, pid, actor, run_id, acquired_at, "
                    "heartbeat_at, expires_at, connection_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [*values, conn_id],
                )
            else:
                tx.execute(
                    "UPDATE catalog_leases SET holder = ?, host = ?, pid = ?, actor = ?, "
                    "run_id = ?, acquired_at = ?, heartbeat_at = ?, expires_at = ? "
                    "WHERE connection_id = ?",
                    [*values, conn_id],
                )
        return Lease(name, conn_id, holder, run_id)

    def renew(self, lease: Lease, progress: Mapping[str, Any] | None = None) -> None:
        """The heartbeat: push the expiry back and store the run's live progress (the JSON
        of :func:`ticketlake.sync.progress.snapshot`). Raises :class:`LeaseLost` when another
        process took the lease over."""
        now = self._now()
        with self._db.transaction() as tx:
            current = self._current(tx, lease.connection_id, lock=True)
            if current is None or current.holder != lease.holder:
                raise LeaseLost(
                    f"the sync of {lease.connection} was taken over by another process "
                    f"after this one missed its heartbeats"
                    + (f" ({current.describe(now)})" if current else ""),
                    fix=f"let that sync finish; `ticketlake connections show "
                    f"{lease.connection}` shows it",
                )
            tx.execute(
                "UPDATE catalog_leases SET heartbeat_at = ?, expires_at = ? "
                "WHERE connection_id = ? AND holder = ?",
                [now, self._expiry(now), lease.connection_id, lease.holder],
            )
            text = None if progress is None else json.dumps(dict(progress))
            tx.execute(
                "UPDATE catalog_sync_runs SET heartbeat_at = ?, "
                "progress = COALESCE(?, progress) WHERE id = ?",
                [now, text, lease.run_id],
            )

    def release(self, lease: Lease) -> None:
        """Give the lease back (nothing happens when it was taken over meanwhile)."""
        with self._db.transaction() as tx:
            tx.execute(
                "DELETE FROM catalog_leases WHERE connection_id = ? AND holder = ?",
                [lease.connection_id, lease.holder],
            )

    def holder(self, name: str) -> Holder | None:
        """Who holds ``name``'s lease, alive or gone (None: nobody)."""
        with self._db.transaction() as tx:
            return self._current(tx, str(self._catalog.row(tx, name)[0]))

    def _current(self, tx: Tx, conn_id: str, *, lock: bool = False) -> Holder | None:
        # Postgres: the row stays locked until the transaction ends, so two processes deciding
        # on one expired lease take turns (SQLite's BEGIN IMMEDIATE already serialises them).
        locking = " FOR UPDATE" if lock and self._db.dialect == "postgres" else ""
        rows = tx.rows(
            "SELECT holder, host, pid, actor, run_id, acquired_at, heartbeat_at, expires_at "
            f"FROM catalog_leases WHERE connection_id = ?{locking}",
            [conn_id],
        )
        return _holder(rows[0]) if rows else None

    def _expiry(self, now: datetime) -> datetime:
        return now + timedelta(seconds=self.ttl)


def interrupt_runs(tx: Tx, conn_id: str) -> None:
    """Mark every run of the connection still ``running`` as ``interrupted``, ended at its
    last heartbeat: called by the new lease holder, so none of them can still be alive."""
    tx.execute(
        "UPDATE catalog_sync_runs SET status = 'interrupted', "
        "finished_at = COALESCE(heartbeat_at, started_at) "
        "WHERE connection_id = ? AND status = 'running'",
        [conn_id],
    )


def _holder(r: Row) -> Holder:
    return Holder(
        holder=str(r[0]),
        host=str(r[1]),
        pid=int(r[2]),
        actor=str(r[3]),
        run_id=None if r[4] is None else int(r[4]),
        acquired_at=as_time(r[5]),
        heartbeat_at=as_time(r[6]),
        expires_at=as_time(r[7]),
    )


def _held_fix(name: str, expires_at: datetime | None = None) -> str:
    expiry = (
        f"; if that process is gone, its lease expires at {expires_at:%H:%M:%S} UTC and the "
        "next sync takes over"
        if expires_at
        else ""
    )
    return (
        f"wait for it to finish (`ticketlake connections show {name}` shows its progress) or "
        f"stop that process{expiry}"
    )

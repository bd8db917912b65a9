"""What happened to a connection over time: verification reports and sync runs.

Saving a report audits ``tested``; finishing a sync run audits ``synced``. Reports are stored as
the JSON of a ``CheckReport`` (the checks module owns its shape); runs as a few counters the web
dashboard shows, plus a free-form ``detail``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ticketlake.catalog.db import Row, as_time
from ticketlake.catalog.lease import gone
from ticketlake.catalog.records import Action, StoredReport, SyncRun

if TYPE_CHECKING:
    from ticketlake.catalog.catalog import Catalog

_RUN_COLUMNS = (
    "r.id, c.name, r.status, r.started_at, r.finished_at, r.rows_written, r.calls, "
    "r.throttled, r.errors, r.detail, r.holder, r.heartbeat_at, r.progress, "
    "l.host, l.pid, l.expires_at, l.actor"
)
# A run's lease, while its holder still has it (``LEFT JOIN``: NULLs once released or lost).
_RUN_FROM = (
    "catalog_sync_runs r JOIN catalog_connections c ON c.id = r.connection_id "
    "LEFT JOIN catalog_leases l ON l.connection_id = r.connection_id AND l.holder = r.holder"
)


class History:
    """Check reports and sync runs of the catalog's connections."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._db = catalog.db

    def save_report(
        self,
        name: str,
        report: Mapping[str, Any],
        *,
        ok: bool,
        verdict: str = "",
        actor: str | None = None,
    ) -> None:
        """Store a verification report of ``name`` (audited as ``tested``, with ``verdict``:
        ``passed with 1 warning``; ``ok``: no check failed)."""
        with self._db.transaction() as tx:
            row = self._catalog.row(tx, name)
            tx.execute(
                "INSERT INTO catalog_check_reports (connection_id, ok, report, created_at) "
                "VALUES (?, ?, ?, ?)",
                [row[0], ok, json.dumps(report), datetime.now(UTC)],
            )
            detail = verdict or ("all checks pass" if ok else "some checks fail")
            self._catalog.audit(tx, Action.TESTED, actor=actor, conn=row, detail=detail)

    def reports(self, name: str, *, limit: int = 10) -> list[StoredReport]:
        """Reports of ``name``, newest first."""
        with self._db.transaction() as tx:
            conn_id = self._catalog.row(tx, name)[0]
            rows = tx.rows(
                "SELECT created_at, ok, report FROM catalog_check_reports "
                "WHERE connection_id = ? ORDER BY id DESC LIMIT ?",
                [conn_id, limit],
            )
        return [StoredReport(as_time(r[0]), bool(r[1]), json.loads(r[2])) for r in rows]

    def start_run(self, name: str) -> int:
        """Record that a sync of ``name`` started; returns the run id."""
        with self._db.transaction() as tx:
            conn_id = self._catalog.row(tx, name)[0]
            tx.execute(
                "INSERT INTO catalog_sync_runs (connection_id, status, started_at) "
                "VALUES (?, 'running', ?)",
                [conn_id, datetime.now(UTC)],
            )
            rows = tx.rows(
                "SELECT MAX(id) FROM catalog_sync_runs WHERE connection_id = ?", [conn_id]
            )
        return int(rows[0][0])

    def finish_run(
        self,
        run_id: int,
        *,
        ok: bool,
        rows: int,
        calls: int,
        throttled: int,
        errors: int,
        detail: Mapping[str, Any] | None = None,
        actor: str | None = None,
        interrupted: bool = False,
    ) -> None:
        """Close a sync run with its counters (audited as ``synced``): ``ok``, ``failed``, or
        ``interrupted`` (stopped on purpose, e.g. Ctrl-C; its committed rows are kept)."""
        status = "interrupted" if interrupted else "ok" if ok else "failed"
        with self._db.transaction() as tx:
            tx.execute(
                "UPDATE catalog_sync_runs SET status = ?, finished_at = ?, rows_written = ?, "
                "calls = ?, throttled = ?, errors = ? , detail = ? WHERE id = ?",
                [
                    status,
                    datetime.now(UTC),
                    rows,
                    calls,
                    throttled,
                    errors,
                    json.dumps(dict(detail or {})),
                    run_id,
                ],
            )
            conn = tx.rows(
                "SELECT c.id, c.name FROM catalog_sync_runs r JOIN catalog_connections c "
                "ON c.id = r.connection_id WHERE r.id = ?",
                [run_id],
            )
            note = f"run {run_id} {status}: {rows} rows, {calls} calls, {errors} errors"
            self._catalog.audit(tx, Action.SYNCED, actor=actor, conn=conn[0], detail=note)

    def runs(self, name: str | None = None, *, limit: int = 20) -> list[SyncRun]:
        """Sync runs, newest first; of one connection when ``name`` is given.

        A run left ``running`` by a process that is gone (its lease expired or was released
        without closing the run, or its process no longer exists on this host) comes back as
        ``interrupted``, ended at its last heartbeat."""
        sql = f"SELECT {_RUN_COLUMNS} FROM {_RUN_FROM}"
        params: list[Any] = []
        if name is not None:
            sql += " WHERE c.name = ?"
            params.append(name)
        with self._db.transaction() as tx:
            rows = tx.rows(f"{sql} ORDER BY r.id DESC LIMIT ?", [*params, limit])
        return [_run(r) for r in rows]


def _run(r: Row) -> SyncRun:
    status, finished_at = r[2], as_time(r[4]) if r[4] is not None else None
    heartbeat_at = as_time(r[11]) if r[11] is not None else None
    progress = json.loads(r[12]) if r[12] else None
    holder = None
    if status == "running" and r[10] is not None:  # started under a lease
        if r[13] is None or gone(as_time(r[15]), str(r[13]), int(r[14]), datetime.now(UTC)):
            status, finished_at = "interrupted", heartbeat_at
        else:
            holder = f"{r[16]} (pid {r[14]} on host {r[13]})"
    # Not finished (running, or its process gone): the counters are the last heartbeat's.
    counted: dict[str, int] = {}
    if progress and r[4] is None:
        counted = {k: int(progress.get(k) or 0) for k in ("rows", "calls", "throttled")}
    return SyncRun(
        id=int(r[0]),
        connection=r[1],
        status=status,
        started_at=as_time(r[3]),
        finished_at=finished_at,
        rows=counted.get("rows", int(r[5])),
        calls=counted.get("calls", int(r[6])),
        throttled=counted.get("throttled", int(r[7])),
        errors=int(r[8]),
        detail=json.loads(r[9]),
        holder=holder,
        heartbeat_at=heartbeat_at,
        progress=progress,
    )

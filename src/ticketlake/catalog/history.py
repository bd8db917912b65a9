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
from ticketlake.catalog.records import Action, StoredReport, SyncRun

if TYPE_CHECKING:
    from ticketlake.catalog.catalog import Catalog

_RUN_COLUMNS = (
    "r.id, c.name, r.status, r.started_at, r.finished_at, r.rows_written, r.calls, "
    "r.throttled, r.errors, r.detail"
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
    ) -> None:
        """Close a sync run with its counters (audited as ``synced``)."""
        status = "ok" if ok else "failed"
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
        """Sync runs, newest first; of one connection when ``name`` is given."""
        sql = (
            f"SELECT {_RUN_COLUMNS} FROM catalog_sync_runs r "
            "JOIN catalog_connections c ON c.id = r.connection_id"
        )
        params: list[Any] = []
        if name is not None:
            sql += " WHERE c.name = ?"
            params.append(name)
        with self._db.transaction() as tx:
            rows = tx.rows(f"{sql} ORDER BY r.id DESC LIMIT ?", [*params, limit])
        return [_run(r) for r in rows]


def _run(r: Row) -> SyncRun:
    return SyncRun(
        id=int(r[0]),
        connection=r[1],
        status=r[2],
        started_at=as_time(r[3]),
        finished_at=as_time(r[4]) if r[4] is not None else None,
        rows=int(r[5]),
        calls=int(r[6]),
        throttled=int(r[7]),
        errors=int(r[8]),
        detail=json.loads(r[9]),
    )

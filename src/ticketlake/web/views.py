"""What the operator pages and API read about a connection, gathered in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ticketlake.catalog import Catalog, Connection, SyncRun
from ticketlake.checks import CheckReport
from ticketlake.checks.verdict import Judgement, judge_report
from ticketlake.web.audit import Entry, WebAudit


@dataclass(frozen=True)
class TestedReport:
    """A stored verification report and when it was made."""

    report: CheckReport
    at: datetime

    @property
    def ok(self) -> bool:
        """True when checks ran and none failed."""
        return self.report.ok

    @property
    def judgement(self) -> Judgement:
        """Its verdict: passed, passed with warnings, failed or not verified."""
        return judge_report(self.report)


@dataclass(frozen=True)
class Stored:
    """Rows the store holds per table for a connection, as counted after a sync run."""

    run: SyncRun
    tables: dict[str, int]

    @property
    def tickets(self) -> int | None:
        """Tickets stored (None when the run did not count them)."""
        return self.tables.get("tickets")


def stored(runs: Sequence[SyncRun]) -> Stored | None:
    """The newest count of stored rows per table among ``runs`` (newest first).

    A run's own "rows" count upserts (a ticket two streams fill counts twice); the count of
    what the store holds is kept in the run's detail by the sync, at its end."""
    for run in runs:
        tables = run.detail.get("stored") if run.finished_at is not None else None
        if isinstance(tables, dict) and tables:
            return Stored(run, {str(k): int(v) for k, v in sorted(tables.items())})
    return None


@dataclass(frozen=True)
class Overview:
    """One row of the operator's connection list."""

    connection: Connection
    report: TestedReport | None
    last_sync: SyncRun | None
    syncing: bool
    stored: Stored | None


def last_report(catalog: Catalog, name: str) -> TestedReport | None:
    """The newest verification report of a connection."""
    stored = catalog.history.reports(name, limit=1)
    if not stored:
        return None
    return TestedReport(CheckReport.from_dict(stored[0].report), stored[0].at)


def overview(catalog: Catalog, name: str, syncing: bool) -> Overview:
    """A connection with its last report, last sync and what the store holds."""
    runs = catalog.history.runs(name, limit=5)
    return Overview(
        catalog.get(name),
        last_report(catalog, name),
        runs[0] if runs else None,
        syncing,
        stored(runs),
    )


def audit_trail(catalog: Catalog, web: WebAudit, name: str, limit: int = 50) -> list[Entry]:
    """The catalog's and the web's audit entries of a connection, newest first."""
    # The catalog finds its entries by the connection's id: none before it is saved.
    saved = catalog.audit_log(name, limit=limit) if catalog.exists(name) else []
    entries = [Entry(e.at, e.actor, e.action.value, e.connection or name, e.detail) for e in saved]
    entries.extend(web.entries(name, limit=limit))
    return sorted(entries, key=lambda e: e.at, reverse=True)[:limit]


def duration(run: SyncRun) -> float | None:
    """Seconds a finished sync run took."""
    if run.finished_at is None:
        return None
    return (run.finished_at - run.started_at).total_seconds()

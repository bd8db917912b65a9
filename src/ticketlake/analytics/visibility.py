"""Partial visibility: when the store holds only part of a tenant's tickets, say so first.

Two signs, read without any HTTP: the connection's latest verification report (from the
catalog, passed in as a :class:`CheckHistory`) has a visibility check that did not pass, and
the data itself, where time entries name tickets the store does not hold (an account that sees
part of the tickets may still read every time entry). The share of worked tickets the store
holds estimates how much of the tenant the figures cover.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ticketlake.analytics.readings import plural
from ticketlake.analytics.scope import Scope
from ticketlake.analytics.values import count
from ticketlake.errors import ConfigError
from ticketlake.store.base import Store

VISIBILITY_CHECKS = frozenset({"visibility"})
"""Ids of checks whose warning or failure means the account sees part of the tickets (every
source's checks name theirs so)."""
NOT_PASSING = frozenset({"warn", "fail"})
MISSING_SHARE = 0.1
"""Without a check's warning, a caveat is shown when more than this share of the tickets
with time logged is not in the store."""


class StoredCheck(Protocol):
    """A saved verification report (``ticketlake.catalog.StoredReport``)."""

    @property
    def report(self) -> Mapping[str, Any]:
        """The report's JSON (``CheckReport.to_dict()``)."""
        ...


class CheckHistory(Protocol):
    """Where verification reports are kept (``Catalog.history``)."""

    def reports(self, name: str, *, limit: int = ...) -> Sequence[StoredCheck]:
        """Reports of connection ``name``, newest first."""
        ...


@dataclass(frozen=True)
class Coverage:
    """Of the tickets with time logged (all time), how many the store holds."""

    worked: int
    stored: int

    @property
    def missing_share(self) -> float:
        """The share of worked tickets not in the store."""
        return 1 - self.stored / self.worked if self.worked else 0.0


@dataclass(frozen=True)
class Caveat:
    """Why the figures of one connection may cover only part of its tickets."""

    connection: str
    warned: str
    """What the latest check said about visibility ("" when no check warned)."""
    fix: str
    """The check's remediation ("" when it gave none)."""
    coverage: Coverage

    def headline(self) -> str:
        """The caveat in one sentence: what the figures cover."""
        who = "The integration account sees" if self.warned else "The store holds"
        share = (
            f": about {100 * (1 - self.coverage.missing_share):.0f}% of them"
            if self.coverage.missing_share
            else ""
        )
        return (
            f"{who} only part of the tickets of {self.connection}{share}. Every figure covers "
            "only the tickets stored; hours logged on the others are counted apart."
        )

    def detail(self) -> str:
        """How that is known and what fixes it."""
        parts = []
        if self.coverage.missing_share:
            parts.append(
                f"Of the {plural(self.coverage.worked, 'ticket')} with time logged, the store "
                f"holds {self.coverage.stored:,}."
            )
        if self.warned:
            parts.append(f"The last check warned: {self.warned.rstrip('.')}.")
        else:
            parts.append(f"Run `ticketlake check {self.connection}` to find out why.")
        if self.fix:
            parts.append(f"{self.fix.rstrip('.')}.")
        parts.append(
            f"Once the account sees every ticket, `ticketlake sync {self.connection} --full` "
            "reads the ones missing."
        )
        return " ".join(parts)


def caveats(store: Store, scope: Scope, history: CheckHistory | None) -> list[Caveat]:
    """A caveat for each connection in scope whose latest check warned about visibility, or
    whose time entries show that many tickets are not in the store."""
    covered = coverage(store, scope)
    found = []
    for name in _connections(store, scope):
        warned, fix = latest_warning(history, name)
        seen = covered.get(name, Coverage(0, 0))
        if warned or seen.missing_share > MISSING_SHARE:
            found.append(Caveat(name, warned, fix, seen))
    return found


def latest_warning(history: CheckHistory | None, name: str) -> tuple[str, str]:
    """(summary, remediation) of a visibility check that did not pass in ``name``'s latest
    report; empty strings when it passed, or there is no report (or no such connection)."""
    if history is None:
        return "", ""
    try:
        reports = history.reports(name, limit=1)
    except ConfigError:
        return "", ""  # a connection removed from the catalog, its data kept
    checks = reports[0].report.get("checks") if reports else None
    for check in checks if isinstance(checks, list) else []:
        if (
            isinstance(check, Mapping)
            and check.get("id") in VISIBILITY_CHECKS
            and check.get("status") in NOT_PASSING
        ):
            return str(check.get("summary") or "it did not pass"), str(
                check.get("remediation") or ""
            )
    return "", ""


def coverage(store: Store, scope: Scope) -> dict[str, Coverage]:
    """Per connection in scope: tickets with time logged, and how many of them are stored."""
    rows = store.query(
        "SELECT connection, COUNT(DISTINCT ticket_id), "
        "COUNT(DISTINCT ticket_id) FILTER (WHERE ticket_stored) FROM time_entry_facts "
        f"WHERE ticket_id IS NOT NULL AND {scope.where(group=None)} GROUP BY connection"
    ).rows
    return {name: Coverage(count(worked), count(stored)) for name, worked, stored in rows}


def _connections(store: Store, scope: Scope) -> list[str]:
    if scope.connection is not None:
        return [scope.connection]
    rows = store.query("SELECT DISTINCT connection FROM tickets ORDER BY connection").rows
    return [str(r[0]) for r in rows]

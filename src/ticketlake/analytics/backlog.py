"""The backlog: open tickets at the end of each day, how that moved, and how old they are.

The headline figure, the chart and its reading all come from :func:`line` and
:func:`change`, so they state the same numbers for the same days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ticketlake.analytics.scope import Scope
from ticketlake.analytics.values import count, measure
from ticketlake.store.base import Store

COMPARED_DAYS = 56
"""How far back the backlog's change is measured from the range's last day: 8 weeks."""


@dataclass(frozen=True)
class Change:
    """Open tickets at the end of ``start`` and at the end of ``end`` (both days of the line)."""

    start: date
    start_open: int
    end: date
    end_open: int

    @property
    def full_window(self) -> bool:
        """True when the change covers the last ``COMPARED_DAYS`` days exactly."""
        return (self.end - self.start).days == COMPARED_DAYS


@dataclass(frozen=True)
class AgeBand:
    """Tickets open at the end of the range whose age falls in one band of ``age_buckets``."""

    label: str
    min_days: float
    max_days: float | None
    tickets: int


def line(store: Store, scope: Scope) -> list[tuple[date, int]]:
    """(day, open tickets at the end of the day) for every day of the scope with data."""
    rows = store.query(
        "SELECT day, SUM(open_tickets) FROM backlog_daily "
        f"WHERE {scope.where('day')} GROUP BY day ORDER BY day"
    ).rows
    return [(d, count(n)) for d, n in rows]


def change(days: list[tuple[date, int]]) -> Change | None:
    """How the backlog moved over the last 8 weeks of ``days`` (from the end of the day 8
    weeks before the last to the end of the last), or over all of them when fewer."""
    if not days:
        return None
    end, end_open = days[-1]
    since = end - timedelta(days=COMPARED_DAYS)
    start, start_open = next((d, n) for d, n in days if d >= since)
    return Change(start, start_open, end, end_open)


def ageing(store: Store, scope: Scope) -> list[AgeBand]:
    """The tickets open at the end of the scope's last day (the backlog's last point), by age
    band: the age runs from creation to the end of that day, or to the data's last activity
    when that comes first."""
    day = scope.last_day
    end = f"TIMESTAMPTZ '{day + timedelta(days=1)} 00:00:00+00'"
    rows = store.query(
        "SELECT b.label, b.min_days, b.max_days, COUNT(o.ticket_id) FROM age_buckets b "
        "LEFT JOIN ("
        "SELECT o.ticket_id, (EXTRACT(EPOCH FROM LEAST("
        f"{end}, a.as_of)) - EXTRACT(EPOCH FROM o.created_at)) / 86400.0 AS age_days "
        "FROM ticket_open_days o JOIN data_as_of a ON a.connection = o.connection "
        f"WHERE {scope.where(table='o.')} AND o.opened_day <= DATE '{day}' "
        f"AND (o.closed_day IS NULL OR o.closed_day > DATE '{day}')"
        ") o ON o.age_days >= b.min_days AND (b.max_days IS NULL OR o.age_days < b.max_days) "
        "GROUP BY b.bucket, b.label, b.min_days, b.max_days ORDER BY b.bucket"
    ).rows
    return [AgeBand(label, float(low), measure(high), count(n)) for label, low, high, n in rows]

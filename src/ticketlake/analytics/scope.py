"""What a report covers: one connection (or all), a date range and optionally one group."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from ticketlake.errors import ConfigError
from ticketlake.store.base import Store


def text_literal(value: str) -> str:
    """A SQL string literal (standard quoting, the same on DuckDB and Postgres)."""
    return "'" + value.replace("'", "''") + "'"


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Scope:
    """The filter every report query applies; dates are inclusive UTC days."""

    connection: str | None
    since: date
    until: date
    group: str | None = None
    data_from: date | None = None
    """The first ticket's day (of the earliest connection in scope)."""
    data_until: date | None = None
    """The day of the data's last activity (``data_as_of``; the latest connection's)."""

    def where(
        self, day: str | None = None, group: str | None = "responsible_group", table: str = ""
    ) -> str:
        """A WHERE condition: this connection, ``day`` column in range, ``group`` column.

        ``table`` qualifies the connection column (``"f."``) when a query joins views.
        """
        clauses = ["1 = 1"]
        if self.connection is not None:
            clauses.append(f"{table}connection = {text_literal(self.connection)}")
        if day is not None:
            clauses.append(f"{day} BETWEEN DATE '{self.since}' AND DATE '{self.until}'")
        if group is not None and self.group is not None:
            clauses.append(f"{group} = {text_literal(self.group)}")
        return " AND ".join(clauses)

    @property
    def first_day(self) -> date:
        """The first day the figures cover: the range's, or the first ticket's when later."""
        return max(self.since, self.data_from or self.since)

    @property
    def last_day(self) -> date:
        """The last day the figures cover: the range's, or the data's last when earlier."""
        return min(self.until, self.data_until or self.until)

    @property
    def weeks(self) -> list[date]:
        """Every week (its Monday) with a day the figures cover."""
        first, weeks = week_start(self.first_day), []
        while first <= self.last_day:
            weeks.append(first)
            first += timedelta(days=7)
        return weeks

    def days_covered(self, week: date) -> int:
        """How many of the 7 days of ``week`` (its Monday) the figures cover; fewer than 7
        when the range or the data starts or ends inside that week."""
        start, end = max(week, self.first_day), min(week + timedelta(days=6), self.last_day)
        return max(0, (end - start).days + 1)


def resolve_scope(
    store: Store,
    connection: str | None,
    since: date | None = None,
    until: date | None = None,
    group: str | None = None,
) -> Scope:
    """Check the connection and group exist and fill an open range from the data.

    ``since`` is rounded down to its Monday so weekly figures cover whole weeks; without it
    the range starts at the first ticket, without ``until`` it ends at the data's last activity.
    """
    known = [r[0] for r in store.query("SELECT DISTINCT connection FROM tickets").rows]
    if connection is not None and connection not in known:
        listed = ", ".join(sorted(known)) or "none yet (run a sync first)"
        raise ConfigError(f"no tickets stored for connection {connection!r}; stored: {listed}")
    scope = Scope(connection, since or date.min, until or date.max)
    bounds = store.query(
        "SELECT MIN(f.created_day), MAX(CAST(a.as_of AT TIME ZONE 'UTC' AS DATE)) "
        f"FROM ticket_facts f JOIN data_as_of a ON a.connection = f.connection "
        f"WHERE {scope.where(group=None, table='f.')}"
    ).rows
    first, last = bounds[0] if bounds and bounds[0][0] is not None else (None, None)
    if first is None or last is None:
        raise ConfigError("there are no tickets to report on; run a sync first")
    scope = replace(scope, since=week_start(since or first), until=until or last)
    scope = replace(scope, data_from=first, data_until=last)
    if scope.since > scope.until:
        start = f"--since {since}" if since else f"the first ticket ({first})"
        end = f"--until {until}" if until else f"the last activity stored ({last})"
        raise ConfigError(f"{start} is after {end}: nothing to report")
    if scope.first_day > scope.last_day:
        raise ConfigError(
            f"nothing is stored from {scope.since} to {scope.until}: the data runs from "
            f"{first} to {last}"
        )
    return replace(scope, group=_group_name(store, scope, group))


def _group_name(store: Store, scope: Scope, group: str | None) -> str | None:
    if group is None:
        return None
    names = [
        r[0]
        for r in store.query(
            f"SELECT DISTINCT responsible_group FROM tickets WHERE {scope.where(group=None)} "
            "AND responsible_group IS NOT NULL"
        ).rows
    ]
    for name in names:
        if name.casefold() == group.casefold():
            return str(name)
    raise ConfigError(
        f"no responsible group named {group!r}; groups: {', '.join(sorted(names)) or 'none'}"
    )

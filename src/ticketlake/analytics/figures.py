"""The report's figures: small queries over the metric views, filtered by a :class:`Scope`.

The views define every metric; these queries only filter and add them up (or take
percentiles of ticket_facts, which cannot be added up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ticketlake.analytics.charts import Spread
from ticketlake.analytics.scope import Scope
from ticketlake.store.base import Store

NO_GROUP = "(no group)"
MAX_CATEGORIES = 30
OTHER = "(all other values)"
"""An attribute with more distinct values than this is not shown as categories."""


@dataclass(frozen=True)
class Summary:
    """The headline figures of a scope."""

    created: int
    resolved: int
    reopened: int
    open_at_start: int
    open_at_end: int
    median_response_hours: float | None
    median_resolution_hours: float | None
    respond_met: int
    respond_decided: int
    resolve_met: int
    resolve_decided: int
    hours: float


@dataclass(frozen=True)
class GroupSla:
    """SLA deadlines decided and met for one group."""

    group: str
    respond_decided: int
    respond_met: int
    resolve_decided: int
    resolve_met: int


@dataclass(frozen=True)
class Breakdown:
    """Tickets created per value of one custom attribute, largest first."""

    attribute: str
    total: int
    values: list[tuple[str, int]]


def _one(store: Store, sql: str) -> tuple[Any, ...]:
    return store.query(sql).rows[0]


def _int(value: object) -> int:
    return int(value) if value is not None else 0  # type: ignore[call-overload]


def _float(value: object) -> float | None:
    return float(value) if value is not None else None  # type: ignore[arg-type]


def summary(store: Store, scope: Scope) -> Summary:
    """Created, resolved, backlog, medians, SLA and hours for the scope."""
    created, respond_decided, respond_met, resolve_decided, resolve_met, response = _one(
        store,
        "SELECT COUNT(*), COUNT(sla_respond_met), COUNT(*) FILTER (WHERE sla_respond_met), "
        "COUNT(sla_resolve_met), COUNT(*) FILTER (WHERE sla_resolve_met), "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_hours) "
        f"FROM ticket_facts WHERE {scope.where('created_day')}",
    )
    resolved, reopened, resolution = _one(
        store,
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE reopen_count > 0), "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_hours) "
        f"FROM ticket_facts WHERE {scope.where('completed_day')}",
    )
    line = backlog(store, scope)
    (hours,) = _one(store, f"SELECT SUM(hours) FROM worklog_weekly WHERE {scope.where('week')}")
    return Summary(
        created=_int(created),
        resolved=_int(resolved),
        reopened=_int(reopened),
        open_at_start=line[0][1] if line else 0,
        open_at_end=line[-1][1] if line else 0,
        median_response_hours=_float(response),
        median_resolution_hours=_float(resolution),
        respond_met=_int(respond_met),
        respond_decided=_int(respond_decided),
        resolve_met=_int(resolve_met),
        resolve_decided=_int(resolve_decided),
        hours=_float(hours) or 0.0,
    )


def weekly_volume(store: Store, scope: Scope) -> list[tuple[date, int, int]]:
    """(week, created, resolved) for every week of the scope, quiet weeks included."""
    rows = store.query(
        "SELECT week, SUM(created), SUM(resolved) FROM ticket_volume_weekly "
        f"WHERE dimension = 'all' AND {scope.where('week')} GROUP BY week"
    ).rows
    found = {w: (_int(c), _int(r)) for w, c, r in rows}
    return [(w, *found.get(w, (0, 0))) for w in scope.weeks]


def backlog(store: Store, scope: Scope) -> list[tuple[date, int]]:
    """(day, open tickets at the end of the day) for every day of the scope with data."""
    rows = store.query(
        "SELECT day, SUM(open_tickets) FROM backlog_daily "
        f"WHERE {scope.where('day')} GROUP BY day ORDER BY day"
    ).rows
    return [(d, _int(n)) for d, n in rows]


MEASURES = {
    "response": ("first_response_hours", "created_day"),
    "resolution": ("resolution_hours", "completed_day"),
}


def time_spreads(store: Store, scope: Scope, measure: str) -> list[Spread]:
    """Percentiles of time to first response (tickets created in scope) or to resolution
    (tickets resolved in scope) per priority, most urgent priority first."""
    column, day = MEASURES[measure]
    pct = ", ".join(
        f"percentile_cont({p}) WITHIN GROUP (ORDER BY {column})" for p in (0.25, 0.5, 0.75, 0.9)
    )
    rows = store.query(
        f"SELECT COALESCE(priority, '(none)'), MIN(priority_order), COUNT(*), {pct} "
        f"FROM ticket_facts WHERE {scope.where(day)} AND {column} IS NOT NULL "
        "GROUP BY COALESCE(priority, '(none)')"
    ).rows
    rows.sort(key=lambda r: (r[1] is None, r[1] if r[1] is not None else 0, r[0]))
    return [Spread(r[0], _int(r[2]), *(float(v) for v in r[3:])) for r in rows]


def sla_by_group(store: Store, scope: Scope) -> list[GroupSla]:
    """SLA deadlines decided and met per group, for tickets created in scope."""
    rows = store.query(
        f"SELECT COALESCE(responsible_group, '{NO_GROUP}'), SUM(respond_decided), "
        "SUM(respond_met), SUM(resolve_decided), SUM(resolve_met) FROM sla_weekly "
        f"WHERE {scope.where('week')} GROUP BY COALESCE(responsible_group, '{NO_GROUP}') "
        "ORDER BY 1"
    ).rows
    groups = [GroupSla(r[0], *(_int(v) for v in r[1:])) for r in rows]
    return [g for g in groups if g.respond_decided or g.resolve_decided]


def hours_by_group(store: Store, scope: Scope) -> list[tuple[str, float]]:
    """Hours logged per group of the ticket worked on, most first."""
    rows = store.query(
        f"SELECT COALESCE(responsible_group, '{NO_GROUP}'), SUM(hours) FROM worklog_weekly "
        f"WHERE {scope.where('week')} GROUP BY COALESCE(responsible_group, '{NO_GROUP}')"
    ).rows
    return sorted(((g, float(h)) for g, h in rows), key=lambda r: (-r[1], r[0]))


def attribute_breakdowns(
    store: Store, scope: Scope, attributes: int = 3, values: int = 8
) -> list[Breakdown]:
    """The categorical custom attributes set on most tickets created in scope, each with its
    top values (the rest summed as ``OTHER``)."""
    rows = store.query(
        "SELECT dimension, value, SUM(created) FROM ticket_volume_weekly "
        f"WHERE substr(dimension, 1, 10) = 'attribute:' AND {scope.where('week')} "
        "GROUP BY dimension, value"
    ).rows
    by_attribute: dict[str, list[tuple[str, int]]] = {}
    for dimension, value, count in rows:
        if _int(count):
            by_attribute.setdefault(dimension.removeprefix("attribute:"), []).append(
                (value, _int(count))
            )
    # Categories, not identifiers: an attribute with a value per ticket (an asset tag) or a
    # long tail of values does not make a readable "top categories" chart.
    categorical = {
        name: counts
        for name, counts in by_attribute.items()
        if len(counts) <= MAX_CATEGORIES and len(counts) <= sum(c for _, c in counts) / 2
    }
    ranked = sorted(categorical.items(), key=lambda kv: (-sum(c for _, c in kv[1]), kv[0]))
    result = []
    for name, counts in ranked[:attributes]:
        counts.sort(key=lambda vc: (-vc[1], vc[0]))
        top, rest = counts[:values], sum(c for _, c in counts[values:])
        other = [(OTHER, rest)] if rest else []
        result.append(Breakdown(name, sum(c for _, c in counts), top + other))
    return result


def group_load(store: Store, scope: Scope) -> list[dict[str, Any]]:
    """The group_load view (as of the data's last activity), busiest group first."""
    res = store.query(
        f"SELECT COALESCE(responsible_group, '{NO_GROUP}') AS grp, members, open_tickets, "
        "open_unassigned, open_over_30_days, created_last_30_days, resolved_last_30_days, "
        f"hours_last_30_days FROM group_load WHERE {scope.where()} "
        "ORDER BY open_tickets DESC, grp"
    )
    return [dict(zip(res.columns, r, strict=True)) for r in res.rows]


def technician_load(store: Store, scope: Scope, limit: int = 12) -> list[dict[str, Any]]:
    """The technician_load view, most open tickets first; a person's group is their primary
    group, else the group of most of their tickets (``--group`` filters on it)."""
    res = store.query(
        "SELECT COALESCE(person, person_id) AS person, "
        "COALESCE(primary_group, main_group) AS grp, open_tickets, "
        "resolved_last_30_days, hours_last_30_days FROM technician_load "
        f"WHERE {scope.where(group='COALESCE(primary_group, main_group)')} "
        f"ORDER BY open_tickets DESC, hours_last_30_days DESC, person LIMIT {int(limit)}"
    )
    return [dict(zip(res.columns, r, strict=True)) for r in res.rows]

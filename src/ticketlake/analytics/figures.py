"""The report's figures: small queries over the metric views, filtered by a :class:`Scope`.

The views define every metric; these queries only filter and add them up (or take
percentiles of ticket_facts, which cannot be added up). Every figure of a range counts the
same days: the range's, from its first to its last day, whatever week they fall in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ticketlake.analytics import backlog, worklog
from ticketlake.analytics.charts import Spread
from ticketlake.analytics.scope import Scope, text_literal
from ticketlake.analytics.values import count, measure, one
from ticketlake.analytics.worklog import NO_GROUP
from ticketlake.store.base import Store

MAX_CATEGORIES = 30
"""An attribute with more distinct values than this is not shown as categories."""
OTHER = "(all other values)"
SLA_COUNTS = (
    "COUNT(sla_respond_met), COUNT(*) FILTER (WHERE sla_respond_met), "
    "COUNT(sla_resolve_met), COUNT(*) FILTER (WHERE sla_resolve_met)"
)
"""Response and resolution deadlines decided and met, over ticket_facts rows."""


@dataclass(frozen=True)
class SlaTally:
    """SLA deadlines decided and met among some tickets (a group's, a week's, all)."""

    label: str
    respond_decided: int
    respond_met: int
    resolve_decided: int
    resolve_met: int


@dataclass(frozen=True)
class WeekSla:
    """The SLA tally of the tickets created in one week, of which ``days`` are in range."""

    week: date
    days: int
    sla: SlaTally


@dataclass(frozen=True)
class WeekVolume:
    """Tickets created and resolved in one week, counting only its ``days`` in range."""

    week: date
    days: int
    created: int
    resolved: int


@dataclass(frozen=True)
class Summary:
    """The headline figures of a scope."""

    created: int
    resolved: int
    reopened: int
    days: int
    """Days the range covers (for rates per week)."""
    backlog: backlog.Change | None
    median_response_hours: float | None
    median_resolution_hours: float | None
    sla: SlaTally
    hours: float
    """Hours on stored tickets (and on no ticket); see ``unstored`` for the rest."""
    unstored: worklog.Unstored


@dataclass(frozen=True)
class Breakdown:
    """Tickets created per value of one dimension (a field or custom attribute), largest
    first."""

    name: str
    total: int
    values: list[tuple[str, int]]


def summary(store: Store, scope: Scope) -> Summary:
    """Created, resolved, backlog, medians, SLA and hours for the scope."""
    created, *sla, response = one(
        store,
        f"SELECT COUNT(*), {SLA_COUNTS}, "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_hours) "
        f"FROM ticket_facts WHERE {scope.where('created_day')}",
    )
    resolved, reopened, resolution = one(
        store,
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE reopen_count > 0), "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_hours) "
        f"FROM ticket_facts WHERE {scope.where('completed_day')}",
    )
    return Summary(
        created=count(created),
        resolved=count(resolved),
        reopened=count(reopened),
        days=(scope.last_day - scope.first_day).days + 1,
        backlog=backlog.change(backlog.line(store, scope)),
        median_response_hours=measure(response),
        median_resolution_hours=measure(resolution),
        sla=SlaTally("all", *(count(v) for v in sla)),
        hours=sum(h for _, h in worklog.hours_by_group(store, scope)),
        unstored=worklog.unstored(store, scope),
    )


def weekly_volume(store: Store, scope: Scope) -> list[WeekVolume]:
    """Created and resolved for every week of the scope (quiet weeks included), counting
    only the days in range."""
    rows = store.query(
        "SELECT week, SUM(created), SUM(resolved) FROM ticket_volume_daily "
        f"WHERE dimension = 'all' AND {scope.where('day')} GROUP BY week"
    ).rows
    found = {w: (count(c), count(r)) for w, c, r in rows}
    return [WeekVolume(w, scope.days_covered(w), *found.get(w, (0, 0))) for w in scope.weeks]


MEASURES = {
    "response": ("first_response_hours", "created_day"),
    "resolution": ("resolution_hours", "completed_day"),
}


def time_spreads(store: Store, scope: Scope, which: str) -> list[Spread]:
    """Percentiles of time to first response (tickets created in scope) or to resolution
    (tickets resolved in scope) per priority, most urgent priority first."""
    column, day = MEASURES[which]
    pct = ", ".join(
        f"percentile_cont({p}) WITHIN GROUP (ORDER BY {column})" for p in (0.25, 0.5, 0.75, 0.9)
    )
    rows = store.query(
        f"SELECT COALESCE(priority, '(none)'), MIN(priority_order), COUNT(*), {pct} "
        f"FROM ticket_facts WHERE {scope.where(day)} AND {column} IS NOT NULL "
        "GROUP BY COALESCE(priority, '(none)')"
    ).rows
    rows.sort(key=lambda r: (r[1] is None, r[1] if r[1] is not None else 0, r[0]))
    return [Spread(r[0], count(r[2]), *(float(v) for v in r[3:])) for r in rows]


def sla_by_group(store: Store, scope: Scope) -> list[SlaTally]:
    """SLA deadlines decided and met per group, for tickets created in scope."""
    rows = store.query(
        f"SELECT COALESCE(responsible_group, '{NO_GROUP}'), {SLA_COUNTS} FROM ticket_facts "
        f"WHERE {scope.where('created_day')} GROUP BY COALESCE(responsible_group, '{NO_GROUP}') "
        "ORDER BY 1"
    ).rows
    groups = [SlaTally(r[0], *(count(v) for v in r[1:])) for r in rows]
    return [g for g in groups if g.respond_decided or g.resolve_decided]


def sla_trend(store: Store, scope: Scope) -> list[WeekSla]:
    """SLA deadlines decided and met per week of creation, for every week of the scope."""
    rows = store.query(
        f"SELECT created_week, {SLA_COUNTS} FROM ticket_facts "
        f"WHERE {scope.where('created_day')} GROUP BY created_week"
    ).rows
    found = {r[0]: [count(v) for v in r[1:]] for r in rows}
    return [
        WeekSla(w, scope.days_covered(w), SlaTally(f"{w:%d %b %Y}", *found.get(w, [0, 0, 0, 0])))
        for w in scope.weeks
    ]


def breakdown(store: Store, scope: Scope, dimension: str, values: int = 8) -> Breakdown:
    """Tickets created in scope per value of ``dimension`` (a ticket_volume_daily dimension:
    ``source``, ``type`` ...), the top ``values`` and the rest summed as ``OTHER``."""
    rows = store.query(
        "SELECT value, SUM(created) FROM ticket_volume_daily "
        f"WHERE dimension = {text_literal(dimension)} AND {scope.where('day')} GROUP BY value"
    ).rows
    return _top(dimension, [(v, count(c)) for v, c in rows if count(c)], values)


def attribute_breakdowns(
    store: Store, scope: Scope, attributes: int = 3, values: int = 8
) -> list[Breakdown]:
    """The categorical custom attributes set on most tickets created in scope, each with its
    top values (the rest summed as ``OTHER``)."""
    rows = store.query(
        "SELECT dimension, value, SUM(created) FROM ticket_volume_daily "
        f"WHERE substr(dimension, 1, 10) = 'attribute:' AND {scope.where('day')} "
        "GROUP BY dimension, value"
    ).rows
    by_attribute: dict[str, list[tuple[str, int]]] = {}
    for dimension, value, created in rows:
        if count(created):
            by_attribute.setdefault(dimension.removeprefix("attribute:"), []).append(
                (value, count(created))
            )
    # Categories, not identifiers: an attribute with a value per ticket (an asset tag) or a
    # long tail of values does not make a readable "top categories" chart.
    categorical = {
        name: counts
        for name, counts in by_attribute.items()
        if len(counts) <= MAX_CATEGORIES and len(counts) <= sum(c for _, c in counts) / 2
    }
    ranked = sorted(categorical.items(), key=lambda kv: (-sum(c for _, c in kv[1]), kv[0]))
    return [_top(name, counts, values) for name, counts in ranked[:attributes]]


def _top(name: str, counts: list[tuple[str, int]], values: int) -> Breakdown:
    counts = sorted(counts, key=lambda vc: (-vc[1], vc[0]))
    top, rest = counts[:values], sum(c for _, c in counts[values:])
    other = [(OTHER, rest)] if rest else []
    return Breakdown(name, sum(c for _, c in counts), top + other)


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

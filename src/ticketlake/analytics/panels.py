"""The report's panels: each chart with its title, one-line reading and caption."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from ticketlake.analytics import backlog, charts, figures, readings, worklog
from ticketlake.analytics.charts import Series
from ticketlake.analytics.scope import Scope
from ticketlake.store.base import Store

BLUE, GREEN, VIOLET, AMBER, TEAL, SLATE = (
    "#2563eb",
    "#16a34a",
    "#7c3aed",
    "#d97706",
    "#0d9488",
    "#475569",
)


@dataclass(frozen=True)
class Panel:
    """One chart of the report."""

    key: str
    title: str
    reading: str
    svg: Markup
    caption: str
    wide: bool = False


def partial_notes(weeks: Sequence[tuple[date, int]]) -> list[str]:
    """For each (week, days in range): "" for a full week, else how many of its days count."""
    return [f"{days} of 7 days in range" if days < 7 else "" for _, days in weeks]


def partial_caption(weeks: Sequence[tuple[date, int]]) -> str:
    """Which weeks the chart draws pale, and why (empty when every week is whole)."""
    cut = [f"{w:%d %b} ({days} of 7 days)" for w, days in weeks if days < 7]
    if not cut:
        return ""
    return (
        f" Pale: {'weeks' if len(cut) > 1 else 'a week'} the range or the data cuts short, "
        f"{' and '.join(cut)}."
    )


def volume(store: Store, scope: Scope) -> Panel:
    """Tickets created and resolved per week."""
    weeks = figures.weekly_volume(store, scope)
    cuts = [(w.week, w.days) for w in weeks]
    svg = charts.columns(
        "Tickets created and resolved per week",
        [f"{w.week:%d %b}" for w in weeks],
        [
            Series("Created", BLUE, [w.created for w in weeks]),
            Series("Resolved", GREEN, [w.resolved for w in weeks]),
        ],
        partial=partial_notes(cuts),
    )
    return Panel(
        "volume",
        "Weekly volume",
        readings.volume(weeks),
        Markup(svg),  # noqa: S704 - built by charts.py, every text escaped there
        "Weeks start on Monday (UTC). Resolved = reached a completed status that week."
        + partial_caption(cuts),
        wide=True,
    )


def _breakdown(store: Store, scope: Scope, dimension: str, title: str) -> Panel:
    counts = figures.breakdown(store, scope, dimension)
    svg = charts.bars(
        title,
        [v for v, _ in counts.values],
        [Series("Tickets", SLATE, [c for _, c in counts.values])],
    )
    reading = readings.breakdown(counts) if counts.values else "No tickets in this range."
    return Panel(
        f"by-{dimension}",
        title,
        reading,
        Markup(svg),  # noqa: S704
        f"Tickets created in range, by the {dimension} they were logged with.",
    )


def by_source(store: Store, scope: Scope) -> Panel:
    """Tickets created per source (e-mail, portal, phone ...)."""
    return _breakdown(store, scope, "source", "Tickets by source")


def by_type(store: Store, scope: Scope) -> Panel:
    """Tickets created per ticket type."""
    return _breakdown(store, scope, "type", "Tickets by type")


def backlog_panel(store: Store, scope: Scope) -> Panel:
    """Open tickets at the end of each day, with the day its reading compares with."""
    days = backlog.line(store, scope)
    moved = backlog.change(days)
    marked = [i for i, (d, _) in enumerate(days) if moved and d == moved.start]
    svg = charts.line(
        "Open tickets at the end of each day",
        [d for d, _ in days],
        [n for _, n in days],
        VIOLET,
        marked,
    )
    return Panel(
        "backlog",
        "Backlog over time",
        readings.backlog(moved),
        Markup(svg),  # noqa: S704
        "Rebuilt from status history: a reopened ticket counts as open again. The points mark "
        "the two days the reading (and the summary's open tickets) compare.",
        wide=True,
    )


def ageing(store: Store, scope: Scope) -> Panel:
    """The backlog at the end of the range, by age."""
    bands = backlog.ageing(store, scope)
    svg = charts.bars(
        "Open tickets by age",
        [b.label for b in bands],
        [Series("Tickets", VIOLET, [b.tickets for b in bands])],
    )
    return Panel(
        "ageing",
        "Age of open tickets",
        readings.ageing(bands, scope.last_day),
        Markup(svg),  # noqa: S704
        f"Tickets open at the end of {scope.last_day:%d %b %Y} (the backlog's last point), "
        "by time since they were created.",
    )


def _spread(store: Store, scope: Scope, measure: str, what: str, colour: str, note: str) -> Panel:
    title = f"Time to {what} by priority"
    rows = figures.time_spreads(store, scope, measure)
    return Panel(
        measure,
        title,
        readings.spreads(rows, what),
        Markup(charts.spreads(title, rows, colour)),  # noqa: S704
        note,
    )


def response(store: Store, scope: Scope) -> Panel:
    """Time to first response by priority."""
    note = (
        "Box: middle half of tickets; dark bar: median; line: up to the 90th percentile. "
        "Tickets created in range; calendar hours."
    )
    return _spread(store, scope, "response", "first response", BLUE, note)


def resolution(store: Store, scope: Scope) -> Panel:
    """Time to resolution by priority."""
    note = "Tickets resolved in range, from creation to final completion; calendar hours."
    return _spread(store, scope, "resolution", "resolution", GREEN, note)


def sla(store: Store, scope: Scope) -> Panel:
    """SLA attainment by group."""
    groups = figures.sla_by_group(store, scope)
    svg = charts.bars(
        "SLA attainment by group",
        [g.label for g in groups],
        [
            Series("Response", BLUE, [rate(g.respond_met, g.respond_decided) or 0 for g in groups]),
            Series(
                "Resolution", AMBER, [rate(g.resolve_met, g.resolve_decided) or 0 for g in groups]
            ),
        ],
        value_label=lambda v: f"{v:.0f}%",
        top=100.0,
    )
    return Panel(
        "sla",
        "SLA attainment by group",
        readings.sla(groups),
        Markup(svg),  # noqa: S704
        "Share of tickets with a decided deadline (met or passed) that met it; "
        "tickets created in range; cancelled tickets left out.",
    )


def rate(met: int, decided: int) -> float | None:
    """Attainment in percent; ``None`` when no deadline was decided."""
    return 100.0 * met / decided if decided else None


def _sla_line(name: str, colour: str, tallies: Sequence[tuple[int, int]]) -> charts.Line:
    """One attainment line from (met, decided) per week, each point's tooltip with both."""
    return charts.Line(
        name,
        colour,
        [rate(met, decided) for met, decided in tallies],
        [f"{readings.percent(met, decided)} of {decided:,} decided" for met, decided in tallies],
    )


def sla_trend(store: Store, scope: Scope) -> Panel:
    """Response and resolution SLA attainment per week of creation."""
    weeks = figures.sla_trend(store, scope)
    cuts = [(w.week, w.days) for w in weeks]
    respond = [(w.sla.respond_met, w.sla.respond_decided) for w in weeks]
    resolve = [(w.sla.resolve_met, w.sla.resolve_decided) for w in weeks]
    svg = charts.trend(
        "SLA attainment per week",
        [f"{w.week:%d %b}" for w in weeks],
        [_sla_line("Response", BLUE, respond), _sla_line("Resolution", AMBER, resolve)],
        partial=partial_notes(cuts),
        top=100.0,
        value_label=lambda v: f"{v:.0f}%",
    )
    return Panel(
        "sla-trend",
        "SLA attainment over time",
        readings.sla_trend(weeks),
        Markup(svg),  # noqa: S704
        "Tickets created each week whose deadline is decided (met, or passed without it); "
        "the latest weeks still have deadlines ahead, so their figures may move."
        + partial_caption(cuts),
        wide=True,
    )


def hours(store: Store, scope: Scope) -> Panel:
    """Worklog hours by group, hours on tickets the store does not hold said apart."""
    groups = worklog.hours_by_group(store, scope)
    svg = charts.bars(
        "Hours logged by group",
        [g for g, _ in groups],
        [Series("Hours", TEAL, [h for _, h in groups])],
        value_label=lambda v: f"{v:,.0f} h",
    )
    return Panel(
        "hours",
        "Worklog hours by group",
        readings.hours(groups, worklog.unstored(store, scope)),
        Markup(svg),  # noqa: S704
        "Time entries by work date, counted for the group responsible for the ticket; "
        "entries on tickets the store does not hold are left out.",
    )


def attributes(store: Store, scope: Scope) -> list[Panel]:
    """Top values of the most used custom attributes (one panel each)."""
    panels = []
    for i, counts in enumerate(figures.attribute_breakdowns(store, scope)):
        svg = charts.bars(
            f"Tickets by {counts.name}",
            [v for v, _ in counts.values],
            [Series("Tickets", SLATE, [c for _, c in counts.values])],
        )
        panels.append(
            Panel(
                f"attribute-{i + 1}",
                f"Top categories: {counts.name}",
                readings.breakdown(counts),
                Markup(svg),  # noqa: S704
                "Custom attribute on tickets created in range.",
            )
        )
    if not panels:
        none = "No custom attributes are set on tickets in this range."
        svg = charts.empty("Top categories by custom attribute", none)
        panels.append(Panel("attributes", "Top categories", none, Markup(svg), ""))  # noqa: S704
    return panels


def all_panels(store: Store, scope: Scope) -> list[Panel]:
    """Every chart of the report, in reading order."""
    fixed = [
        volume,
        by_source,
        by_type,
        backlog_panel,
        ageing,
        resolution,
        sla_trend,
        response,
        sla,
        hours,
    ]
    return [make(store, scope) for make in fixed] + attributes(store, scope)

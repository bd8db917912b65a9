"""The report's panels: each chart with its title, one-line reading and caption."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ticketlake.analytics import charts, figures, readings
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


def volume(store: Store, scope: Scope) -> Panel:
    """Tickets created and resolved per week."""
    weeks = figures.weekly_volume(store, scope)
    svg = charts.columns(
        "Tickets created and resolved per week",
        [f"{w:%d %b}" for w, _, _ in weeks],
        [
            Series("Created", BLUE, [c for _, c, _ in weeks]),
            Series("Resolved", GREEN, [r for _, _, r in weeks]),
        ],
    )
    return Panel(
        "volume",
        "Weekly volume",
        readings.volume(weeks),
        Markup(svg),  # noqa: S704 - built by charts.py, every text escaped there
        "Weeks start on Monday (UTC). Resolved = reached a completed status that week.",
        wide=True,
    )


def backlog(store: Store, scope: Scope) -> Panel:
    """Open tickets at the end of each day."""
    days = figures.backlog(store, scope)
    svg = charts.line(
        "Open tickets at the end of each day",
        [d for d, _ in days],
        [n for _, n in days],
        VIOLET,
    )
    return Panel(
        "backlog",
        "Backlog over time",
        readings.backlog(days),
        Markup(svg),  # noqa: S704
        "Rebuilt from status history: a reopened ticket counts as open again.",
        wide=True,
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

    def rate(met: int, decided: int) -> float:
        return 100.0 * met / decided if decided else 0.0

    svg = charts.bars(
        "SLA attainment by group",
        [g.group for g in groups],
        [
            Series("Response", BLUE, [rate(g.respond_met, g.respond_decided) for g in groups]),
            Series("Resolution", AMBER, [rate(g.resolve_met, g.resolve_decided) for g in groups]),
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


def hours(store: Store, scope: Scope) -> Panel:
    """Worklog hours by group."""
    groups = figures.hours_by_group(store, scope)
    svg = charts.bars(
        "Hours logged by group",
        [g for g, _ in groups],
        [Series("Hours", TEAL, [h for _, h in groups])],
        value_label=lambda v: f"{v:,.0f} h",
    )
    return Panel(
        "hours",
        "Worklog hours by group",
        readings.hours(groups),
        Markup(svg),  # noqa: S704
        "Time entries by work date, counted for the group responsible for the ticket.",
    )


def attributes(store: Store, scope: Scope) -> list[Panel]:
    """Top values of the most used custom attributes (one panel each)."""
    panels = []
    for i, breakdown in enumerate(figures.attribute_breakdowns(store, scope)):
        svg = charts.bars(
            f"Tickets by {breakdown.attribute}",
            [v for v, _ in breakdown.values],
            [Series("Tickets", SLATE, [c for _, c in breakdown.values])],
        )
        panels.append(
            Panel(
                f"attribute-{i + 1}",
                f"Top categories: {breakdown.attribute}",
                readings.attribute(breakdown),
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
    fixed = [volume, backlog, response, resolution, sla, hours]
    return [make(store, scope) for make in fixed] + attributes(store, scope)

"""One-line readings of each chart, computed from the figures it draws."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ticketlake.analytics.charts import Spread, hours_label
from ticketlake.analytics.figures import Breakdown, GroupSla


def percent(part: float, whole: float) -> str:
    """``part`` of ``whole`` as a whole percentage ("n/a" when there is no whole)."""
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, with an ``s`` unless there is exactly one."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def change(old: float, new: float) -> str:
    """How ``new`` compares with ``old``, in words."""
    if old == new:
        return "unchanged"
    if old == 0:
        return f"up from none to {new:,.0f}"
    delta = 100 * (new - old) / old
    return f"{'up' if delta > 0 else 'down'} {abs(delta):.0f}%"


def volume(weeks: Sequence[tuple[date, int, int]]) -> str:
    """Recent intake against the weeks before, and created against resolved overall."""
    if not weeks:
        return "No tickets in this range."
    created = sum(c for _, c, _ in weeks)
    resolved = sum(r for _, _, r in weeks)
    span = plural(len(weeks), "week")
    total = f"{plural(created, 'ticket')} created and {resolved:,} resolved in {span}"
    if len(weeks) < 8:
        return f"{total}."
    recent = sum(c for _, c, _ in weeks[-4:]) / 4
    before = sum(c for _, c, _ in weeks[-8:-4]) / 4
    return (
        f"{total}; intake averaged {recent:,.0f} a week over the last 4 weeks, "
        f"{change(before, recent)} on the 4 weeks before."
    )


def backlog(days: Sequence[tuple[date, int]]) -> str:
    """How the backlog moved over the last 8 weeks of the range (or the whole range)."""
    if not days:
        return "No open tickets in this range."
    window = days[-56:]
    start, end = window[0][1], window[-1][1]
    span = f"last {len(window) // 7} weeks" if len(window) >= 14 else "range"
    if start == end:
        return f"Backlog held at {plural(end, 'open ticket')} over the {span}."
    verb = "grew" if end > start else "shrank"
    size = change(start, end).removeprefix("up ").removeprefix("down ")
    return f"Backlog {verb} {size} over the {span} ({start:,} → {end:,} open tickets)."


def spreads(rows: Sequence[Spread], what: str) -> str:
    """The median per priority, most urgent first."""
    if not rows:
        return f"No {what} recorded in this range."
    medians = ", ".join(f"{r.label} {hours_label(r.p50)}" for r in rows[:4])
    return f"Median {what} by priority: {medians}."


def sla(groups: Sequence[GroupSla]) -> str:
    """Overall resolution attainment and the group furthest behind."""
    decided = sum(g.resolve_decided for g in groups)
    if not decided:
        responded = sum(g.respond_decided for g in groups)
        met = sum(g.respond_met for g in groups)
        if not responded:
            return "No SLA deadlines were decided in this range."
        return f"Response SLA met for {percent(met, responded)} of {plural(responded, 'ticket')}."
    met = sum(g.resolve_met for g in groups)
    overall = f"Resolution SLA met for {percent(met, decided)} of {plural(decided, 'ticket')}"
    measured = [g for g in groups if g.resolve_decided]
    if len(measured) < 2:
        return f"{overall}."
    worst = min(measured, key=lambda g: (g.resolve_met / g.resolve_decided, g.group))
    return (
        f"{overall}; lowest: {worst.group} at "
        f"{percent(worst.resolve_met, worst.resolve_decided)} "
        f"({worst.resolve_met:,} of {worst.resolve_decided:,})."
    )


def hours(groups: Sequence[tuple[str, float]]) -> str:
    """The group that logged the most hours and its share."""
    total = sum(h for _, h in groups)
    if not total:
        return "No hours were logged in this range."
    name, most = groups[0]
    return (
        f"{name} logged the most time: {most:,.0f} h, {percent(most, total)} of the "
        f"{total:,.0f} h logged."
    )


def attribute(breakdown: Breakdown) -> str:
    """The most common value of a custom attribute and its share."""
    value, count = breakdown.values[0]
    return (
        f"{value} is the most common {breakdown.attribute}: {count:,} of "
        f"{plural(breakdown.total, 'ticket')} ({percent(count, breakdown.total)})."
    )

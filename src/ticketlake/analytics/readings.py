"""One-line readings of each chart, computed from the figures it draws.

A reading and the headline figure over the same chart are built from the same values by the
same functions here (``per_week``, ``change``), so they never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ticketlake.analytics.backlog import COMPARED_DAYS, AgeBand, Change
from ticketlake.analytics.charts import Spread, hours_label
from ticketlake.analytics.figures import Breakdown, SlaTally, WeekSla, WeekVolume
from ticketlake.analytics.worklog import Unstored

T = TypeVar("T")
COMPARED_WEEKS = 4
"""Recent weeks compared with as many weeks before them (full weeks only)."""
OLD_DAYS = 30
YOUNG_DAYS = 7


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


def per_week(count: int, days: int) -> str:
    """``count`` over ``days`` as a weekly rate."""
    return f"{count * 7 / max(days, 1):,.0f}"


def day(value: object) -> str:
    """A day as the report writes it (``05 Sep 2026``)."""
    return f"{value:%d %b %Y}"


def volume(weeks: Sequence[WeekVolume]) -> str:
    """Created (with the weekly rate the headline shows) and resolved over the range, and
    intake in the last full weeks against the full weeks before (a cut week is no drop)."""
    if not weeks:
        return "No tickets in this range."
    created = sum(w.created for w in weeks)
    resolved = sum(w.resolved for w in weeks)
    days = sum(w.days for w in weeks)
    total = (
        f"{plural(created, 'ticket')} created ({per_week(created, days)} a week) and "
        f"{resolved:,} resolved in {plural(days, 'day')}"
    )
    halves = recent_and_before([w for w in weeks if w.days == 7])
    if halves is None:
        return f"{total}."
    recent, before = (sum(w.created for w in half) / len(half) for half in halves)
    return (
        f"{total}; the last {len(halves[0])} full weeks averaged {recent:,.0f} created a week, "
        f"{change(before, recent)} on the {len(halves[0])} before."
    )


def recent_and_before(full: Sequence[T]) -> tuple[Sequence[T], Sequence[T]] | None:
    """The last ``COMPARED_WEEKS`` full weeks and as many before them (fewer, down to 2 and
    2, over a short range); ``None`` when there are fewer than 4 full weeks."""
    n = min(COMPARED_WEEKS, len(full) // 2)
    if n < 2:
        return None
    return full[-n:], full[-2 * n : -n]


def backlog_since(moved: Change) -> str:
    """The start of a backlog change, as the headline and the reading both say it."""
    moved_by = change(moved.start_open, moved.end_open)
    return f"{moved_by} from {moved.start_open:,} on {day(moved.start)}"


def backlog(moved: Change | None) -> str:
    """How the backlog moved over the last 8 weeks of the range (or the whole range)."""
    if moved is None:
        return "No open tickets in this range."
    weeks = COMPARED_DAYS // 7
    span = f"over the last {weeks} weeks" if moved.full_window else f"since {day(moved.start)}"
    ends = (
        f"{moved.start_open:,} open at the end of {day(moved.start)}, "
        f"{moved.end_open:,} at the end of {day(moved.end)}"
    )
    if moved.start_open == moved.end_open:
        return f"Backlog held at {plural(moved.end_open, 'open ticket')} {span} ({ends})."
    verb = "grew" if moved.end_open > moved.start_open else "shrank"
    size = change(moved.start_open, moved.end_open).removeprefix("up ").removeprefix("down ")
    return f"Backlog {verb} {size} {span} ({ends})."


def ageing(bands: Sequence[AgeBand], end: object) -> str:
    """How much of the backlog at the end of the range is old, and how much is new."""
    total = sum(b.tickets for b in bands)
    if not total:
        return f"No tickets were open at the end of {day(end)}."
    old = sum(b.tickets for b in bands if b.min_days >= OLD_DAYS)
    young = sum(b.tickets for b in bands if b.max_days is not None and b.max_days <= YOUNG_DAYS)
    return (
        f"Of the {plural(total, 'ticket')} open at the end of {day(end)}, {old:,} "
        f"({percent(old, total)}) had been open {OLD_DAYS} days or more and {young:,} "
        f"({percent(young, total)}) less than {YOUNG_DAYS} days."
    )


def spreads(rows: Sequence[Spread], what: str) -> str:
    """The median per priority, most urgent first."""
    if not rows:
        return f"No {what} recorded in this range."
    medians = ", ".join(f"{r.label} {hours_label(r.p50)}" for r in rows[:4])
    return f"Median {what} by priority: {medians}."


def sla(groups: Sequence[SlaTally]) -> str:
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
    worst = min(measured, key=lambda g: (g.resolve_met / g.resolve_decided, g.label))
    return (
        f"{overall}; lowest: {worst.label} at "
        f"{percent(worst.resolve_met, worst.resolve_decided)} "
        f"({worst.resolve_met:,} of {worst.resolve_decided:,})."
    )


def _attainment(
    weeks: Sequence[WeekSla], decided: Callable[[SlaTally], int], met: Callable[[SlaTally], int]
) -> str:
    return percent(sum(met(w.sla) for w in weeks), sum(decided(w.sla) for w in weeks))


def sla_trend(weeks: Sequence[WeekSla]) -> str:
    """Attainment of the last full weeks against the full weeks before, both deadlines."""
    if not any(w.sla.respond_decided or w.sla.resolve_decided for w in weeks):
        return "No SLA deadlines were decided in this range."
    respond = (lambda s: s.respond_decided, lambda s: s.respond_met)
    resolve = (lambda s: s.resolve_decided, lambda s: s.resolve_met)
    halves = recent_and_before([w for w in weeks if w.days == 7])
    if halves is None:
        return (
            f"Response SLA met for {_attainment(weeks, *respond)} and resolution SLA for "
            f"{_attainment(weeks, *resolve)} of the decided deadlines of tickets created in "
            "the range."
        )
    recent, before = halves
    return (
        f"Resolution SLA met for {_attainment(recent, *resolve)} of tickets created in the last "
        f"{len(recent)} full weeks against {_attainment(before, *resolve)} in the "
        f"{len(before)} before; response SLA {_attainment(recent, *respond)} against "
        f"{_attainment(before, *respond)}."
    )


def hours(groups: Sequence[tuple[str, float]], unstored: Unstored) -> str:
    """The group that logged the most hours and its share; hours on tickets the store does
    not hold, which the chart leaves out, said apart."""
    total = sum(h for _, h in groups)
    apart = (
        f" Another {unstored.hours:,.0f} h were logged on {plural(unstored.tickets, 'ticket')} "
        "the store does not hold; they are left out."
        if unstored.entries
        else ""
    )
    if not total:
        return f"No hours were logged on stored tickets in this range.{apart}"
    name, most = groups[0]
    return (
        f"{name} logged the most time: {most:,.0f} h, {percent(most, total)} of the "
        f"{total:,.0f} h logged.{apart}"
    )


def breakdown(counts: Breakdown) -> str:
    """The most common value of a field or custom attribute, and its share."""
    value, count = counts.values[0]
    return (
        f"{value} is the most common {counts.name}: {count:,} of "
        f"{plural(counts.total, 'ticket')} ({percent(count, counts.total)})."
    )

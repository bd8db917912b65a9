"""The report's chart kinds, drawn as inline SVG: columns, a line, bars and spreads."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from ticketlake.analytics.svg import HALF, WIDE, Canvas, faded, linear_ticks, number


@dataclass(frozen=True)
class Series:
    """One named, coloured series of values (one per category)."""

    name: str
    colour: str
    values: Sequence[float]


@dataclass(frozen=True)
class Line:
    """One named, coloured line: a value per category (``None``: none that week) and the
    tooltip text of each value."""

    name: str
    colour: str
    values: Sequence[float | None]
    tips: Sequence[str]


@dataclass(frozen=True)
class Spread:
    """A distribution summarised by percentiles (hours), for one category."""

    label: str
    count: int
    p25: float
    p50: float
    p75: float
    p90: float


def empty(label: str, message: str = "No data in this range.", width: int = HALF) -> str:
    """A placeholder drawn instead of a chart that has nothing to show."""
    canvas = Canvas(width=width, height=80)
    canvas.text(canvas.width / 2, 44, message)
    return canvas.render(label)


def columns(
    label: str,
    categories: Sequence[str],
    series: Sequence[Series],
    partial: Sequence[str] = (),
    partial_key: str = "Partial week",
) -> str:
    """Grouped vertical bars: one group per category, one bar per series.

    ``partial`` gives each category a note ("" when complete): a category with a note (a week
    the range or the data cuts short) is drawn pale with a dashed edge and its note in the
    tooltip, so a short period does not read as a drop.
    """
    if not categories:
        return empty(label, width=WIDE)
    top = max((max(s.values, default=0) for s in series), default=0)
    canvas, to_y, centers = _category_canvas(len(categories), top, number)
    bar = max(1.0, canvas.plot_width / len(categories) * 0.8 / len(series))
    notes = _notes(partial, len(categories))
    for k, s in enumerate(series):
        for i, value in enumerate(s.values):
            x = centers[i] - bar * len(series) / 2 + k * bar
            y = to_y(value)
            _mark(
                canvas,
                "rect",
                f"x='{x:.1f}' y='{y:.1f}' width='{bar:.1f}' height='{to_y(0) - y:.1f}'",
                s.colour,
                f"{categories[i]} · {s.name}: {number(value)}",
                notes[i],
            )
    keys = [(s.name, s.colour) for s in series]
    return _finish(canvas, label, categories, centers, keys, partial_key if any(notes) else "")


def trend(
    label: str,
    categories: Sequence[str],
    lines: Sequence[Line],
    partial: Sequence[str] = (),
    partial_key: str = "Partial week",
    top: float | None = None,
    value_label: Callable[[float], str] = number,
) -> str:
    """Lines over categories (weeks), one point per value, broken where a value is missing;
    a category noted in ``partial`` gets hollow points and its note in the tooltip."""
    if not categories:
        return empty(label, width=WIDE)
    values = [v for line in lines for v in line.values if v is not None]
    peak = top if top is not None else max(values, default=0)
    canvas, to_y, xs = _category_canvas(len(categories), peak, value_label)
    notes = _notes(partial, len(categories))
    for line in lines:
        points = [(i, v) for i, v in enumerate(line.values) if v is not None]
        for run in _runs(points):
            path = " ".join(f"{xs[i]:.1f},{to_y(v):.1f}" for i, v in run)
            canvas.add(
                f"<polyline points='{path}' fill='none' stroke='{line.colour}' stroke-width='2'/>"
            )
        for i, v in points:
            geometry = f"cx='{xs[i]:.1f}' cy='{to_y(v):.1f}' r='4'"
            tip = f"{categories[i]} · {line.name}: {line.tips[i]}"
            _mark(canvas, "circle", geometry, line.colour, tip, notes[i])
    keys = [(ln.name, ln.colour) for ln in lines]
    return _finish(canvas, label, categories, xs, keys, partial_key if any(notes) else "")


def _category_canvas(
    categories: int, top: float, value_label: Callable[[float], str]
) -> tuple[Canvas, Callable[[float], float], list[float]]:
    """A full-width canvas with a value axis up to ``top``: its y scale and the x centre of
    each of ``categories`` equal slots."""
    canvas = Canvas(width=WIDE)
    ticks = linear_ticks(top)
    to_y = _scale(ticks[-1], canvas)
    canvas.value_axis(ticks, to_y, value_label)
    slot = canvas.plot_width / categories
    return canvas, to_y, [canvas.left + slot * (i + 0.5) for i in range(categories)]


def _finish(
    canvas: Canvas,
    label: str,
    categories: Sequence[str],
    centers: Sequence[float],
    keys: Sequence[tuple[str, str]],
    partial_key: str,
) -> str:
    canvas.category_labels(categories, centers)
    canvas.legend(keys, partial_key)
    return canvas.render(label)


def _notes(partial: Sequence[str], size: int) -> list[str]:
    return list(partial) if partial else [""] * size


def _mark(canvas: Canvas, shape: str, geometry: str, colour: str, tip: str, note: str) -> None:
    """A data mark in ``colour``; with a ``note`` (it covers part of its period) pale, and
    the note added to its tooltip."""
    style = faded(colour) if note else f"fill='{colour}'"
    canvas.mark(shape, f"{geometry} {style}", f"{tip} ({note})" if note else tip)


def _runs(points: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """Points split where an index is skipped (a missing value breaks the line)."""
    runs: list[list[tuple[int, float]]] = []
    for point in points:
        if runs and runs[-1][-1][0] == point[0] - 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def line(
    label: str,
    days: Sequence[date],
    values: Sequence[float],
    colour: str,
    marked: Sequence[int] = (),
) -> str:
    """One series over days, as a line over a light area, with a point on the last day and
    on each index in ``marked`` (the days a reading compares)."""
    if not days:
        return empty(label, width=WIDE)
    canvas = Canvas(width=WIDE)
    ticks = linear_ticks(max(values, default=0))
    to_y = _scale(ticks[-1], canvas)
    canvas.value_axis(ticks, to_y)
    step = canvas.plot_width / max(1, len(days) - 1)
    xs = [canvas.left + i * step for i in range(len(days))]
    points = " ".join(f"{x:.1f},{to_y(v):.1f}" for x, v in zip(xs, values, strict=True))
    base = to_y(0)
    canvas.add(
        f"<polygon points='{xs[0]:.1f},{base:.1f} {points} {xs[-1]:.1f},{base:.1f}' "
        f"fill='{colour}' fill-opacity='0.12'/>"
    )
    canvas.mark(
        "polyline",
        f"points='{points}' fill='none' stroke='{colour}' stroke-width='2'",
        f"{days[0]:%d %b %Y} to {days[-1]:%d %b %Y}",
    )
    for i in sorted({*marked, len(days) - 1}):
        canvas.mark(
            "circle",
            f"cx='{xs[i]:.1f}' cy='{to_y(values[i]):.1f}' r='3.5' fill='{colour}'",
            f"{days[i]:%d %b %Y}: {number(values[i])}",
        )
    canvas.category_labels(day_labels(days), xs, thin=False)
    return canvas.render(label)


def bars(
    label: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_label: Callable[[float], str] = number,
    top: float | None = None,
) -> str:
    """Horizontal bars: one row per category, one bar per series, values at the bar ends."""
    if not categories:
        return empty(label)
    row = 18 * len(series) + 10
    canvas = Canvas(height=24 + row * len(categories) + 8, left=170, right=64, top=24, bottom=8)
    peak = top if top is not None else max((max(s.values, default=0) for s in series), default=0)
    width = canvas.plot_width / (peak or 1.0)
    for i, category in enumerate(categories):
        y0 = canvas.top + i * row
        canvas.text(canvas.left - 8, y0 + row / 2 + 2, _clip(category, 26), anchor="end")
        for k, s in enumerate(series):
            value = s.values[i]
            y = y0 + 4 + k * 18
            w = max(1.0, value * width)
            canvas.mark(
                "rect",
                f"x='{canvas.left}' y='{y:.1f}' width='{w:.1f}' height='14' rx='2' "
                f"fill='{s.colour}'",
                f"{category} · {s.name}: {value_label(value)}",
            )
            canvas.text(canvas.left + w + 4, y + 11, value_label(value), anchor="start")
    if len(series) > 1:
        canvas.legend([(s.name, s.colour) for s in series])
    return canvas.render(label)


HOUR_TICKS = (
    (0.25, "15 min"),
    (1, "1 h"),
    (4, "4 h"),
    (24, "1 d"),
    (72, "3 d"),
    (168, "1 wk"),
    (672, "4 wk"),
    (2016, "12 wk"),
    (8760, "1 yr"),
)


def spreads(label: str, rows: Sequence[Spread], colour: str) -> str:
    """Per category, a box from the 25th to the 75th percentile, the median as a bar and a
    whisker to the 90th percentile, on a log scale of hours (minutes to weeks on one axis)."""
    if not rows:
        return empty(label)
    row = 30
    canvas = Canvas(height=24 + row * len(rows) + 30, left=150, right=60, top=24, bottom=30)
    low = min([0.25, *(r.p25 for r in rows if r.p25 > 0)])
    high = max(672.0, max(r.p90 for r in rows))
    span = math.log10(high) - math.log10(low)

    def to_x(hours: float) -> float:
        clamped = min(max(hours, low), high)
        return canvas.left + (math.log10(clamped) - math.log10(low)) / span * canvas.plot_width

    bottom = canvas.top + row * len(rows)
    for hours, tick in HOUR_TICKS:
        if not low <= hours <= high:
            continue
        x = to_x(hours)
        canvas.add(
            f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{canvas.top}' y2='{bottom}' stroke='#e2e8f0'/>"
        )
        canvas.text(x, bottom + 16, tick)
    for i, r in enumerate(rows):
        y = canvas.top + i * row + row / 2
        canvas.text(canvas.left - 8, y + 4, f"{_clip(r.label, 18)} ({r.count:,})", anchor="end")
        canvas.add(
            f"<line x1='{to_x(r.p75):.1f}' x2='{to_x(r.p90):.1f}' y1='{y:.1f}' y2='{y:.1f}' "
            f"stroke='{colour}' stroke-width='1.5'/>"
        )
        tip = (
            f"{r.label}: median {hours_label(r.p50)}, middle half {hours_label(r.p25)}"
            f"–{hours_label(r.p75)}, 90% within {hours_label(r.p90)} ({r.count:,} tickets)"
        )
        x0, x1 = to_x(r.p25), to_x(r.p75)
        canvas.mark(
            "rect",
            f"x='{x0:.1f}' y='{y - 8:.1f}' width='{max(2.0, x1 - x0):.1f}' height='16' rx='2' "
            f"fill='{colour}' fill-opacity='0.35' stroke='{colour}'",
            tip,
        )
        xm = to_x(r.p50)
        canvas.add(
            f"<line x1='{xm:.1f}' x2='{xm:.1f}' y1='{y - 10:.1f}' y2='{y + 10:.1f}' "
            f"stroke='#0f172a' stroke-width='2.5'/>"
        )
        canvas.text(to_x(r.p90) + 6, y + 4, hours_label(r.p50), anchor="start")
    return canvas.render(label)


def day_labels(days: Sequence[date]) -> list[str]:
    """Labels for a daily axis: months (with the year in January) over long ranges, else
    Mondays, leaving the other days blank."""
    if len(days) > 62:
        labels = []
        for i, d in enumerate(days):
            first = i == 0 and d.day <= 20  # a label only where it cannot crowd the next
            month = f"{d:%b %Y}" if d.month == 1 or i == 0 else f"{d:%b}"
            labels.append(month if d.day == 1 or first else "")
        return labels
    return [f"{d:%d %b}" if d.weekday() == 0 else "" for d in days]


def hours_label(hours: float) -> str:
    """Hours as a reader says them: minutes under an hour, days past two days."""
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} d"


def _scale(top: float, canvas: Canvas) -> Callable[[float], float]:
    bottom = canvas.top + canvas.plot_height

    def to_y(value: float) -> float:
        return bottom - (value / (top or 1.0)) * canvas.plot_height

    return to_y


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"

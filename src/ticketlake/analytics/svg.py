"""Inline SVG drawing: a canvas with a plot area, scales and axes, rendered in Python.

Charts are drawn on the server so the report is one self-contained file that works offline
(no script libraries, no fonts to fetch). Every data mark carries the ``mark`` class and a
``<title>`` tooltip, which the browser test and a reader's mouse both rely on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

FONT = "font-family='inherit' font-size='11' fill='#475569'"
HALF, WIDE = 560, 1160
"""Canvas widths drawn at about one user unit per pixel in a half-width and full-width card."""


def nice_step(span: float, count: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) dividing ``span`` in ~``count``."""
    if span <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)


def linear_ticks(top: float, count: int = 5) -> list[float]:
    """Ticks from 0 to at least ``top`` on a round step of at least 1 (axes count things)."""
    top = max(top, 1.0)
    step = max(1.0, nice_step(top, count))
    n = max(1, math.ceil(top / step))
    return [round(i * step, 10) for i in range(n + 1)]


def faded(colour: str) -> str:
    """The fill and edge of a mark that covers only part of its period (a cut week)."""
    return (
        f"fill='{colour}' fill-opacity='0.35' stroke='{colour}' stroke-dasharray='3 2' "
        "data-partial='true'"
    )


def number(value: float) -> str:
    """A tick or value label: thousands separated, at most one decimal."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.1f}"


@dataclass
class Canvas:
    """An SVG of ``width`` x ``height`` user units with a plot area inside the margins."""

    width: int = HALF
    height: int = 280
    left: int = 56
    right: int = 16
    top: int = 16
    bottom: int = 36
    parts: list[str] = field(default_factory=list)

    @property
    def plot_width(self) -> float:
        return float(self.width - self.left - self.right)

    @property
    def plot_height(self) -> float:
        return float(self.height - self.top - self.bottom)

    def add(self, element: str) -> None:
        """Append raw SVG markup (callers escape text with :func:`text`)."""
        self.parts.append(element)

    def text(self, x: float, y: float, label: str, anchor: str = "middle", extra: str = "") -> None:
        """A text label at (x, y)."""
        self.add(
            f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' {FONT} {extra}>"
            f"{escape(label)}</text>"
        )

    def mark(self, shape: str, attrs: str, tooltip: str) -> None:
        """A data mark (rect, circle, path ...) with its tooltip."""
        self.add(f"<{shape} class='mark' {attrs}><title>{escape(tooltip)}</title></{shape}>")

    def value_axis(
        self,
        ticks: Sequence[float],
        to_y: Callable[[float], float],
        label: Callable[[float], str] = number,
    ) -> None:
        """Horizontal grid lines with labels on the left."""
        for tick in ticks:
            y = to_y(tick)
            self.add(
                f"<line x1='{self.left}' x2='{self.width - self.right}' y1='{y:.1f}' "
                f"y2='{y:.1f}' stroke='#e2e8f0' stroke-width='1'/>"
            )
            self.text(self.left - 6, y + 4, label(tick), anchor="end")

    def category_labels(
        self, labels: Sequence[str], centers: Sequence[float], thin: bool = True
    ) -> None:
        """Labels under the plot, thinned so they never overlap (empty labels are skipped)."""
        if not labels:
            return
        room = self.plot_width / len(labels)
        every = max(1, math.ceil(62 / room)) if thin else 1
        for i, (label, x) in enumerate(zip(labels, centers, strict=True)):
            if label and i % every == 0:
                self.text(x, self.height - self.bottom + 16, label)

    def legend(self, entries: Sequence[tuple[str, str]], partial_key: str = "") -> None:
        """Colour keys in the top-right corner; ``partial_key`` labels a last, pale key (how
        marks covering only part of their period are drawn, see :func:`faded`)."""
        keys = [(label, f"fill='{colour}'") for label, colour in entries]
        if partial_key:
            keys.append((partial_key, faded("#94a3b8")))
        x = self.width - self.right
        for label, fill in reversed(keys):
            x -= 8 * len(label) + 26
            self.add(f"<rect x='{x:.1f}' y='2' width='10' height='10' rx='2' {fill}/>")
            self.text(x + 14, 11, label, anchor="start")

    def render(self, label: str) -> str:
        """The finished ``<svg>`` element (scales to its container's width)."""
        body = "".join(self.parts)
        return (
            f"<svg viewBox='0 0 {self.width} {self.height}' role='img' "
            f"aria-label='{escape(label, quote=True)}' preserveAspectRatio='xMidYMid meet' "
            f"xmlns='http://www.w3.org/2000/svg'>{body}</svg>"
        )

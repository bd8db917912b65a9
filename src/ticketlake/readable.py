"""Figures as people read them: durations (CLI tables, web pages, check previews)."""

from __future__ import annotations


def duration(seconds: float | None) -> str:
    """``1 h 02 min``, ``3 min 05 s``, ``12 s``, ``4.2 s``; ``?`` when unknown."""
    if seconds is None:
        return "?"
    if seconds < 10:
        return f"{seconds:.1f} s"
    s = round(seconds)
    if s >= 86400 * 2:
        return f"{s // 86400} d {s % 86400 // 3600:02d} h"
    if s >= 3600:
        return f"{s // 3600} h {s % 3600 // 60:02d} min"
    if s >= 60:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s} s"


_FRACTIONS = (
    (1 / 4, "a quarter"), (1 / 3, "a third"), (1 / 2, "half"), (2 / 3, "two thirds"),
    (3 / 4, "three quarters"),
)  # fmt: skip


def fraction_words(share: float) -> str:
    """A share as people say it: ``about a quarter``, ``about half``, ``about 12 %``."""
    near = min(_FRACTIONS, key=lambda f: abs(f[0] - share))
    if abs(near[0] - share) <= 0.03:
        return f"about {near[1]}"
    percent = round(share * 100)
    return f"about {percent} %" if percent >= 1 else "less than 1 %"

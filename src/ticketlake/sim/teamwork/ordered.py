"""Rows in the order of a time column, so that a range of that column is a slice.

A client walking a list by update date asks the same selection again and again with a new
lower bound (``updatedAfter`` moved on after every page, the way past the 50,000 cap, B3).
Filtering every row for each ask made a 100,000-record site cost more CPU than the budgets
allow calls, so the rest of a filter (all but the bounds on the column) is applied once, its
rows kept in the column's order, and each ask bisects its bounds.

Times are compared in whole seconds, as the API serves them; a bound is ``[low, high)`` of
milliseconds floored to the second.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


def whole(ms: int) -> int:
    """An instant floored to its second (in ms)."""
    return ms // 1000 * 1000


@dataclass(frozen=True)
class Ordered:
    """Rows a filter keeps, in the order of a column (ties in row order), with the column's
    whole-second values beside them (ascending)."""

    rows: array[int]
    seconds: array[int]

    def between(self, low: int | None, high: int | None) -> Sequence[int]:
        """The rows whose whole-second value is at least ``low`` and below ``high`` (any
        milliseconds: the values compared are whole seconds)."""
        start = 0 if low is None else bisect.bisect_left(self.seconds, low)
        end = len(self.seconds) if high is None else bisect.bisect_left(self.seconds, high)
        return self.rows[start:end]


def order_rows(count: int, keep: Callable[[int], bool], column: array[int],
               by_second: bool) -> Ordered:  # fmt: skip
    """The rows among ``range(count)`` that ``keep`` keeps, ordered by ``column`` (its whole
    seconds when ``by_second``, else its milliseconds), ties in row order."""
    rows = [r for r in range(count) if keep(r)]
    rows.sort(key=(lambda r: whole(column[r])) if by_second else column.__getitem__)
    return Ordered(array("q", rows), array("q", (whole(column[r]) for r in rows)))


def strictly_between(after: int | None, before: int | None) -> tuple[int | None, int | None]:
    """``[low, high)`` of the whole seconds strictly after ``after`` and before ``before``."""
    return None if after is None else after + 1, before


def arranged(rows: Sequence[int], order: Callable[[int], Any] | None,
             reverse: bool) -> array[int]:  # fmt: skip
    """``rows`` as a list serves them: in row order, then stably sorted by ``order`` (compact:
    a selection is kept until the data changes)."""
    out = sorted(rows)
    if order is not None or reverse:
        out.sort(key=order, reverse=reverse)
    return array("q", out)

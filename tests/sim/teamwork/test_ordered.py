"""The update-ordered selections a walk by update date bisects (``ordered.py``) select and
order exactly what a scan of every row does."""

from __future__ import annotations

import random
from array import array

from ticketlake.sim.teamwork.ordered import arranged, order_rows, strictly_between, whole

ROWS = 400


def _column(seed: int) -> array[int]:
    """Update times in ms, many rows sharing a second (and some the same ms)."""
    rng = random.Random(seed)
    return array("q", (1_700_000_000_000 + rng.randrange(60) * 1000 + rng.choice((0, 0, 1, 999))
                       for _ in range(ROWS)))  # fmt: skip


def _scan(column: array[int], after: int | None, before: int | None) -> list[int]:
    """Kept rows strictly between the bounds in whole seconds, by update then row."""
    kept = [r for r in range(ROWS) if r % 3 and (after is None or whole(column[r]) > after)
            and (before is None or whole(column[r]) < before)]  # fmt: skip
    return sorted(kept, key=column.__getitem__)


def test_a_range_is_the_rows_a_scan_keeps_in_update_order() -> None:
    column = _column(1)
    ordered = order_rows(ROWS, lambda r: r % 3 != 0, column, by_second=False)
    base = 1_700_000_000_000
    bounds = [None, base - 1, base, base + 7_000, base + 7_500, base + 7_999, base + 59_000]
    for after in bounds:
        for before in bounds:
            got = list(ordered.between(*strictly_between(after, before)))
            assert got == _scan(column, after, before), (after, before)


def test_ordered_by_whole_seconds_ties_stay_in_row_order() -> None:
    column = _column(2)
    ordered = order_rows(ROWS, lambda r: True, column, by_second=True)
    assert list(ordered.rows) == sorted(range(ROWS), key=lambda r: whole(column[r]))
    assert list(ordered.seconds) == sorted(whole(v) for v in column)


def test_arranged_is_row_order_then_a_stable_sort() -> None:
    column = _column(3)
    rows = order_rows(ROWS, lambda r: r % 2 == 0, column, by_second=False).rows
    kept = [r for r in range(ROWS) if r % 2 == 0]
    assert list(arranged(rows, None, False)) == kept
    assert list(arranged(rows, None, True)) == sorted(kept, reverse=True)

    def by_second(r: int) -> int:
        return whole(column[r])

    got = list(arranged(rows, by_second, True))
    assert got == sorted(kept, key=by_second, reverse=True)
    assert got != sorted(kept, key=lambda r: (by_second(r), r), reverse=True)

"""A census of a source's history: counts per slice, and a per-item measure sampled from them."""

from __future__ import annotations

import asyncio
import json

import pytest

from ticketlake.connectors.census import (
    DAY,
    WEEK,
    Census,
    Count,
    Item,
    Slice,
    count_windows,
    density,
    restored,
    saved,
    slices,
    total,
    whole_day,
    within,
)
from ticketlake.errors import NotFound, PermissionDenied, SourceError

T0 = 1_735_689_600.0  # 2025-01-01T00:00:00Z
YEAR = 365 * DAY


def test_history_is_cut_in_equal_slices_each_with_a_week_centred_in_it() -> None:
    found = slices(T0, T0 + YEAR)
    assert len(found) == 12
    assert found[0].lo == T0
    assert found[-1].hi == pytest.approx(T0 + YEAR)
    for s in found:
        lo, hi = s.window
        assert hi - lo == WEEK
        assert (lo + hi) / 2 == pytest.approx((s.lo + s.hi) / 2)


def test_windows_of_a_search_by_date_fall_on_whole_days() -> None:
    found = slices(T0 + 3600, T0 + YEAR, snap=whole_day)
    assert all(lo % DAY == 0 and hi % DAY == 0 for lo, hi in (s.window for s in found))


def test_a_short_history_is_counted_whole_in_each_slice() -> None:
    found = slices(T0, T0 + 12 * 3600)  # twelve hours: slices of an hour, windows of an hour
    assert [s.window for s in found] == [(s.lo, s.hi) for s in found]
    assert all(s.scale == 1.0 for s in found)


def test_a_full_answer_is_split_and_both_halves_counted() -> None:
    dated = [T0 + i * 60.0 for i in range(250)]  # one a minute
    asked: list[tuple[float, float]] = []

    async def count(lo: float, hi: float) -> list[float]:
        asked.append((lo, hi))
        return [d for d in dated if lo <= d < hi][:100]

    window = Slice(T0, T0 + 250 * 60.0, (T0, T0 + 250 * 60.0))
    asyncio.run(count_windows([window], count, 100, min_width=60.0))
    assert len(window.rows) == 250
    assert len(asked) > 1
    assert window.estimate == 250


def test_a_window_scales_to_its_slice_and_the_slices_add_up() -> None:
    week = Slice(T0, T0 + 4 * WEEK, (T0, T0 + WEEK), rows=[Item(i, None) for i in range(30)])
    assert week.scale == 4.0
    assert week.estimate == 120.0
    other = Slice(T0 + 4 * WEEK, T0 + 5 * WEEK, (T0 + 4 * WEEK, T0 + 5 * WEEK), rows=[1, 2])
    assert density([week, other]) == [
        (T0, T0 + 4 * WEEK, 120.0),
        (T0 + 4 * WEEK, T0 + 5 * WEEK, 2.0),
    ]
    assert total([week, other]) == Count.exactly(122)


def test_a_walk_resumed_below_its_start_has_the_rows_under_it_left() -> None:
    found = [(0.0, 10.0, 100.0), (10.0, 20.0, 40.0)]
    assert within(found, None, 20.0) == 140.0
    assert within(found, None, 15.0) == 120.0  # half of the newer segment is read
    assert within(found, 5.0, 15.0) == 70.0  # an incremental walk stops at its floor
    assert within(found, None, 0.0) == 0.0


def test_segments_come_back_from_a_cursor_as_they_went_in() -> None:
    found = [(T0, T0 + WEEK, 120.0), (T0 + WEEK, T0 + 2 * WEEK, 2.0)]
    assert restored(json.loads(json.dumps(saved(found)))) == found


def _census(seed: int = 0) -> Census:
    busy = Slice(0.0, 10.0, (0.0, 10.0), rows=[Item(i, "closed") for i in range(90)])
    quiet = Slice(10.0, 20.0, (10.0, 20.0), rows=[Item(100 + i, "new") for i in range(10)])
    return Census(0.0, 20.0, [busy, quiet], seed=seed)


def test_a_sample_is_drawn_from_every_slice_in_proportion_never_twice() -> None:
    census = _census()
    first = census.draw(20)
    assert sum(1 for i in first if i < 100) == 18
    assert sum(1 for i in first if i >= 100) == 2
    census.measured.update(dict.fromkeys(first, 1.0))
    assert not set(census.draw(20)) & set(first)
    assert _census(seed=3).draw(20) == _census(seed=3).draw(20)  # the seed makes it repeatable


def test_the_measure_is_weighted_by_stratum() -> None:
    census = _census()

    async def entries(item: int) -> float:
        return 2.0 if item >= 100 else 10.0  # a closed ticket has the longer history

    asyncio.run(census.sample(entries, 20))
    found = census.estimate()
    assert found.value == 90 * 10 + 10 * 2
    assert found.exact  # no spread within a stratum: nothing to be unsure of


def test_items_gone_since_the_census_are_left_out_unless_all_are() -> None:
    census = _census()

    async def some_gone(item: int) -> float:
        if item % 2:
            raise NotFound("gone", status=404)
        return 4.0

    asyncio.run(census.sample(some_gone, 10))
    assert census.measured
    assert set(census.measured.values()) == {4.0}

    async def all_hidden(item: int) -> float:
        raise PermissionDenied("hidden", status=403)

    with pytest.raises(PermissionDenied):
        asyncio.run(_census().sample(all_hidden, 10))

    async def broken(item: int) -> float:
        raise SourceError("the server failed", status=500)

    with pytest.raises(SourceError, match="the server failed"):
        asyncio.run(_census().sample(broken, 10))


def test_nothing_sampled_estimates_nothing() -> None:
    assert _census().estimate() == Count.exactly(0)

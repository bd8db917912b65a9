"""Self-splitting date windows over an unpaged search."""

from __future__ import annotations

import asyncio
import random

import pytest

from ticketlake.connectors.windows import Limits, Row, Walk, Window, WindowWalker
from ticketlake.errors import SourceError

DAY = 86400.0
NOW = 1_767_225_600.0


class Search:
    """An unpaged search: rows dated in [lo, hi], at most ``limit`` of them, in no order."""

    def __init__(self, dates: list[float], seed: int = 7, cap: int | None = None) -> None:
        self.rows = [{"ID": i, "ModifiedDate": d} for i, d in enumerate(dates)]
        self.calls: list[tuple[float | None, float, int | None]] = []
        self.rng = random.Random(seed)
        self.cap = cap
        """A server-side cut: never more rows than this, whatever the limit asked."""

    async def __call__(self, lo: float | None, hi: float, limit: int | None) -> list[Row]:
        self.calls.append((lo, hi, limit))
        found = [
            r
            for r in self.rows
            if (lo is None or r["ModifiedDate"] >= lo) and r["ModifiedDate"] <= hi
        ]
        self.rng.shuffle(found)
        for most in (limit, self.cap):
            found = found if most is None else found[:most]
        return found


def walker(search: Search, max_results: int = 100, limits: Limits | None = None) -> WindowWalker:
    return WindowWalker(
        search,
        max_results=max_results,
        limits=limits,
        dates_of=lambda rows: [r["ModifiedDate"] for r in rows],
        keys_of=lambda rows: [(r["ID"], r["ModifiedDate"]) for r in rows],
        initial_width=7 * DAY,
    )


def collect(w: WindowWalker, walk: Walk) -> list[Window]:
    async def run() -> list[Window]:
        return [window async for window in w.windows(walk)]

    return asyncio.run(run())


def test_a_small_range_costs_one_call() -> None:
    search = Search([NOW - i * 3600 for i in range(50)])
    windows = collect(walker(search), Walk(hi=NOW))
    assert len(search.calls) == 1
    assert search.calls[0][0] is None  # no lower bound: the whole remainder
    assert sorted(r["ID"] for r in windows[0].rows) == list(range(50))
    assert windows[-1].next is None


def test_full_windows_split_until_every_row_is_read_exactly_once() -> None:
    rng = random.Random(1)
    dates = [NOW - rng.random() * 400 * DAY for _ in range(3000)]
    search = Search(dates)
    windows = collect(walker(search), Walk(hi=NOW))
    ids = [r["ID"] for w in windows for r in w.rows]
    assert sorted(ids) == list(range(3000))
    assert all(limit == 100 for _, _, limit in search.calls)


def test_every_call_sends_an_explicit_max_results_and_most_windows_are_not_wasted() -> None:
    rng = random.Random(2)
    search = Search([NOW - rng.random() * 200 * DAY for _ in range(2000)])
    windows = collect(walker(search), Walk(hi=NOW))
    trusted = len(windows)
    assert len(search.calls) == sum(w.calls for w in windows)
    # 2000 rows at ~50 per window is ~40 windows; splits and the tail cost a bounded extra.
    assert len(search.calls) < 2 * trusted
    assert trusted < 80


def test_rows_on_a_shared_edge_are_delivered_once() -> None:
    # Many rows on the exact same second, at the edge between two windows.
    dates = [NOW - 10 * DAY] * 30 + [NOW - i * 600 for i in range(90)]
    search = Search(dates)
    windows = collect(walker(search, max_results=60), Walk(hi=NOW))
    ids = [r["ID"] for w in windows for r in w.rows]
    assert len(ids) == len(set(ids)) == 120


def test_a_window_still_full_at_the_minimum_width_is_asked_without_limit() -> None:
    dates = [NOW - DAY] * 150  # more rows in one second than MaxResults allows
    search = Search(dates)
    windows = collect(walker(search, max_results=100), Walk(hi=NOW))
    assert sorted(r["ID"] for w in windows for r in w.rows) == list(range(150))
    assert None in [limit for _, _, limit in search.calls]


def test_an_incremental_walk_stops_at_its_floor() -> None:
    search = Search([NOW - i * DAY for i in range(100)])
    windows = collect(walker(search), Walk(hi=NOW, floor=NOW - 5.5 * DAY))
    assert search.calls == [(NOW - 5.5 * DAY, NOW, 100)]
    assert sorted(r["ID"] for r in windows[0].rows) == [0, 1, 2, 3, 4, 5]


def test_a_resumed_walk_continues_below_the_last_committed_window() -> None:
    rng = random.Random(3)
    search = Search([NOW - rng.random() * 100 * DAY for _ in range(1000)])
    first = collect(walker(search), Walk(hi=NOW))
    cut = first[3].next
    assert cut is not None
    resumed = collect(walker(search), Walk.from_json(cut.to_json()))
    before = {r["ID"] for w in first[:4] for r in w.rows}
    after = {r["ID"] for w in resumed for r in w.rows}
    assert before | after == set(range(1000))


def test_a_server_that_cuts_answers_below_max_results_is_caught_and_nothing_is_lost() -> None:
    rng = random.Random(3)
    search = Search([NOW - rng.random() * 300 * DAY for _ in range(5000)], cap=300)
    limits = Limits()
    windows = collect(walker(search, max_results=2000, limits=limits), Walk(hi=NOW))
    ids = [r["ID"] for w in windows for r in w.rows]
    assert sorted(ids) == list(range(5000))
    assert limits.cap == 300


def test_an_answer_proven_complete_is_not_proven_again() -> None:
    rng = random.Random(4)
    search = Search([NOW - rng.random() * 30 * DAY for _ in range(400)])
    limits = Limits()
    collect(walker(search, max_results=2000, limits=limits), Walk(hi=NOW))
    assert len(search.calls) == 3  # the whole range, then its two halves: no cut
    assert limits == Limits(cap=None, proven=400)
    search.calls.clear()
    collect(
        walker(search, max_results=2000, limits=Limits.from_json(limits.to_json())), Walk(hi=NOW)
    )
    assert len(search.calls) == 1  # what the cursor kept spares the proof


def test_small_answers_are_trusted_without_proof() -> None:
    search = Search([NOW - i * 3600 for i in range(99)])
    collect(walker(search, max_results=2000), Walk(hi=NOW))
    assert len(search.calls) == 1


def test_a_search_that_ignores_its_date_filter_stops_the_walk_with_a_clear_error() -> None:
    rng = random.Random(5)
    search = Search([NOW - rng.random() * 400 * DAY for _ in range(3000)])
    ignoring = search.__call__

    async def no_filter(lo: float | None, hi: float, limit: int | None) -> list[Row]:
        return await ignoring(None, NOW, limit)

    with pytest.raises(SourceError, match="does not apply its date filter"):
        collect(walker(no_filter, max_results=100), Walk(hi=NOW))  # type: ignore[arg-type]
    assert len(search.calls) <= 3


def test_the_error_names_the_vendor_the_connector_gave() -> None:
    rng = random.Random(5)
    search = Search([NOW - rng.random() * 400 * DAY for _ in range(3000)])

    async def no_filter(lo: float | None, hi: float, limit: int | None) -> list[Row]:
        return await search(None, NOW, limit)

    named = WindowWalker(
        no_filter,
        max_results=100,
        dates_of=lambda rows: [r["ModifiedDate"] for r in rows],
        keys_of=lambda rows: [r["ID"] for r in rows],
        vendor="Autotask",
    )
    with pytest.raises(SourceError) as raised:
        collect(named, Walk(hi=NOW))
    assert raised.value.fix == "the tenant's search ignores its date filters; report it to Autotask"


def test_nothing_is_asked_below_the_origin_and_a_late_origin_ends_the_walk_sooner() -> None:
    def walk(origin: float | None) -> tuple[list[Window], Search]:
        search = Search([NOW - d * DAY for d in range(60)])  # a row a day
        extra = {} if origin is None else {"origin": origin}
        w = WindowWalker(
            search,
            max_results=10,
            dates_of=lambda rows: [r["ModifiedDate"] for r in rows],
            keys_of=lambda rows: [r["ID"] for r in rows],
            initial_width=2 * DAY,
            **extra,  # type: ignore[arg-type]
        )
        return collect(w, Walk(hi=NOW)), search

    origin = NOW - 61 * DAY  # just before the oldest row
    windows, late = walk(origin)
    assert sorted(r["ID"] for w in windows for r in w.rows) == list(range(60))
    assert windows[-1].next is None
    assert all(lo is None or lo > origin for lo, _, _ in late.calls)
    _, default = walk(None)  # 1995: the walk widens its windows all the way back
    assert len(late.calls) < len(default.calls)


def test_answers_below_the_suspect_size_are_not_proven() -> None:
    search = Search([NOW - i * 3600 for i in range(150)])
    trusting = WindowWalker(
        search,
        max_results=2000,
        dates_of=lambda rows: [r["ModifiedDate"] for r in rows],
        keys_of=lambda rows: [r["ID"] for r in rows],
        suspect=200,
    )
    collect(trusting, Walk(hi=NOW))
    assert len(search.calls) == 1  # 150 rows: under 200, so no halves are asked
    search.calls.clear()
    collect(walker(search, max_results=2000), Walk(hi=NOW))
    assert len(search.calls) == 3  # the default (100) proves them with two halves

"""A backfill's plan, made before its first call, counts the calls the sync then makes.

The plan sizes what it cannot see from a census of the tenant (``census.py``): tickets and
time entries counted in a window per slice of history, feed entries per ticket sampled from
their own feeds. Its counts must hold on tenants too large for the first window to see where
their history starts, on any seed and whatever day their data is "as of".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ticketlake.store import open_store
from ticketlake.store.base import Store

from .simtenant import REPORT_ID, make_sim, sync_in_process
from .truth import differences

FEED = "GET api/{appId}/tickets/feed"
SAMPLED = "GET api/{appId}/tickets/{id}/feed"
SEARCH = "POST api/{appId}/tickets/search"
TIME = "POST api/time/search"
REPORT = "GET api/reports/{id}"
TICKET = "GET api/{appId}/tickets/{id}"


@pytest.fixture
def duck(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    yield store
    store.close()


@pytest.mark.parametrize(
    ("seed", "as_of"),
    [(2, dt.datetime(2026, 12, 6, tzinfo=dt.UTC)), (3, dt.datetime(2027, 3, 15, tzinfo=dt.UTC))],
)
def test_a_backfills_plan_counts_its_calls_within_ten_percent(
    duck: Store, seed: int, as_of: dt.datetime
) -> None:
    # 6,000 tickets: the first search window (2,000) cannot see how far back history goes.
    sim = make_sim(6000, seed=seed, as_of=as_of)
    summary = sync_in_process(sim, duck, values={"report_id": REPORT_ID})
    assert summary.ok, summary.error
    planned = summary.planned.to_json()["endpoints"]
    made = {key: stats["calls"] for key, stats in summary.endpoints.items()}
    for key in (FEED, SEARCH, TIME):
        assert 0.9 <= planned[key]["calls"] / made[key] <= 1.1, (key, planned[key], made[key])
    low, high = planned[FEED]["range"]
    assert low <= made[FEED] <= high  # the range the plan shows holds the pages read
    assert planned[SAMPLED]["calls"] == made[SAMPLED]  # the feeds sampled: all the plan spent
    assert summary.throttled == 0


def test_an_incremental_sync_with_nothing_changed_costs_a_call_per_stream(duck: Store) -> None:
    sim = make_sim(600, seed=4)
    assert sync_in_process(sim, duck, values={"report_id": REPORT_ID}).ok
    summary = sync_in_process(sim, duck, values={"report_id": REPORT_ID})
    assert summary.ok, summary.error
    planned = summary.planned.to_json()["endpoints"]
    made = {key: stats["calls"] for key, stats in summary.endpoints.items()}
    assert planned[FEED]["calls"] == made[FEED] == 1
    assert planned[SEARCH]["calls"] == made[SEARCH] == 1
    calls = {s.name: s.calls for s in summary.streams}
    assert calls["people"] == 1
    assert calls["groups"] == 1  # the search: members are read daily, or when a group changes
    assert calls["ticket_details"] == 0  # no ticket changed: neither report nor ticket reads
    assert calls["time_entries"] == 3  # new, re-statused, recent: the API has no modified filter
    assert calls["attributes"] == 0


def test_a_few_changed_tickets_get_their_details_one_by_one_not_the_whole_report(
    duck: Store, tmp_path: Path
) -> None:
    sim = make_sim(600, seed=4)
    assert sync_in_process(sim, duck, values={"report_id": REPORT_ID}).ok
    changed = sim.tenant.touch(5)
    summary = sync_in_process(sim, duck, values={"report_id": REPORT_ID})
    assert summary.ok, summary.error
    made = {key: stats["calls"] for key, stats in summary.endpoints.items()}
    assert made.get(REPORT, 0) == 0  # the report would have brought all 600 again
    assert made[TICKET] == len(changed) == 5
    found = differences(duck, sim.truth(tmp_path / "truth"), "sim", ZoneInfo("UTC"),
                        descriptions=False)  # fmt: skip
    assert {t: d for t, d in found.items() if d} == {}

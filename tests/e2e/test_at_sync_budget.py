"""An Autotask sync keeps within the tenant's budget: never past its share of any rolling hour,
never taking the tenant past its threshold with the other integrations' load, never suspended,
later rather than faster when the tenant is busy; and thread or threshold refusals are read by
their words, whatever status the tenant sends them with."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import httpx
import pytest

from ticketlake.connectors.autotask.zone import forget_zones
from ticketlake.sim.autotask import THRESHOLD, Readings
from ticketlake.store import open_store
from ticketlake.store.base import Store
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport import ScaledClock

from .atsim import at_connection, make_at_sim, ours, sync_at
from .attruth import differences
from .simtenant import Sim

HOUR = 3600.0


def busiest_hour(sim: Sim) -> int:
    """The most of our requests the tenant received within any 60 minutes."""
    times = sorted(r.at for r in ours(sim))
    return max((sum(1 for t in times if at - HOUR < t <= at) for at in times), default=0)


def assert_equal_to_truth(store: Store, sim: Sim, folder: Path, connection: str = "at") -> None:
    found = differences(store, sim.truth(folder), connection)
    assert {t: d for t, d in found.items() if d} == {}


def test_a_busy_tenant_is_synced_within_what_the_others_leave(duck: Store, tmp_path: Path) -> None:
    sim = make_at_sim(150, seed=9, scenario="busy_tenant", other_integrations_rph=8_900)
    summary = sync_at(sim, duck)
    assert summary.ok, summary.error
    assert sim.tenant.budget.emails == []  # never suspended
    assert summary.throttled == 0
    # 90 % of 10,000 less the others' 8,900: 100 of ours in any hour, not the share's 5,000.
    assert busiest_hour(sim) <= 100
    assert len(ours(sim)) > 100  # so it had to wait for the next hour: it finished later
    assert summary.elapsed_seconds > HOUR
    assert any("other integrations were using its budget" in n for n in summary.notes)
    (pool,) = summary.planned.pools
    assert pool.limit == 100  # the plan was priced at what the others left
    assert summary.planned.eta >= HOUR  # and said it would take more than the hour
    assert_equal_to_truth(duck, sim, tmp_path / "truth")


@pytest.mark.parametrize("status", [429, 500, 503])
def test_the_busy_tenant_scenario_under_each_refusal_status(
    duck: Store, tmp_path: Path, status: int
) -> None:
    readings = Readings(thread_status=status, threshold_status=status)
    sim = make_at_sim(120, seed=2, scenario="busy_tenant", readings=readings)
    summary = sync_at(sim, duck)
    assert summary.ok, summary.error
    assert sim.tenant.budget.emails == []
    assert busiest_hour(sim) <= THRESHOLD * 0.9 - 8_500
    assert_equal_to_truth(duck, sim, tmp_path / "truth")


def test_a_small_share_is_never_exceeded_and_skips_the_history_it_cannot_afford(
    duck: Store, tmp_path: Path
) -> None:
    sim = make_at_sim(150, seed=3)
    summary = sync_at(sim, duck, values={"budget_share": 1})  # 100 calls an hour
    assert summary.ok, summary.error
    assert busiest_hour(sim) <= 100
    (pool,) = summary.planned.pools
    assert pool.limit == 100
    notes = {s.name: s.note for s in summary.streams}
    assert notes["ticket_history"] == (
        "history not read: 149 calls for 148 tickets would take 1.5 h of the tenant's budget "
        "at a 1% share; status changes come from the tickets' own dates and from changes seen "
        "between syncs"
    )
    history = [r for r in sim.tenant.requests if "/tickethistory/" in r.path.lower()]
    assert history == []
    found = differences(duck, sim.truth(tmp_path / "truth"), "at")
    assert {
        t: d for t, d in found.items() if d and t not in ("ticket_events", "status_changes")
    } == {}


@pytest.mark.parametrize("status", [429, 500, 503])
def test_two_syncs_at_once_overrun_the_threads_and_both_recover(
    tmp_path: Path, status: int
) -> None:
    """Two syncs of one API user (2 calls per entity each) overrun Autotask's 3 threads: the
    refusals, whatever their status, are retried and both syncs end equal to the truth."""
    sim = make_at_sim(150, seed=6, readings=Readings(thread_status=status))
    stores = [open_store(f"duckdb:///{tmp_path / f'{n}.duckdb'}") for n in ("a", "b")]
    forget_zones()

    async def both() -> list[SyncSummary]:
        clock = ScaledClock(sim.scale, start=sim.start)
        http = httpx.ASGITransport(app=sim.app)
        conn = at_connection(name="at")
        runs = [run_sync(dataclasses.replace(conn), s, clock=clock, http_transport=http)
                for s in stores]  # fmt: skip
        return list(await asyncio.gather(*runs))

    try:
        summaries = asyncio.run(both())
        refused = [r for r in sim.tenant.requests if r.status == status]
        assert refused, "the two syncs never overran the thread limit"
        for summary, store in zip(summaries, stores, strict=True):
            assert summary.ok, summary.error
            assert_equal_to_truth(store, sim, tmp_path / f"truth-{id(store)}")
    finally:
        for store in stores:
            store.close()

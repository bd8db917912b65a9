"""Time entries without a modified filter (reference §4): a pass of changes finds new,
re-statused and recent entries in three searches; the periodic reconcile finds the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.pinned import CLOCK_START
from ticketlake.store import open_store
from ticketlake.store.base import Store
from ticketlake.transport import FakeClock

from .simtenant import make_sim, sync_in_process
from .truth import differences

DAY = 86400.0
TIME = "POST api/time/search"
EVERY_WEEK = {"time_reconcile_days": 7}


@pytest.fixture
def duck(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    yield store
    store.close()


def minutes(store: Store, ids: list[int]) -> dict[int, float]:
    marks = ", ".join(f"${i + 1}" for i in range(len(ids)))
    found = store.query(f"SELECT id, minutes FROM time_entries WHERE id IN ({marks})", ids)
    return {int(i): float(m) for i, m in found.rows}


def test_recent_edits_come_at_once_and_old_edits_and_deletions_at_the_reconcile(
    duck: Store, tmp_path: Path
) -> None:
    clock = FakeClock(CLOCK_START)
    sim = make_sim(400, seed=8, clock=clock)
    assert sync_in_process(sim, duck, clock=clock, values=EVERY_WEEK).ok
    now = sim.tenant.now()
    recent = sim.tenant.edit_time(3, dated=(now - 5 * DAY, None))
    old = sim.tenant.edit_time(3, dated=(None, now - 30 * DAY))
    gone = sim.tenant.delete_time(2, dated=(None, now - 30 * DAY))
    before = minutes(duck, recent + old + gone)
    clock.advance(3600)

    changes = sync_in_process(sim, duck, clock=clock, values=EVERY_WEEK)
    assert changes.ok, changes.error
    assert changes.endpoints[TIME]["calls"] == 3  # created, status and recent: nothing splits
    after = minutes(duck, recent + old + gone)
    assert all(after[i] == before[i] + 15 for i in recent)
    assert all(after[i] == before[i] for i in old)  # the API cannot show these edits yet
    assert set(gone) <= set(after)

    clock.advance(7 * DAY)
    reconcile = sync_in_process(sim, duck, clock=clock, values=EVERY_WEEK)
    assert reconcile.ok, reconcile.error
    final = minutes(duck, recent + old + gone)
    assert all(final[i] == before[i] + 15 for i in old)
    assert not set(gone) & set(final)
    found = differences(duck, sim.truth(tmp_path / "truth"), "sim", ZoneInfo("UTC"))
    assert {t: d for t, d in found.items() if d} == {}


def test_a_full_sync_reconciles_at_once(duck: Store, tmp_path: Path) -> None:
    sim = make_sim(300, seed=9)
    assert sync_in_process(sim, duck).ok
    gone = sim.tenant.delete_time(3)
    edited = sim.tenant.edit_time(3, dated=(None, sim.tenant.now() - 30 * DAY))
    before = minutes(duck, edited)
    full = sync_in_process(sim, duck, full=True, streams=["time_entries"])
    assert full.ok, full.error
    assert not set(gone) & set(minutes(duck, gone))
    assert all(minutes(duck, edited)[i] == before[i] + 15 for i in edited)

"""An Autotask sync of a simulated tenant leaves the store equal to the simulator's truth, in
DuckDB and in Postgres; later syncs bring what changed, deletions included, and an unchanged
tenant costs only the calls that learn it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticketlake.store.base import Store

from .atsim import make_at_sim, sync_at
from .attruth import deleted, differences


def assert_equal_to_truth(store: Store, truth: Path, connection: str = "at") -> None:
    found = differences(store, truth, connection)
    assert {t: d for t, d in found.items() if d} == {}


def test_a_full_sync_into_duckdb_equals_the_truth(duck: Store, tmp_path: Path) -> None:
    sim = make_at_sim(300, seed=7)
    summary = sync_at(sim, duck)
    assert summary.ok, summary.error
    assert summary.throttled == 0
    assert sim.tenant.budget.emails == []
    assert_equal_to_truth(duck, sim.truth(tmp_path / "truth"))
    assert [r for r in sim.tenant.requests if r.method not in ("GET", "POST")] == []
    assert sim.tenant.writes == []


@pytest.mark.postgres
def test_a_full_sync_into_postgres_equals_the_truth(pg: Store, tmp_path: Path) -> None:
    sim = make_at_sim(250, seed=11)
    summary = sync_at(sim, pg)
    assert summary.ok, summary.error
    assert_equal_to_truth(pg, sim.truth(tmp_path / "truth"))


def test_changes_and_deletions_arrive_incrementally(duck: Store, tmp_path: Path) -> None:
    sim = make_at_sim(250, seed=4)
    assert sync_at(sim, duck).ok
    touched = sim.tenant.touch(12)
    gone = sim.tenant.delete_tickets(2)
    sim.tenant.delete_notes(3)
    sim.tenant.delete_time(2)
    sim.tenant.edit_time(3)
    summary = sync_at(sim, duck)
    assert summary.ok, summary.error
    assert_equal_to_truth(duck, sim.truth(tmp_path / "truth"))
    assert deleted(duck, "at") == set(gone)
    observed = duck.query(
        "SELECT count(DISTINCT ticket_id) FROM ticket_events WHERE origin = 'observed'"
    ).rows
    assert observed[0][0] == len(set(touched) - set(gone))

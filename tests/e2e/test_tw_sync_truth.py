"""A Teamwork.com sync of a simulated site leaves the store equal to the simulator's truth, for
a Projects and a Desk connection, in DuckDB and in Postgres; later syncs bring what changed
(tasks moved on and commented, tickets answered, time logs edited and deleted)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from ticketlake.store.base import Store

from .simtenant import Sim
from .twsim import make_tw_sim, sync_tw
from .twtruth import deleted, differences


def assert_equal_to_truth(store: Store, truth: Path, api_type: str) -> None:
    found = differences(store, truth, api_type)
    assert {t: d for t, d in found.items() if d} == {}


def change(sim: Sim, **counts: int) -> dict[str, Any]:
    """``POST /_simulator/changes``."""

    async def go() -> dict[str, Any]:
        transport = httpx.ASGITransport(app=sim.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
            answer = await c.post("/_simulator/changes", json=counts)
            answer.raise_for_status()
            found: dict[str, Any] = answer.json()
            return found

    return asyncio.run(go())


@pytest.mark.parametrize("api_type", ["projects", "desk"])
def test_a_full_sync_into_duckdb_equals_the_truth(
    duck: Store, tmp_path: Path, api_type: str
) -> None:
    sim = make_tw_sim(400, 300, seed=7)
    summary = sync_tw(sim, duck, api_type)
    assert summary.ok, summary.error
    assert summary.throttled == 0
    assert_equal_to_truth(duck, sim.truth(tmp_path / "truth"), api_type)
    assert {r.method for r in sim.tenant.requests} == {"GET"}


@pytest.mark.postgres
@pytest.mark.parametrize("api_type", ["projects", "desk"])
def test_a_full_sync_into_postgres_equals_the_truth(
    pg: Store, tmp_path: Path, api_type: str
) -> None:
    sim = make_tw_sim(300, 250, seed=11)
    summary = sync_tw(sim, pg, api_type)
    assert summary.ok, summary.error
    assert_equal_to_truth(pg, sim.truth(tmp_path / "truth"), api_type)


@pytest.mark.parametrize("api_type", ["projects", "desk"])
def test_changes_arrive_incrementally(duck: Store, tmp_path: Path, api_type: str) -> None:
    sim = make_tw_sim(300, 250, seed=4)
    assert sync_tw(sim, duck, api_type).ok
    statuses = dict(duck.query("SELECT id, status_id FROM tickets").rows)
    made = change(sim, tasks=12, tickets=9, time_edits=6, time_deletes=4)
    assert made["time_deletes"]
    before = len(sim.tenant.requests)
    summary = sync_tw(sim, duck, api_type)
    assert summary.ok, summary.error
    assert_equal_to_truth(duck, sim.truth(tmp_path / "truth"), api_type)
    touched = made["tasks"] if api_type == "projects" else made["tickets"]
    now = dict(duck.query("SELECT id, status_id FROM tickets").rows)
    moved = {t for t in touched if now[t] != statuses[t]}
    assert moved
    observed = duck.query(
        "SELECT DISTINCT ticket_id FROM ticket_events WHERE origin = 'observed'"
    ).rows
    assert {r[0] for r in observed} == moved
    assert len(sim.tenant.requests) - before < 20  # what changed, not what exists


def test_deleted_desk_tickets_are_kept_and_marked(duck: Store, tmp_path: Path) -> None:
    sim = make_tw_sim(50, 400, seed=9)
    assert sync_tw(sim, duck, "desk").ok
    gone = {t["id"] for t in sim.tenant.iter_truth("desk_tickets") if t["state"] == "deleted"}
    assert gone, "the seed deletes some tickets"
    assert deleted(duck) == gone

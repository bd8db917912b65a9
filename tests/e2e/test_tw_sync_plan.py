"""The plan of a Teamwork.com backfill: calls per endpoint as the sync then makes them (every
list says how many records it holds), priced on each API's account budget."""

from __future__ import annotations

import pytest

from ticketlake.store.base import Store
from ticketlake.sync.plan import TENANT_POOL

from .twsim import make_tw_sim, sync_tw


@pytest.mark.parametrize(("api_type", "pools"), [
    ("projects", {"projects": 150}),
    ("desk", {"desk": 120, "projects": 150}),  # Desk time edits are read through Projects v3
])  # fmt: skip
def test_a_backfill_is_planned_call_for_call(
    duck: Store, api_type: str, pools: dict[str, int]
) -> None:
    sim = make_tw_sim(4000, 1500, seed=8)
    summary = sync_tw(sim, duck, api_type)
    assert summary.ok, summary.error
    planned = {e.endpoint: e.calls for e in summary.planned.endpoints if e.calls}
    made = {k: int(v["calls"]) for k, v in summary.to_json()["endpoints"].items() if v["calls"]}
    assert planned == made
    found = {p.endpoint: p.limit for p in summary.planned.pools}
    assert found == {f"{TENANT_POOL} ({name})": limit for name, limit in pools.items()}
    assert sum(p.calls for p in summary.planned.pools) == sum(made.values())

"""The simulator's control surface: changes made as the tenant's people would make them."""

from __future__ import annotations

import json
from typing import Any

from .conftest import APP, Sim, make_tenant, run_with

CHANGES = "http://sim.test/_simulator/changes"  # beside the API's /TDWebApi prefix


def test_changes_are_made_and_seen_through_the_api() -> None:
    tenant, clock = make_tenant(300, seed=5)
    before = {r["TimeID"] for r in tenant.iter_truth("time_entries")}

    async def go(sim: Sim) -> Any:
        r = await sim.client.post(CHANGES, json={"tickets": 4, "time_deletes": 2})
        assert r.status_code == 200, r.text
        made = r.json()
        headers = await sim.login()
        ticket = await sim.client.get(f"api/{APP}/tickets/{made['tickets'][0]}", headers=headers)
        entries = await sim.client.post(
            "api/time/search", json={"MaxResults": None}, headers=headers
        )
        return made, ticket.json(), {e["TimeID"] for e in entries.json()}

    made, ticket, entries = run_with(tenant, clock, go)
    assert len(made["tickets"]) == 4
    assert made["replies"] == made["time_edits"] == []
    assert ticket["ModifiedDate"] > "2026-11-01"  # changed at the tenant's now, after as_of
    assert len(made["time_deletes"]) == 2
    assert before - set(made["time_deletes"]) <= entries  # the rest are all still there
    assert not set(made["time_deletes"]) & entries


def test_anything_but_counts_of_known_changes_is_refused() -> None:
    tenant, clock = make_tenant(50, seed=5)

    async def go(sim: Sim) -> Any:
        bad = await sim.client.post(CHANGES, json={"tickets": -1, "deploy": 1})
        return bad.status_code, bad.json()["Message"]

    status, message = run_with(tenant, clock, go)
    assert status == 400
    assert "tickets, deploy" in message
    assert tenant.requests == []  # not a TeamDynamix call: not in the tenant's request log


def test_the_truth_is_dumped_as_it_stands_after_changes(tmp_path: Any) -> None:
    tenant, clock = make_tenant(80, seed=5)
    before = sum(1 for _ in tenant.iter_truth("time_entries"))

    async def go(sim: Sim) -> Any:
        made = (await sim.client.post(CHANGES, json={"time_deletes": 3})).json()
        url = CHANGES.replace("changes", "truth")
        refused = await sim.client.post(url, json={"folder": "relative/path"})
        done = await sim.client.post(url, json={"folder": str(tmp_path / "truth")})
        return made, refused.status_code, done.status_code

    made, refused, done = run_with(tenant, clock, go)
    assert (refused, done) == (400, 200)
    lines = (tmp_path / "truth" / "time_entries.jsonl").read_text().splitlines()
    ids = {json.loads(line)["TimeID"] for line in lines}
    assert len(ids) == before - 3
    assert not ids & set(made["time_deletes"])

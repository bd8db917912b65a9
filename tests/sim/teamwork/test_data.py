"""The site's data: a pure function of seed and as_of, nothing later than as_of, a truth dump
that a complete extraction through the API matches, and changes made through the control
surface that an incremental read picks up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.pinned import AS_OF
from tests.sim.isolation import assert_loads_no_client_code

from .conftest import DESK, EVERYTHING, ORIGIN, V3, Sim, make_tenant, run_with


def _first(seed: int) -> list[Any]:
    tenant, _ = make_tenant(200, 100, seed=seed)
    return [list(tenant.iter_truth(name))[:20] for name in ("tasks", "timelogs", "desk_tickets")]


def test_the_same_seed_makes_the_same_site_and_another_seed_another() -> None:
    assert _first(3) == _first(3)
    assert _first(3) != _first(4)


def test_nothing_happens_after_as_of() -> None:
    tenant, _ = make_tenant(300, 200)
    limit = AS_OF.strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, stamp in (
        ("tasks", "updatedAt"),
        ("timelogs", "updatedAt"),
        ("comments", "postedDateTime"),
        ("desk_tickets", "updatedAt"),
    ):
        assert max(r[stamp] for r in tenant.iter_truth(name)) <= limit, name  # fmt: skip


def test_a_complete_extraction_equals_the_truth_dump(tmp_path: Path) -> None:
    tenant, clock = make_tenant(400, 150)
    folder = tenant.dump_truth(tmp_path / "truth")

    async def go(sim: Sim) -> dict[str, list[Any]]:
        tasks = await sim.every(f"{V3}tasks.json", "tasks", {**EVERYTHING, "pageSize": "500"})
        logs = await sim.every(
            f"{V3}time.json", "timelogs", {**EVERYTHING, "pageSize": "500", "showDeleted": "true"}
        )
        tickets = await sim.desk_every(
            {"pageSize": "100", "filter": '{"state":{"$in":["active","deleted"]}}'}
        )
        return {"tasks": tasks, "timelogs": logs, "desk_tickets": tickets}  # fmt: skip

    got = run_with(tenant, clock, go)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["source"] == "teamwork"
    assert manifest["form"]["site"] == "acme"
    for name, records in got.items():
        truth = [json.loads(line) for line in (folder / f"{name}.jsonl").read_text().splitlines()]
        assert manifest["counts"][name] == len(truth)
        assert sorted(records, key=lambda r: r["id"]) == sorted(truth, key=lambda r: r["id"])


def test_changes_show_up_in_incremental_reads() -> None:
    tenant, clock = make_tenant(200, 100)

    async def go(sim: Sim) -> list[Any]:
        since = "2026-11-01T12:00:00Z"
        clock.advance(86_400)
        bad = await sim.client.post(f"{ORIGIN}/_simulator/changes", json={"tasks": "x"})
        made = (
            await sim.client.post(
                f"{ORIGIN}/_simulator/changes",
                json={"tasks": 3, "tickets": 2, "time_edits": 2, "time_deletes": 1},
            )
        ).json()
        tasks = await sim.every(f"{V3}tasks.json", "tasks", {**EVERYTHING, "updatedAfter": since})
        logs = await sim.every(
            f"{V3}time.json", "timelogs", {"updatedAfter": since, "showDeleted": "true"}
        )
        tickets = await sim.get(
            f"{DESK}tickets.json", params={"filter": f'{{"updatedAt":{{"$gt":"{since}"}}}}'}
        )
        return [bad.status_code, made, tasks, logs, tickets.json()["tickets"]]  # fmt: skip

    bad, made, tasks, logs, tickets = run_with(tenant, clock, go)
    assert bad == 400
    assert {t["id"] for t in tasks} == set(made["tasks"])
    assert {t["id"] for t in logs} == set(made["time_edits"]) | set(made["time_deletes"])
    assert [t["deleted"] for t in logs if t["id"] in made["time_deletes"]] == [True]
    assert {t["id"] for t in tickets} == set(made["tickets"])


def test_the_control_surface_dumps_the_truth(tmp_path: Path) -> None:
    tenant, clock = make_tenant(50, 20)

    async def go(sim: Sim) -> list[int]:
        ok = await sim.client.post(f"{ORIGIN}/_simulator/truth", json={"folder": str(tmp_path)})
        bad = await sim.client.post(f"{ORIGIN}/_simulator/truth", json={"folder": "relative"})
        return [ok.status_code, bad.status_code]

    assert run_with(tenant, clock, go) == [200, 400]
    assert (tmp_path / "tasks.jsonl").exists()
    assert (tmp_path / "space_pages.jsonl").exists()


def test_requests_are_logged_with_who_called() -> None:
    tenant, clock = make_tenant(20, 10)

    async def go(sim: Sim) -> None:
        await sim.get(f"{V3}me.json")
        await sim.get(f"{V3}me.json", headers={})

    run_with(tenant, clock, go)
    email = tenant.world.directory.people[0].email
    assert [(r.status, r.who, r.client) for r in tenant.requests] == [
        (200, email, "10.0.0.7"), (401, "", "10.0.0.7")]  # fmt: skip


def test_the_simulator_imports_nothing_from_the_client() -> None:
    assert_loads_no_client_code("ticketlake.sim.teamwork", "tasks=5, tickets=5")

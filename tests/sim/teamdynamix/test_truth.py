"""Ground truth: deterministic from the seed, and the same as what the endpoints serve."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ticketlake.sim.teamdynamix import TRUTH_NAMES

from .conftest import APP, Sim, make_tenant, run_with


def _digest(tenant: Any, name: str) -> list[Any]:
    return list(tenant.iter_truth(name))


def test_same_seed_same_tenant() -> None:
    a, _ = make_tenant(150, seed=9)
    b, _ = make_tenant(150, seed=9)
    for name in ("tickets", "ticket_feed", "time_entries", "people", "group_members"):
        assert _digest(a, name) == _digest(b, name), name


def test_different_seed_different_tenant() -> None:
    a, _ = make_tenant(150, seed=9)
    b, _ = make_tenant(150, seed=10)
    assert _digest(a, "tickets") != _digest(b, "tickets")
    assert {p["UID"] for p in _digest(a, "people")} != {p["UID"] for p in _digest(b, "people")}


def test_dump_writes_every_file_and_a_manifest(tmp_path: Path) -> None:
    tenant, _ = make_tenant(80, seed=2)
    tenant.dump_truth(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["tickets"] == 80
    assert manifest["seed"] == 2
    for name in TRUTH_NAMES:
        lines = (tmp_path / f"{name}.jsonl").read_text().splitlines()
        assert len(lines) == manifest["counts"][name], name
    assert manifest["counts"]["tickets"] == 80
    first = json.loads((tmp_path / "tickets.jsonl").read_text().splitlines()[0])
    assert first["Attributes"]
    assert first["Description"]


def test_truth_tickets_and_feeds_equal_what_the_endpoints_serve() -> None:
    tenant, clock = make_tenant(60, seed=6)
    tickets = {t["ID"]: t for t in tenant.iter_truth("tickets")}
    feed = sorted(e["ID"] for e in tenant.iter_truth("ticket_feed"))

    async def body(sim: Sim) -> tuple[dict[int, Any], list[int]]:
        h = await sim.admin()
        served = {}
        for tid in tickets:
            served[tid] = (await sim.client.get(f"api/{APP}/tickets/{tid}", headers=h)).json()
        ids: list[int] = []
        for tid in tickets:
            entries = (await sim.client.get(f"api/{APP}/tickets/{tid}/feed", headers=h)).json()
            ids += [e["ID"] for e in entries]
        return served, sorted(ids)

    served, ids = run_with(tenant, clock, body)
    assert served == tickets
    assert ids == feed


def test_search_rows_equal_truth_minus_the_left_out_fields() -> None:
    tenant, clock = make_tenant(60, seed=6)
    truth = {t["ID"]: t for t in tenant.iter_truth("tickets")}

    async def body(sim: Sim) -> Any:
        r = await sim.client.post(f"api/{APP}/tickets/search", json={"MaxResults": 0},
                                  headers=await sim.login())  # fmt: skip
        return r.json()

    for row in run_with(tenant, clock, body):
        full = truth[row["ID"]]
        same = {
            k: v
            for k, v in row.items()
            if k not in ("Attributes", "Attachments", "Tasks", "Notify", "Description")
        }
        assert same == {k: full[k] for k in same}  # fmt: skip


def test_time_entries_equal_the_time_search() -> None:
    tenant, clock = make_tenant(120, seed=6)
    truth = list(tenant.iter_truth("time_entries"))

    async def body(sim: Sim) -> Any:
        r = await sim.client.post("api/time/search", json={"MaxResults": None},
                                  headers=await sim.login())  # fmt: skip
        return r.json()

    assert sorted(run_with(tenant, clock, body), key=lambda e: e["TimeID"]) == sorted(
        truth, key=lambda e: e["TimeID"]
    )


def test_report_rows_carry_every_tickets_attributes() -> None:
    tenant, clock = make_tenant(80, seed=6)
    truth = {t["ID"]: t for t in tenant.iter_truth("tickets")}

    async def body(sim: Sim) -> tuple[Any, Any]:
        h = await sim.login()
        listed = (await sim.client.get("api/reports", headers=h)).json()
        report = (await sim.client.get("api/reports/1", params={"withData": "true"},
                                       headers=h)).json()  # fmt: skip
        return listed, report

    listed, report = run_with(tenant, clock, body)
    assert 1 in {r["ID"] for r in listed}
    columns = {c["ColumnName"] for c in report["DisplayedColumns"]}
    assert {"TicketID", "18375", "18376", "18377"} <= columns
    rows = {r["TicketID"]: r for r in report["DataRows"]}
    assert set(rows) == set(truth)
    for tid, ticket in truth.items():
        for a in ticket["Attributes"]:
            assert rows[tid][str(a["ID"])] == (a["ValueText"] or None)


def test_report_without_data_has_no_rows() -> None:
    tenant, clock = make_tenant(20, seed=6)

    async def body(sim: Sim) -> Any:
        return (await sim.client.get("api/reports/1", headers=await sim.login())).json()

    assert run_with(tenant, clock, body)["DataRows"] is None

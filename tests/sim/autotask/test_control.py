"""The control surface beside the API: changes an incremental sync can find, deletions it can
read from the logs, and the truth as it stands after them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import ALL, ORIGIN, Sim, make_tenant, run_with

CHANGES = f"{ORIGIN}/_simulator/changes"


def test_changes_are_found_by_an_incremental_query() -> None:
    tenant, clock = make_tenant(300, seed=5)

    async def go(sim: Sim) -> Any:
        sim.clock.advance(3600)
        since = "2026-11-01T00:00:00Z"
        made = (
            await sim.client.post(
                CHANGES,
                json={"tickets": 4, "ticket_deletes": 2, "note_deletes": 3, "time_edits": 2},
            )
        ).json()
        changed = await sim.all_items(
            "Tickets", [{"op": "gt", "field": "lastActivityDate", "value": since}]
        )
        notes = await sim.all_items(
            "TicketNotes", [{"op": "gt", "field": "createDateTime", "value": since}]
        )
        time = await sim.all_items(
            "TimeEntries", [{"op": "gt", "field": "lastModifiedDateTime", "value": since}]
        )
        deleted = await sim.all_items(
            "DeletedTicketLogs", [{"op": "gt", "field": "deletedDateTime", "value": since}]
        )
        activity = await sim.all_items(
            "DeletedTicketActivityLogs", [{"op": "gt", "field": "deletedDateTime", "value": since}]
        )
        return made, changed, notes, time, deleted, activity

    made, changed, notes, time, deleted, activity = run_with(tenant, clock, go)
    touched = set(made["tickets"]) - set(made["ticket_deletes"])
    assert touched <= {t["id"] for t in changed}
    assert {n["ticketID"] for n in notes} == touched
    assert set(made["time_edits"]) <= {e["id"] for e in time}
    assert {d["ticketID"] for d in deleted} == set(made["ticket_deletes"])
    assert len([a for a in activity if a["typeID"] == 1]) == 3
    assert not {n["id"] for n in tenant.iter_truth("ticket_notes")} & set(made["note_deletes"])


def test_anything_but_counts_of_known_changes_is_refused() -> None:
    tenant, clock = make_tenant(30)

    async def go(sim: Sim) -> Any:
        bad = await sim.client.post(CHANGES, json={"tickets": -1, "deploy": 1})
        load = await sim.client.post(f"{ORIGIN}/_simulator/load", json={"rph": 5})
        zone = await sim.client.post(f"{ORIGIN}/_simulator/zone", json={"zone": "mars"})
        return [bad.status_code, bad.json()["Message"], load.status_code, zone.status_code]

    status, message, load, zone = run_with(tenant, clock, go)
    assert (status, load, zone) == (400, 400, 400)
    assert "tickets, deploy" in message
    assert tenant.requests == []  # not Autotask calls: not in the tenant's request log


def test_the_truth_is_dumped_as_it_stands_after_changes(tmp_path: Path) -> None:
    tenant, clock = make_tenant(120, seed=5)
    before = sum(1 for _ in tenant.iter_truth("tickets"))

    async def go(sim: Sim) -> Any:
        made = (await sim.client.post(CHANGES, json={"ticket_deletes": 3})).json()
        done = await sim.client.post(f"{ORIGIN}/_simulator/truth",
                                     json={"folder": str(tmp_path / "truth")})  # fmt: skip
        page = await sim.query("Tickets", {"filter": ALL})
        return made, done.status_code, page.json()["pageDetails"]

    made, done, _ = run_with(tenant, clock, go)
    assert done == 200
    lines = (tmp_path / "truth" / "tickets.jsonl").read_text().splitlines()
    ids = {json.loads(line)["id"] for line in lines}
    assert len(ids) == before - 3
    assert not ids & set(made["ticket_deletes"])
    manifest = json.loads((tmp_path / "truth" / "manifest.json").read_text())
    assert manifest["source"] == "autotask"
    assert manifest["counts"]["tickets"] == before - 3
    assert manifest["counts"]["deleted_ticket_logs"] >= 3

"""Tickets: search (defaults, filters, left-out fields), full GET, per-ticket feed, tasks."""

from __future__ import annotations

import re
from typing import Any

from ticketlake.sim.teamdynamix.wire import parse_instant

from .conftest import APP, Run, Sim, make_tenant, run_with

LEFT_OUT = ("Attributes", "Attachments", "Tasks", "Notify")


def _search(body: dict[str, Any]) -> Any:
    async def go(sim: Sim) -> Any:
        r = await sim.client.post(f"api/{APP}/tickets/search", json=body,
                                  headers=await sim.login())  # fmt: skip
        assert r.status_code == 200, r.text
        return r.json()

    return go


def test_max_results_defaults_to_300_and_0_means_all(run: Run, shared: Any) -> None:
    tenant, _ = shared
    assert len(run(_search({}))) == 300
    assert len(run(_search({"MaxResults": 0}))) == tenant.config.tickets
    assert len(run(_search({"MaxResults": 7}))) == 7


def test_search_rows_leave_out_heavy_fields(run: Run) -> None:
    row = run(_search({"MaxResults": 1}))[0]
    assert all(row[k] == [] for k in LEFT_OUT)
    assert row["Description"] is None
    assert row["Uri"] == f"api/{APP}/tickets/{row['ID']}"


def test_full_ticket_has_choice_attributes_with_id_and_text(run: Run) -> None:
    async def go(sim: Sim) -> Any:
        headers = await sim.login()
        rows = (await sim.client.post(f"api/{APP}/tickets/search", json={"MaxResults": 20},
                                      headers=headers)).json()  # fmt: skip
        return [(await sim.client.get(f"api/{APP}/tickets/{r['ID']}", headers=headers)).json()
                for r in rows]  # fmt: skip

    tickets = run(go)
    assert all(t["Description"].startswith("<p>") for t in tickets)
    category = [a for t in tickets for a in t["Attributes"] if a["Name"] == "Category"]
    assert len(category) == 20
    for a in category:
        ids = {c["ID"]: c["Name"] for c in a["Choices"]}
        assert a["Value"].isdigit()
        assert ids[int(a["Value"])] == a["ValueText"]


def test_modified_window_is_inclusive_at_both_ends(run: Run) -> None:
    rows = run(_search({"MaxResults": 0}))
    stamp = rows[10]["ModifiedDate"]
    exact = run(_search({"MaxResults": 0, "ModifiedDateFrom": stamp, "ModifiedDateTo": stamp}))
    assert rows[10]["ID"] in {r["ID"] for r in exact}
    assert all(r["ModifiedDate"] == stamp for r in exact)


def test_status_and_class_filters(run: Run) -> None:
    rows = run(_search({"MaxResults": 0, "StatusClassIDs": [2, 5]}))
    assert rows
    assert all(r["StatusClass"] in (2, 5) for r in rows)
    resolved = run(_search({"MaxResults": 0, "StatusIDs": [2305]}))
    assert resolved
    assert all(r["StatusName"] == "Resolved" for r in resolved)


def test_results_come_newest_modified_first(run: Run) -> None:
    rows = run(_search({"MaxResults": 50}))
    stamps = [parse_instant(r["ModifiedDate"], None) for r in rows]  # type: ignore[arg-type]
    assert stamps == sorted(stamps, reverse=True)


def test_tdx_quirks_in_ticket_rows(run: Run) -> None:
    rows = run(_search({"MaxResults": 0}))
    new = [r for r in rows if r["StatusName"] == "New"]
    assert new, "some tickets are still new"
    assert new[0]["RespondedDate"] == "0001-01-01T05:00:00Z"
    assert new[0]["ResponsibleUid"] is None
    assert new[0]["ResponsibleGroupID"] > 0
    fracs = {len(m.group(1)) for r in rows for m in [re.search(r"(\.\d+)?Z$", r["CreatedDate"])]
             if m and m.group(1)}  # fmt: skip
    assert fracs <= {2, 3, 4}
    assert fracs
    assert any(r["LocationID"] == 0 and r["LocationName"] == "None" for r in rows)


def test_status_change_bodies_agree_with_ticket_status(run: Run) -> None:
    async def go(sim: Sim) -> list[tuple[Any, Any]]:
        headers = await sim.login()
        rows = (await sim.client.post(f"api/{APP}/tickets/search", json={"MaxResults": 25},
                                      headers=headers)).json()  # fmt: skip
        out = []
        for r in rows:
            feed = await sim.client.get(f"api/{APP}/tickets/{r['ID']}/feed", headers=headers)
            out.append((r, feed.json()))
        return out

    pattern = re.compile(r'^Changed Status from "([^"]+)" to "([^"]+)"\.(<br/>.*)?$', re.S)
    checked = 0
    for ticket, feed in run(go):
        changes = [e for e in feed if e["UpdateType"] == 2]
        if not changes:
            assert ticket["StatusName"] == "New"
            continue
        newest = pattern.match(changes[0]["Body"])
        assert newest
        assert newest.group(2) == ticket["StatusName"]
        assert changes[0]["ItemID"] == ticket["ID"]
        checked += 1
    assert checked > 10


def test_unknown_ticket_is_404() -> None:
    tenant, clock = make_tenant(50)

    async def go(sim: Sim) -> int:
        return (await sim.client.get(f"api/{APP}/tickets/1", headers=await sim.login())).status_code

    assert run_with(tenant, clock, go) == 404


def test_tasks_of_a_ticket(run: Run, shared: Any) -> None:
    tenant, _ = shared
    with_tasks = next(i for i in range(tenant.index.count) if tenant.life(i).tasks)
    ticket_id = tenant.life(with_tasks).p.id

    async def go(sim: Sim) -> tuple[Any, Any]:
        headers = await sim.login()
        tasks = (await sim.client.get(f"api/{APP}/tickets/{ticket_id}/tasks",
                                      headers=headers)).json()  # fmt: skip
        one = await sim.client.get(f"api/{APP}/tickets/{ticket_id}/tasks/{tasks[0]['ID']}",
                                   headers=headers)  # fmt: skip
        return tasks, one.json()

    tasks, one = run(go)
    assert tasks[0]["TicketID"] == ticket_id
    assert one == tasks[0]

"""Desk v2: ticket shapes with their messages and time logs, the pagination objects, silent
page-size clamps (lists 100, searches 50 above 200), the Mongo-style filter, includes, and
Desk time read through Projects v3 ``time.json?ticketId=``."""

from __future__ import annotations

from typing import Any

from .conftest import DESK, ORIGIN, V3, Run, Sim, make_tenant, run_with
from .reference import DESK_TICKET_KEYS, DESK_TIMELOG_KEYS


def test_tickets_carry_every_sdk_property_and_both_pagination_objects(run: Run) -> None:
    async def go(sim: Sim) -> Any:
        return (await sim.get(f"{DESK}tickets.json", params={"pageSize": "5"})).json()

    body = run(go)
    assert set(body) == {"tickets", "included", "pagination", "meta"}
    assert set(body["tickets"][0]) >= DESK_TICKET_KEYS
    assert body["tickets"][0]["status"] == {"id": body["tickets"][0]["status"]["id"],
                                            "type": "ticketstatuses", "meta": {}}  # fmt: skip
    assert set(body["pagination"]) == {"records", "pageSize", "pages", "page", "hasMorePages"}
    assert set(body["meta"]["page"]) == {"count", "pageSize", "pageOffset", "pages", "hasMore"}


def test_page_sizes_are_clamped_silently(run: Run) -> None:
    async def go(sim: Sim) -> list[int]:
        sizes = []
        for path, size in (
            ("tickets.json", "250"),
            ("search/tickets.json", "150"),
            ("search/tickets.json", "201"),
            ("search/tickets.json", "0"),
        ):
            r = await sim.get(f"{DESK}{path}", params={"pageSize": size})
            assert r.status_code == 200
            sizes.append(len(r.json()["tickets"]))
        return sizes  # fmt: skip

    assert run(go) == [100, 150, 50, 50]


def test_filter_orders_and_selects_by_update(run: Run) -> None:
    async def go(sim: Sim) -> tuple[list[Any], list[Any]]:
        every = await sim.desk_every({"pageSize": "100"})
        pivot = sorted(t["updatedAt"] for t in every)[len(every) // 2]
        later = await sim.desk_every({"filter": f'{{"updatedAt":{{"$gt":"{pivot}"}}}}',
                                 "orderBy": "updatedAt", "orderMode": "asc",
                                 "pageSize": "100"})  # fmt: skip
        return every, later

    every, later = run(go)
    pivot = sorted(t["updatedAt"] for t in every)[len(every) // 2]
    assert [t["updatedAt"] for t in later] == sorted(t["updatedAt"] for t in later)
    assert {t["id"] for t in later} == {t["id"] for t in every if t["updatedAt"] > pivot}
    assert {t["state"] for t in every} == {"active"}


def test_deleted_tickets_by_state_and_unsupported_operators(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        deleted = await sim.get(f"{DESK}tickets.json", params={"filter": '{"state":"deleted"}'})
        bad = await sim.get(f"{DESK}tickets.json", params={"filter": '{"$nor":[]}'})
        return [deleted.json(), bad.status_code]

    deleted, bad = run(go)
    assert {t["state"] for t in deleted["tickets"]} <= {"deleted"}
    assert bad == 400


def test_includes_sideload_messages_and_timelogs(run: Run) -> None:
    async def go(sim: Sim) -> Any:
        params = {"includes": "messages,timelogs,customers", "pageSize": "50"}
        return (await sim.get(f"{DESK}tickets.json", params=params)).json()

    body = run(go)
    included = body["included"]
    assert {m["ticket"]["id"] for m in included["messages"]} == {t["id"] for t in body["tickets"]}
    assert included["timelogs"]
    assert set(included["timelogs"][0]) >= DESK_TIMELOG_KEYS
    assert sum(t["messageCount"] for t in body["tickets"]) == len(included["messages"])


def test_desk_time_is_readable_through_projects_time(run: Run) -> None:
    async def go(sim: Sim) -> tuple[Any, Any]:
        params = {"includes": "timelogs", "pageSize": "100"}
        body = (await sim.get(f"{DESK}tickets.json", params=params)).json()
        log = body["included"]["timelogs"][0]
        v3 = await sim.get(f"{V3}time.json", params={"ticketId": str(log["ticket"]["id"])})
        return log, v3.json()["timelogs"]

    log, v3 = run(go)
    assert log["id"] in {t["id"] for t in v3}
    assert all(t["task"] is None for t in v3)


def test_messages_and_reference_data(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        first = (await sim.get(f"{DESK}tickets.json")).json()["tickets"][0]
        msgs = await sim.get(f"{DESK}tickets/{first['id']}/messages.json")
        kinds = ["ticketstatuses", "ticketpriorities", "tickettypes", "ticketsources",
                 "inboxes", "users", "slas", "customers", "companies"]  # fmt: skip
        lists = [(await sim.get(f"{DESK}{k}.json")).json()[k] for k in kinds]
        return [first, msgs.json(), lists]

    first, msgs, lists = run(go)
    assert len(msgs["messages"]) == first["messageCount"]
    assert all(lists)
    assert {s["code"] for s in lists[0]} >= {"active", "solved", "closed"}


def test_messages_and_time_logs_name_desk_users_by_their_ids(run: Run) -> None:
    async def go(sim: Sim) -> tuple[Any, Any]:
        params = {"includes": "messages,timelogs", "pageSize": "100"}
        body = (await sim.get(f"{DESK}tickets.json", params=params)).json()
        users = (await sim.get(f"{DESK}users.json", params={"pageSize": "100"})).json()
        return body["included"], {u["id"] for u in users["users"]}

    included, users = run(go)
    by = {m["createdBy"]["id"] for m in included["messages"] if m["createdBy"]}
    logged = {x["user"]["id"] for x in included["timelogs"]}
    assert by
    assert logged
    assert by | logged <= users


def test_a_deleted_time_log_is_no_longer_sideloaded() -> None:
    tenant, clock = make_tenant(100, 120)

    async def go(sim: Sim) -> tuple[set[int], set[int]]:
        clock.advance(3600)
        changes = {"time_deletes": 20}
        made = await sim.client.post(f"{ORIGIN}/_simulator/changes", json=changes)
        assert made.is_success, made.text
        gone = {x["id"] for x in sim.tenant.iter_truth("desk_timelogs")
                if x["state"] == "deleted"}  # fmt: skip
        served: set[int] = set()
        for page in (1, 2):
            params = {"includes": "timelogs", "pageSize": "100", "page": str(page)}
            body = (await sim.get(f"{DESK}tickets.json", params=params)).json()
            served |= {x["id"] for x in body["included"]["timelogs"]}
        return gone, served

    deleted, served = run_with(tenant, clock, go)
    assert deleted, "the changes delete some Desk time"
    assert served
    assert not deleted & served

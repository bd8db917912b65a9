"""Time section: TimeSearch defaults, components 9 and 25, zone-less system dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from .conftest import APP, Run, Sim, make_tenant, run_with

NO_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?$")


def _time_search(body: dict[str, Any]) -> Any:
    async def go(sim: Sim) -> Any:
        r = await sim.client.post("api/time/search", json=body, headers=await sim.login())
        assert r.status_code == 200, r.text
        return r.json()

    return go


def test_max_results_defaults_to_1000_and_null_means_all() -> None:
    tenant, clock = make_tenant(2500, seed=2)
    total = sum(1 for _ in tenant.iter_truth("time_entries"))
    assert total > 1000
    assert len(run_with(tenant, clock, _time_search({}))) == 1000
    assert len(run_with(tenant, clock, _time_search({"MaxResults": None}))) == total


def test_system_dates_have_no_zone_and_are_tenant_wall_clock(run: Run, shared: Any) -> None:
    tenant, _ = shared
    rows = run(_time_search({"MaxResults": 50}))
    assert all(NO_ZONE.match(r["CreatedDate"]) and NO_ZONE.match(r["ModifiedDate"]) for r in rows)
    assert all(r["TimeDate"].endswith("T00:00:00Z") for r in rows)
    approved = [r for r in rows if r["Status"] == 3]
    assert approved
    assert all(NO_ZONE.match(r["StatusDate"]) for r in approved)
    # The wall-clock reading in the tenant's zone names the same instant as the truth's.
    life = tenant.life(next(i for i in range(tenant.index.count) if tenant.life(i).work))
    work = life.work[0]
    entry = next(r for r in run(_time_search({"TicketIDs": [life.p.id], "MaxResults": None})))
    local = dt.datetime.fromisoformat(entry["CreatedDate"]).replace(tzinfo=ZoneInfo(
        tenant.config.time_zone))  # fmt: skip
    assert int(local.timestamp() * 1000) == work.ms + work.minutes * 60_000


def test_ticket_and_task_components(run: Run) -> None:
    rows = run(_time_search({"MaxResults": None}))
    tickets = [r for r in rows if r["Component"] == 9]
    tasks = [r for r in rows if r["Component"] == 25]
    assert tickets
    assert tasks
    assert all(r["ItemID"] == r["TicketID"] and r["AppID"] == APP for r in tickets)
    assert all(r["ItemID"] != r["TicketID"] and r["AppID"] == 0 for r in tasks)


def test_entry_date_filter_is_inclusive_by_calendar_day(run: Run) -> None:
    rows = run(_time_search({"MaxResults": None}))
    day = rows[len(rows) // 2]["TimeDate"]
    same = run(_time_search({"MaxResults": None, "EntryDateFrom": day, "EntryDateTo": day}))
    assert same
    assert {r["TimeDate"] for r in same} == {day}
    assert {r["TimeID"] for r in same} == {r["TimeID"] for r in rows if r["TimeDate"] == day}


def test_time_types(run: Run) -> None:
    async def go(sim: Sim) -> Any:
        return (await sim.client.get("api/time/types", headers=await sim.login())).json()

    types = run(go)
    assert {"ID", "Name", "IsBillable", "IsActive"} <= set(types[0])


def test_status_date_filter_finds_entries_whose_status_changed_in_the_range(run: Run) -> None:
    # reference §4: no ModifiedDate filter, but StatusDateFrom/To (and CreatedDateFrom/To)
    everything = run(_time_search({"MaxResults": None}))
    since = "2026-10-20T00:00:00Z"
    found = run(_time_search({"MaxResults": None, "StatusDateFrom": since}))
    tz = ZoneInfo("America/New_York")
    cut = dt.datetime.fromisoformat(since)
    expected = {
        r["TimeID"]
        for r in everything
        if r["Status"] and dt.datetime.fromisoformat(r["StatusDate"]).replace(tzinfo=tz) >= cut
    }
    assert expected  # the range holds some, and not all
    assert len(expected) < len(everything)
    assert {r["TimeID"] for r in found} == expected

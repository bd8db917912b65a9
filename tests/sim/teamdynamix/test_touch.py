"""``Tenant.touch``: later changes that an incremental sync must pick up."""

from __future__ import annotations

from typing import Any

from .conftest import APP, AS_OF, Sim, make_tenant, run_with


def test_touch_bumps_modified_changes_status_and_adds_feed_entries() -> None:
    tenant, _clock = make_tenant(300, seed=12)
    before = {t["ID"]: t for t in tenant.iter_truth("tickets")}
    feed_before = sum(1 for _ in tenant.iter_truth("ticket_feed"))
    at = AS_OF.timestamp() + 7200
    touched = tenant.touch(10, at=at)
    assert len(touched) == 10
    after = {t["ID"]: t for t in tenant.iter_truth("tickets")}
    for tid in touched:
        assert after[tid]["ModifiedDate"] > before[tid]["ModifiedDate"]
        assert after[tid]["StatusID"] != before[tid]["StatusID"]
    assert sum(1 for _ in tenant.iter_truth("ticket_feed")) == feed_before + 20
    untouched = set(before) - set(touched)
    assert all(after[t] == before[t] for t in untouched if after[t]["StatusClass"] == 3)


def test_incremental_search_and_feed_see_exactly_the_touched_tickets() -> None:
    tenant, clock = make_tenant(300, seed=12)
    at = AS_OF.timestamp() + 7200
    touched = set(tenant.touch(8, at=at))

    async def body(sim: Sim) -> tuple[Any, Any]:
        h = await sim.login()
        since = "2026-11-01T01:59:59Z"  # DateFrom is exclusive
        rows = (
            await sim.client.post(
                f"api/{APP}/tickets/search",
                headers=h,
                json={"MaxResults": 0, "ModifiedDateFrom": since},
            )
        ).json()
        feed = (
            await sim.client.get(
                f"api/{APP}/tickets/feed", headers=h, params={"DateFrom": since, "ReturnCount": 100}
            )
        ).json()
        return rows, feed  # fmt: skip

    rows, feed = run_with(tenant, clock, body)
    assert {r["ID"] for r in rows} == touched
    assert {e["ItemID"] for e in feed["Entries"]} == touched
    assert len(feed["Entries"]) == 16
    assert feed["NextDateTo"] is None
    assert {e["UpdateType"] for e in feed["Entries"]} == {1, 2}


def test_status_history_follows_touches() -> None:
    tenant, _ = make_tenant(200, seed=12)
    tid = tenant.touch(1, at=AS_OF.timestamp() + 60)[0]
    ticket = next(t for t in tenant.iter_truth("tickets") if t["ID"] == tid)
    last = [h for h in tenant.iter_truth("status_history") if h["TicketID"] == tid][-1]
    assert last["ToStatusID"] == ticket["StatusID"]
    change = [e for e in tenant.iter_truth("ticket_feed") if e["ItemID"] == tid
              and e["UpdateType"] == 2][-1]  # fmt: skip
    assert last["Date"] == change["CreatedDate"]
    assert change["Body"].startswith('Changed Status from "')

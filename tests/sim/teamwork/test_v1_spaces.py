"""Projects v1 at the root with X-Page/X-Pages/X-Records, v2's lone time.json, and Spaces with
its updatedAfterDate rule."""

from __future__ import annotations

from typing import Any

import httpx

from .conftest import EVERYTHING, SITE, V3, Run, Sim, make_tenant, run_with


def test_v1_tasks_page_by_250_with_headers(run: Run, shared: Any) -> None:
    async def go(sim: Sim) -> list[httpx.Response]:
        return [await sim.get(f"{SITE}/tasks.json", params={**EVERYTHING, "page": str(n)})
                for n in (1, 3)]  # fmt: skip

    first, third = run(go)
    assert first.json()["STATUS"] == "OK"
    assert len(first.json()["todo-items"]) == 250
    assert (first.headers["X-Page"], first.headers["X-Pages"], first.headers["X-Records"]) == (
        "1",
        "3",
        "600",
    )
    assert len(third.json()["todo-items"]) == 100


def test_v1_time_entries_default_100_up_to_500_and_updated_after_date(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        small = await sim.get(f"{SITE}/time_entries.json")
        big = await sim.get(f"{SITE}/time_entries.json", params={"pageSize": "900"})
        since = await sim.get(f"{SITE}/time_entries.json",
                              params={"updatedAfterDate": "20261015000000"})  # fmt: skip
        return [small, big, since.json()["time-entries"]]

    small, big, since = run(go)
    assert len(small.json()["time-entries"]) == 100
    assert len(big.json()["time-entries"]) == min(500, int(big.headers["X-Records"]))
    assert all(e["updated-date"] > "2026-10-15T00:00:00Z" for e in since)


def test_v2_serves_only_time_with_its_totals(run: Run) -> None:
    async def go(sim: Sim) -> list[httpx.Response]:
        base = f"{SITE}/projects/api/v2/"
        return [await sim.get(f"{base}time.json"), await sim.get(f"{base}tasks.json")]

    time, tasks = run(go)
    assert time.status_code == 200
    assert int(time.headers["x-total-mins-sum"]) >= int(time.headers["x-billable-mins-sum"]) > 0
    assert tasks.status_code == 404


def test_spaces_pages_authors_and_the_reduced_limit_for_syncing_without_a_date() -> None:
    tenant, clock = make_tenant(60, 20)
    base = f"{SITE}/spaces/api/v1/"

    async def go(sim: Sim) -> list[Any]:
        spaces = (await sim.get(f"{base}spaces.json")).json()["spaces"]
        pages = await sim.get(f"{base}spaces/{spaces[0]['id']}/pages.json",
                              params={"include": "users", "pageSize": "10"})  # fmt: skip
        dated = await sim.get(
            f"{base}spaces/{spaces[0]['id']}/pages.json",
            params={"page": "2", "updatedAfterDate": "2026-01-01"},
        )
        undated = await sim.get(f"{base}spaces/{spaces[0]['id']}/pages.json",
                                params={"page": "2", "pageSize": "10"})  # fmt: skip
        after = await sim.get(f"{base}users.json")
        missing = await sim.get(f"{base}spaces/1.json")
        return [spaces, pages.json(), dated, undated, after, missing.status_code]

    spaces, pages, dated, undated, after, missing = run_with(tenant, clock, go)
    assert len(spaces) == 3
    authors = {str(p["createdBy"]["id"]) for p in pages["pages"]}
    assert authors <= set(pages["included"]["users"])
    assert dated.headers["X-Rate-Limit-Limit"] == "150"
    assert after.headers["X-Rate-Limit-Limit"] == "30"
    assert undated.status_code == 200
    assert missing == 404


def test_restricted_v3_tasks_match_v1_tasks(run: Run) -> None:
    async def go(sim: Sim) -> tuple[set[int], set[int]]:
        v3 = await sim.every(f"{V3}tasks.json", "tasks", {**EVERYTHING, "pageSize": "500"})
        v1: list[Any] = []
        for n in (1, 2, 3):
            r = await sim.get(f"{SITE}/tasks.json", params={**EVERYTHING, "page": str(n)})
            v1 += r.json()["todo-items"]
        return {t["id"] for t in v3}, {t["id"] for t in v1}

    v3, v1 = run(go)
    assert v3 == v1

"""Projects v3: the documented record and page shapes, paging and its leniency, the hidden
completed tasks, completed lists and archived projects, filters, sideloads, the 50,000 cap."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import EVERYTHING, V3, Run, Sim
from .reference import (
    COMMENT_KEYS,
    PEOPLE_KEYS,
    TASK_KEYS,
    TASKLIST_KEYS,
    TIMELOG_KEYS,
    sample,
)


def test_records_carry_every_documented_property(run: Run) -> None:
    async def go(sim: Sim) -> dict[str, Any]:
        out = {}
        for path, key in (("tasks", "tasks"), ("time", "timelogs"), ("people", "people"),
                          ("comments", "comments"), ("tasklists", "tasklists")):  # fmt: skip
            r = await sim.get(f"{V3}{path}.json", params={"pageSize": "3"})
            out[key] = r.json()[key][0]
        return out

    first = run(go)
    for key, keys in (("tasks", TASK_KEYS), ("timelogs", TIMELOG_KEYS), ("people", PEOPLE_KEYS),
                      ("comments", COMMENT_KEYS), ("tasklists", TASKLIST_KEYS)):  # fmt: skip
        assert keys <= set(first[key]), (key, keys - set(first[key]))


def test_page_meta_and_milestones_have_the_documented_shape(run: Run) -> None:
    doc = sample("teamwork_v3_milestones_sparsefields_docs_example.json")["response"]

    async def go(sim: Sim) -> Any:
        return (await sim.get(f"{V3}milestones.json", params={"include": "projects"})).json()

    body = run(go)
    assert set(body) == set(doc)
    assert set(body["meta"]["page"]) == set(doc["meta"]["page"])
    assert set(doc["milestones"][0]) <= set(body["milestones"][0])
    project_id, project = next(iter(body["included"]["projects"].items()))
    assert project_id == str(project["id"])
    assert set(next(iter(doc["included"]["projects"].values()))) <= set(project)


def test_completed_tasks_and_completed_lists_are_hidden_unless_asked(run: Run, shared: Any) -> None:
    tenant = shared[0]

    async def go(sim: Sim) -> tuple[list[Any], list[Any], list[Any]]:
        default = await sim.every(f"{V3}tasks.json", "tasks", {"pageSize": "500"})
        done = await sim.every(f"{V3}tasks.json", "tasks",
                               {"pageSize": "500", "includeCompletedTasks": "True"})  # fmt: skip
        every = await sim.every(f"{V3}tasks.json", "tasks", {"pageSize": "500", **EVERYTHING})
        return default, done, every

    default, done, every = run(go)
    assert len(every) == tenant.config.tasks
    assert {t["status"] for t in default} <= {"new", "reopened"}
    assert "completed" in {t["status"] for t in done}
    assert len(default) < len(done) < len(every)


def test_paging_is_one_based_lenient_and_clamped(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        p0 = await sim.get(f"{V3}tasks.json", params={**EVERYTHING, "page": "0", "pageSize": "7"})
        p1 = await sim.get(f"{V3}tasks.json", params={**EVERYTHING, "page": "1", "pageSize": "7"})
        big = await sim.get(f"{V3}tasks.json", params={**EVERYTHING, "pageSize": "5000"})
        return [p0.json(), p1.json(), big.json()]

    p0, p1, big = run(go)
    assert p0["tasks"] == p1["tasks"]
    assert len(p1["tasks"]) == 7
    assert p1["meta"]["page"] == {"pageOffset": 0, "pageSize": 7, "count": 600, "hasMore": True}
    assert big["meta"]["page"]["pageSize"] == 500
    assert len(big["tasks"]) == 500


def test_skip_counts_gives_a_lower_bound(run: Run) -> None:
    async def go(sim: Sim) -> Any:
        params = {**EVERYTHING, "page": "2", "pageSize": "10", "skipCounts": "true"}
        return (await sim.get(f"{V3}tasks.json", params=params)).json()["meta"]["page"]

    assert run(go) == {"pageOffset": 1, "pageSize": 10, "count": 21, "hasMore": True}


def test_updated_after_is_strictly_after_and_orders_by_update(run: Run) -> None:
    async def go(sim: Sim) -> tuple[list[Any], list[Any]]:
        every = await sim.every(f"{V3}tasks.json", "tasks", {**EVERYTHING, "pageSize": "500"})
        pivot = sorted(t["updatedAt"] for t in every)[300]
        later = await sim.every(
            f"{V3}tasks.json",
            "tasks",
            {**EVERYTHING, "pageSize": "100", "updatedAfter": pivot, "orderBy": "updatedAt"},
        )
        return every, later

    every, later = run(go)
    pivot = sorted(t["updatedAt"] for t in every)[300]
    assert [t["updatedAt"] for t in later] == sorted(t["updatedAt"] for t in later)
    assert {t["id"] for t in later} == {t["id"] for t in every if t["updatedAt"] > pivot}


def test_a_request_reaches_at_most_the_record_cap(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ticketlake.sim.teamwork.listing.RECORD_CAP", 100)

    async def go(sim: Sim) -> tuple[list[Any], Any, list[Any]]:
        params = {**EVERYTHING, "pageSize": "40", "orderBy": "updatedAt"}
        first = await sim.every(f"{V3}tasks.json", "tasks", params)
        last = await sim.get(f"{V3}tasks.json", params={**params, "page": "3"})
        rest = await sim.every(f"{V3}tasks.json", "tasks",
                               {**params, "updatedAfter": first[-1]["updatedAt"]})  # fmt: skip
        return first, last.json(), rest

    first, last, rest = run(go)
    assert len(first) == 100
    assert last["meta"]["page"]["count"] == 600
    assert not last["meta"]["page"]["hasMore"]
    assert len(rest) == 100  # chaining updatedAfter reaches the next 100, and so on


def test_archived_projects_and_their_tasks_are_hidden_unless_asked(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        return [(await sim.get(f"{V3}projects.json", params=p)).json()["projects"]
                for p in ({}, {"includeArchivedProjects": "TRUE"},
                          {"onlyArchivedProjects": "true"})]  # fmt: skip

    default, every, archived = run(go)
    assert {p["status"] for p in default} == {"active"}
    assert {p["status"] for p in archived} == {"archived"}
    assert len(default) + len(archived) == len(every)


def test_scoped_lists_sparse_fields_and_paths_without_json(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        task = (await sim.get(f"{V3}tasks.json", params=EVERYTHING)).json()["tasks"][0]
        lst = task["tasklist"]["id"]
        scoped = await sim.get(f"{V3}tasklists/{lst}/tasks", params=EVERYTHING)
        sparse = await sim.get(f"{V3}tasks.json", params={"fields[tasks]": "name"})
        single = await sim.get(f"{V3}tasks/{task['id']}.json")
        return [lst, scoped.json(), sparse.json(), single.json(), task]

    lst, scoped, sparse, single, task = run(go)
    assert scoped["tasks"]
    assert {t["tasklist"]["id"] for t in scoped["tasks"]} == {lst}
    assert {frozenset(t) for t in sparse["tasks"]} == {frozenset({"id", "name"})}
    assert single == {"task": task}


def test_time_logs_edited_after_creation_and_deleted_ones_on_request(run: Run) -> None:
    async def go(sim: Sim) -> tuple[list[Any], list[Any]]:
        live = await sim.every(f"{V3}time.json", "timelogs", {"pageSize": "500"})
        every = await sim.every(f"{V3}time.json", "timelogs",
                                {"pageSize": "500", "showDeleted": "true"})  # fmt: skip
        return live, every

    live, every = run(go)
    assert not any(t["deleted"] for t in live)
    assert any(t["deleted"] for t in every)
    assert len(every) > len(live)
    assert any(t["updatedAt"] > t["createdAt"] for t in live)
    assert any(t["task"] is None for t in live)  # time on Desk tickets


def test_me_and_404_bodies(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        return [await sim.get(f"{V3}me.json"), await sim.get(f"{V3}nothing.json"),
                await sim.get(f"{V3}tasks/1.json")]  # fmt: skip

    me, nothing, missing = run(go)
    assert me.json()["person"]["isAdmin"] is True
    assert nothing.status_code == missing.status_code == 404
    assert set(missing.json()) == {"errors"}

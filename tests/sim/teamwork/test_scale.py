"""A 100,000-task, 100,000-ticket site: start-up, and every task and ticket read through the
API page by page. Figures are recorded as test properties; the test asserts what was served,
never how fast (speed depends on the machine)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import EVERYTHING, V3, Sim, make_tenant, run_with

COUNT = 100_000


@pytest.mark.slow
def test_a_100k_site_serves_every_task_and_ticket(record_property: Any) -> None:
    started = time.monotonic()
    tenant, clock = make_tenant(COUNT, COUNT, seed=1)
    record_property("startup_seconds", round(time.monotonic() - started, 1))

    async def go(sim: Sim) -> tuple[list[int], int]:
        ids: list[int] = []
        last = ""
        for _ in range(2):  # two requests of 50,000: the cap, chained by updatedAfter
            params = {**EVERYTHING, "pageSize": "500", "orderBy": "updatedAt",
                      "fields[tasks]": "updatedAt"}  # fmt: skip
            if last:
                params["updatedAfter"] = last
            page = await sim.every(f"{V3}tasks.json", "tasks", params)
            ids += [t["id"] for t in page]
            last = page[-1]["updatedAt"]
            clock.advance(3600)
        tickets = await sim.desk_every(
            {"pageSize": "100", "filter": '{"state":{"$in":["active","deleted"]}}'}
        )
        return ids, len(tickets)

    ids, tickets = run_with(tenant, clock, go)
    assert len(set(ids)) == COUNT
    assert tickets == COUNT

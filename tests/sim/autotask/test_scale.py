"""A 100,000-ticket tenant: start-up, and every ticket read through the API page by page.

The figures (start-up seconds, query seconds, pages) are recorded as test properties (see
``--junitxml``) and in docs/simulator-autotask.md; the test asserts what was served, never how
fast: speed depends on the machine."""

from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import ALL, HEADERS, Sim, make_tenant, run_with

TICKETS = 100_000


@pytest.mark.slow
def test_a_100k_tenant_serves_every_ticket_in_pages_of_500(record_property: Any) -> None:
    started = time.monotonic()
    tenant, clock = make_tenant(TICKETS, seed=1)
    record_property("startup_seconds", round(time.monotonic() - started, 1))
    alive = TICKETS - sum(tenant.index.tickets.gone)

    async def go(sim: Sim) -> tuple[list[int], list[int]]:
        body = {"MaxRecords": 500, "IncludeFields": ["id", "lastActivityDate"], "filter": ALL}
        r = await sim.query("Tickets", body)
        ids, sizes = [t["id"] for t in r.json()["items"]], [len(r.json()["items"])]
        while url := r.json()["pageDetails"]["nextPageUrl"]:
            r = await sim.client.post(url, json=body, headers=HEADERS)
            ids += [t["id"] for t in r.json()["items"]]
            sizes.append(len(r.json()["items"]))
        return ids, sizes

    started = time.monotonic()
    ids, sizes = run_with(tenant, clock, go)
    record_property("query_seconds", round(time.monotonic() - started, 1))
    assert len(ids) == alive > 0.98 * TICKETS
    assert ids == sorted(set(ids))
    assert sizes[:-1] == [500] * (len(sizes) - 1)
    assert len(sizes) == -(-alive // 500)

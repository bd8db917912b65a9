"""The Autotask transport under the tenant's limits: at most 2 calls per entity at once, thread
and threshold refusals read by their words whatever their status, the share of the hour."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ticketlake.connectors.autotask.api import AutotaskApi
from ticketlake.connectors.autotask.filters import ALL
from ticketlake.transport import FakeClock
from ticketlake.transport.rolling import RollingBudget

from .fakeat import FakeAutotask, transport_for

pytestmark = pytest.mark.anyio

THREADS = (
    "Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads has been exceeded."
)


async def test_no_more_than_two_calls_per_entity_are_in_flight(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.call_seconds = 1.0
    async with transport_for(tenant, clock) as t:
        api = AutotaskApi.of(t)
        await asyncio.gather(
            *(api.first_page(entity, ALL) for entity in ["Tickets"] * 6 + ["TicketNotes"] * 6)
        )
    assert tenant.most_in_flight["Tickets"] == 2
    assert tenant.most_in_flight["TicketNotes"] == 2
    assert tenant.most_in_flight["ThresholdInformation"] == 1


@pytest.mark.parametrize("status", [429, 500, 503, 400, 403])
async def test_a_thread_refusal_is_retried_whatever_its_status(
    tenant: FakeAutotask, clock: FakeClock, status: int
) -> None:
    tenant.refuse("/Tickets/query", httpx.Response(status, json={"errors": [THREADS]}))
    async with transport_for(tenant, clock) as t:
        page = await AutotaskApi.of(t).first_page("Tickets", ALL)
        assert t.stats["POST V1.0/Tickets/query"].retries == 1
    assert page.items == []
    assert len([r for r in tenant.requests if r.path.endswith("/Tickets/query")]) == 2


@pytest.mark.parametrize(
    "refusal",
    [
        httpx.Response(429, json={"errors": ["slow down"]}),
        httpx.Response(500, json={"errors": ["The request threshold was exceeded."]}),
        httpx.Response(503, json={"errors": ["API access is suspended for this database."]}),
    ],
)
async def test_a_busy_tenant_pauses_every_call_and_reads_the_threshold_again(
    tenant: FakeAutotask, clock: FakeClock, refusal: httpx.Response
) -> None:
    tenant.refuse("/Tickets/query", refusal)
    async with transport_for(tenant, clock) as t:
        await AutotaskApi.of(t).first_page("Tickets", ALL)
    paths = [r.path.rsplit("/", 2)[-1] for r in tenant.requests]
    assert paths == ["zoneInformation", "ThresholdInformation", "query",
                     "ThresholdInformation", "query"]  # fmt: skip
    assert tenant.requests[4].at - tenant.requests[2].at >= 60.0  # paused before trying again


async def test_a_sync_uses_at_most_its_share_of_the_hour(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    async with transport_for(tenant, clock, budget_share=1) as t:
        budget = t.budget("GET", "V1.0/ThresholdInformation")
        assert isinstance(budget, RollingBudget)
        assert budget.cap == 100  # 1 % of 10,000
        api = AutotaskApi.of(t)
        await asyncio.gather(*(api.first_page("Tickets", ALL) for _ in range(150)))
    queries = [r for r in tenant.requests if r.path.endswith("/query")]
    assert len(queries) == 150
    assert tenant.ours() == 150 + budget.gauges
    assert budget.gauges == 2  # the first reading, and one when the second hour opened
    assert tenant.busiest_hour() == 100
    assert queries[-1].at - queries[0].at >= 3600


async def test_the_others_use_shrinks_the_room_and_the_plan_sees_it(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.others = 8_500
    async with transport_for(tenant, clock) as t:
        await AutotaskApi.of(t).threshold()
        in_force = {e.key: e.limit for e in t.limits_in_force()}
    limit = in_force["POST V1.0/Tickets/query"]
    assert limit is not None
    assert limit.ours == 9_000 - 8_500  # the ceiling is 90 % of 10,000


async def test_a_thread_refusal_leaves_the_other_client_a_thread(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.call_seconds = 1.0
    tenant.refuse("/Tickets/query", httpx.Response(500, json={"errors": [THREADS]}))
    async with transport_for(tenant, clock) as t:
        api = AutotaskApi.of(t)
        await api.first_page("Tickets", ALL)
        tenant.most_in_flight.clear()
        await asyncio.gather(*(api.first_page("Tickets", ALL) for _ in range(4)))
        await asyncio.gather(*(api.first_page("TicketNotes", ALL) for _ in range(4)))
    assert tenant.most_in_flight["Tickets"] == 1  # one fewer than the 2 it took before
    assert tenant.most_in_flight["TicketNotes"] == 2  # another entity's threads are its own


async def test_a_threshold_call_when_the_gauge_is_due_does_not_wait_on_itself(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    # ThresholdInformation takes one call at a time, and the budget's gauge is that call too:
    # a caller holding the endpoint's only place while its budget reads the gauge would wait
    # for itself. The permit comes before the place, so it cannot.
    async with transport_for(tenant, clock) as t:
        api = AutotaskApi.of(t)
        await api.threshold()
        clock.advance(1000.0)  # the reading is older than a quarter of an hour: due
        found = await asyncio.wait_for(api.threshold(), timeout=10)
    readings = [r for r in tenant.requests if r.path.endswith("ThresholdInformation")]
    assert len(readings) == 4  # login, the call, the gauge due, the call
    assert found.used == 4

"""The cap on concurrent calls shared by workers (Autotask: 3 per API user and object endpoint),
on Redis and on Postgres: two workers' transports together never have more in flight, a worker
told it is crowded narrows its own share, and a dead worker's places free themselves."""

from __future__ import annotations

import asyncio

import httpx

from ticketlake.transport import Endpoint, Limit, SystemClock, Transport
from ticketlake.transport.sharedgate import SharedGate

from .stores import Store

QUERY = Endpoint("GET", "V1.0/Tickets/query", Limit(1000, 0.2), parallel=3)


def test_two_workers_never_have_more_calls_in_flight_than_the_cap(store: Store) -> None:
    in_flight, most = [0], [0]

    async def answer(request: httpx.Request) -> httpx.Response:
        in_flight[0] += 1
        most[0] = max(most[0], in_flight[0])
        await asyncio.sleep(0.02)
        in_flight[0] -= 1
        return httpx.Response(200, json={})

    async def worker(name: str) -> None:
        budgets = store.budgets(identity="at:db1:api-user")
        http = httpx.MockTransport(answer)
        options = {"clock": SystemClock(), "http_transport": http, "budgets": budgets}
        async with Transport("http://tenant.test", [QUERY], connection=name, **options) as t:
            await asyncio.gather(*(t.call("GET", QUERY.template) for _ in range(8)))
        await budgets.aclose()

    async def both() -> None:
        await asyncio.gather(worker("w1"), worker("w2"))  # one tenant, one API user

    asyncio.run(both())
    assert most[0] == 3  # alone, each would have let 3 through: 6


def test_a_dead_workers_places_expire_and_a_crowded_worker_narrows(store: Store) -> None:
    key = "ticketlake:budget:gate:at:db1:api-user:GET V1.0/Tickets/query"
    store.plant(key, ["dead-1", "dead-2", "dead-3"])  # expired long ago

    async def go() -> tuple[int, int]:
        steps = store.steps()
        gate = SharedGate(key, 3, 30.0, steps)
        async with gate, gate:
            taken = store.count(key)
        gate.narrow()
        gate.narrow()
        other = SharedGate(key, 3, 30.0, steps)
        async with other:  # holds one place: the narrowed gate (width 1) must wait
            try:
                await asyncio.wait_for(gate.__aenter__(), 0.2)
                entered = 1
            except TimeoutError:
                entered = 0
        await steps.aclose()
        return taken, entered

    assert asyncio.run(go()) == (2, 0)

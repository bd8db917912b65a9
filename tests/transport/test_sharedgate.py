"""The cap on concurrent calls shared by workers (Autotask: 3 per API user and object endpoint):
two workers' transports together never have more in flight, a worker told it is crowded
narrows its own share, and a dead worker's places free themselves."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import redis
import redis.asyncio as aioredis

from ticketlake.transport import Endpoint, Limit, SystemClock, Transport
from ticketlake.transport.redisscripts import Scripts
from ticketlake.transport.shared import RedisBudgets
from ticketlake.transport.sharedgate import SCRIPTS, SharedGate

from ..scale.conftest import redis_client, redis_url

__all__ = ["redis_client", "redis_url"]

QUERY = Endpoint("GET", "V1.0/Tickets/query", Limit(1000, 0.2), parallel=3)


@pytest.fixture
def url(redis_url: str, redis_client: redis.Redis) -> str:
    return redis_url  # flushed


def backend(url: str) -> RedisBudgets:
    return RedisBudgets(
        aioredis.Redis.from_url(url), identity=lambda name: "at:db1:api-user", host=str
    )


def test_two_workers_never_have_more_calls_in_flight_than_the_cap(url: str) -> None:
    in_flight, most = [0], [0]

    async def answer(request: httpx.Request) -> httpx.Response:
        in_flight[0] += 1
        most[0] = max(most[0], in_flight[0])
        await asyncio.sleep(0.02)
        in_flight[0] -= 1
        return httpx.Response(200, json={})

    async def worker(name: str) -> None:
        budgets = backend(url)
        http = httpx.MockTransport(answer)
        options = {"clock": SystemClock(), "http_transport": http, "budgets": budgets}
        async with Transport("http://tenant.test", [QUERY], connection=name, **options) as t:
            await asyncio.gather(*(t.call("GET", QUERY.template) for _ in range(8)))
        await budgets.aclose()

    async def both() -> None:
        await asyncio.gather(worker("w1"), worker("w2"))  # one tenant, one API user

    asyncio.run(both())
    assert most[0] == 3  # alone, each would have let 3 through: 6


def test_a_dead_workers_places_expire_and_a_crowded_worker_narrows(
    url: str, redis_client: redis.Redis
) -> None:
    key = "ticketlake:budget:gate:at:db1:api-user:GET V1.0/Tickets/query"
    redis_client.zadd(key, {"dead-1": 0, "dead-2": 0, "dead-3": 0})  # expired long ago

    async def go() -> tuple[int, int]:
        scripts = Scripts(aioredis.Redis.from_url(url), SCRIPTS)
        gate = SharedGate(key, 3, 30.0, scripts)
        async with gate, gate:
            taken = int(redis_client.zcard(key))
        gate.narrow()
        gate.narrow()
        other = SharedGate(key, 3, 30.0, scripts)
        async with other:  # holds one place: the narrowed gate (width 1) must wait
            try:
                await asyncio.wait_for(gate.__aenter__(), 0.2)
                entered = 1
            except TimeoutError:
                entered = 0
        await scripts.client.aclose()
        return taken, entered

    assert asyncio.run(go()) == (2, 0)

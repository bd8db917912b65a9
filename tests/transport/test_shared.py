"""Budgets shared through Redis: workers together stay within a window, the server's headers
only ever make them wait longer, scopes pick the keys, and an unreachable Redis means waiting."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis
import redis.asyncio as aioredis

from ticketlake.transport import BudgetPolicy, Endpoint, Limit, Quota, SystemClock
from ticketlake.transport.shared import RedisBudgets, SharedRollingBudget

from ..scale.conftest import redis_client, redis_url

__all__ = ["redis_client", "redis_url"]

POLICY = BudgetPolicy(margin=0.05, after_429=0.05)
SEARCH = Endpoint("POST", "api/{appId}/tickets/search", Limit(5, 0.5))


@pytest.fixture
def url(redis_url: str, redis_client: redis.Redis) -> str:
    return redis_url  # flushed


def backend(url: str, *, egress: str = "office") -> RedisBudgets:
    return RedisBudgets(
        aioredis.Redis.from_url(url),
        identity=lambda name: f"tenant-of-{name}",
        host=lambda name: "acme.teamdynamix.com",
        egress=egress,
        policy=POLICY,
    )


async def grant_times(
    url: str, endpoint: Endpoint, calls: int, names: tuple[str, str]
) -> list[float]:
    """When each of ``calls`` calls was let through, alternating between two workers'
    backends (two processes' view of one Redis)."""
    workers = [backend(url), backend(url)]
    budgets = [w.get(name, endpoint, SystemClock()) for w, name in zip(workers, names, strict=True)]
    granted: list[float] = []

    async def call(i: int) -> None:
        budget = budgets[i % 2]
        permit = await budget.acquire()
        granted.append(time.monotonic())
        await budget.observe(permit, None)

    await asyncio.gather(*(call(i) for i in range(calls)))
    for w in workers:
        await w.aclose()
    return sorted(granted)


def test_two_workers_on_one_window_never_take_more_than_its_limit(url: str) -> None:
    granted = asyncio.run(grant_times(url, SEARCH, 15, ("conn0", "conn1")))
    assert len(granted) == 15
    # any six calls span more than a window: the sixth waited for the next one
    assert all(granted[i + 5] - granted[i] >= 0.45 for i in range(len(granted) - 5))


def test_the_servers_count_and_reset_make_the_workers_wait(url: str) -> None:
    async def go() -> bool:
        shared = backend(url)
        budget = shared.get("acme", SEARCH, SystemClock())
        permit = await budget.acquire()
        # another client behind the same IP spent the window, ending in a second
        await budget.observe(permit, Quota(5, 0, time.time() + 1.0))
        try:
            await asyncio.wait_for(budget.acquire(), 0.3)
        except TimeoutError:
            return True
        finally:
            await shared.aclose()
        return False

    assert asyncio.run(go())


def test_a_429_closes_the_shared_window(url: str) -> None:
    async def go() -> bool:
        shared = backend(url)
        budget = shared.get("acme", SEARCH, SystemClock())
        await budget.acquire()
        await budget.exhaust(time.time() + 30)
        other = backend(url).get("acme", SEARCH, SystemClock())  # another worker
        try:
            await asyncio.wait_for(other.acquire(), 0.3)
        except TimeoutError:
            return True
        finally:
            await shared.aclose()
        return False

    assert asyncio.run(go())


def test_keys_follow_the_limits_scope() -> None:
    shared = RedisBudgets(
        aioredis.Redis(),
        identity=lambda name: f"db-{name}",
        host=lambda name: f"{name}.example.com",
        egress="203.0.113.7",
    )
    tenant = Limit(10_000, 3600.0, scope="tenant", window="rolling", share=0.5)
    account = Limit(150, 60.0, scope="org")
    assert shared.key("a", SEARCH) == "ip:203.0.113.7:a.example.com:POST api/{appId}/tickets/search"
    rolling = Endpoint("GET", "V1.0/Tickets/query", tenant)
    assert shared.key("a", rolling) == "tenant:db-a:rolling"
    assert shared.key("a", Endpoint("GET", "x", tenant)) == shared.key("a", rolling)
    assert shared.key("a", Endpoint("GET", "tasks.json", account)) == "org:db-a:GET tasks.json"


def test_a_rolling_tenant_limit_is_capped_across_workers_at_our_share(url: str) -> None:
    tenant = Endpoint("GET", "q", Limit(8, 0.5, scope="tenant", window="rolling", share=0.5))

    assert isinstance(backend(url).get("acme", tenant, SystemClock()), SharedRollingBudget)
    granted = asyncio.run(grant_times(url, tenant, 8, ("acme", "acme")))
    # our share is 4 in any 0.5 s, counted by both workers together
    assert all(granted[i + 4] - granted[i] >= 0.45 for i in range(len(granted) - 4))


def test_an_unreachable_redis_makes_calls_wait_not_go() -> None:
    async def go() -> bool:
        down = RedisBudgets(
            aioredis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.1),
            identity=str,
            host=str,
        )
        try:
            await asyncio.wait_for(down.get("acme", SEARCH, SystemClock()).acquire(), 0.5)
        except TimeoutError:
            return True
        return False

    assert asyncio.run(go())


class RecordingClock(SystemClock):
    """The system clock, recording each wait a budget asks for."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        await super().sleep(seconds)


def test_a_redis_that_lost_its_budgets_opens_no_window_for_a_period(
    url: str, redis_client: redis.Redis
) -> None:
    """Restarted empty, Redis no longer counts the calls the server's open windows hold:
    the first call waits one period, then the window is shared as before."""

    async def first_waits() -> list[float]:
        shared = backend(url)
        clock = RecordingClock()
        try:
            await shared.get("acme", SEARCH, clock).acquire()
            await shared.get("acme", SEARCH, clock).acquire()  # the window is open now
        finally:
            await shared.aclose()
        return clock.waits

    redis_client.set("ticketlake:budget:since", 0)  # budgets counted since long ago
    assert asyncio.run(first_waits()) == []
    redis_client.flushdb()  # what a restart without persistence leaves
    (wait,) = asyncio.run(first_waits())
    assert 0.4 <= wait <= 0.5  # one period of SEARCH (0.5 s)

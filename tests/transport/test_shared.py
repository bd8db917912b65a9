"""Budgets shared through a store (every test runs on Redis and on Postgres): workers together
stay within a window, the server's headers only ever make them wait longer, scopes pick the
keys, and a store that cannot be reached means waiting."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import redis.asyncio as aioredis

from ticketlake.transport import Endpoint, Limit, Permit, Quota, SystemClock
from ticketlake.transport.redisbudgets import RedisBudgets
from ticketlake.transport.shared import SINCE, SharedRollingBudget

from .line import Line
from .stores import Store

SEARCH = Endpoint("POST", "api/{appId}/tickets/search", Limit(5, 0.5))


async def grant_times(
    store: Store, endpoint: Endpoint, calls: int, names: tuple[str, str]
) -> list[float]:
    """When each of ``calls`` calls was let through, alternating between two workers'
    backends (two processes' view of one store)."""
    workers = [store.budgets(), store.budgets()]
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


def test_two_workers_on_one_window_never_take_more_than_its_limit(store: Store) -> None:
    granted = asyncio.run(grant_times(store, SEARCH, 15, ("conn0", "conn1")))
    assert len(granted) == 15
    # any six calls span more than a window: the sixth waited for the next one
    assert all(granted[i + 5] - granted[i] >= 0.45 for i in range(len(granted) - 5))


def test_the_servers_count_and_reset_make_the_workers_wait(store: Store) -> None:
    async def go() -> bool:
        shared = store.budgets()
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


def test_a_429_closes_the_shared_window(store: Store) -> None:
    async def go() -> bool:
        shared, other = store.budgets(), store.budgets()  # two workers
        budget = shared.get("acme", SEARCH, SystemClock())
        await budget.acquire()
        await budget.exhaust(time.time() + 30)
        try:
            await asyncio.wait_for(other.get("acme", SEARCH, SystemClock()).acquire(), 0.3)
        except TimeoutError:
            return True
        finally:
            await shared.aclose()
            await other.aclose()
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


def test_a_rolling_tenant_limit_is_capped_across_workers_at_our_share(store: Store) -> None:
    tenant = Endpoint("GET", "q", Limit(8, 0.5, scope="tenant", window="rolling", share=0.5))

    assert isinstance(store.budgets().get("acme", tenant, SystemClock()), SharedRollingBudget)
    granted = asyncio.run(grant_times(store, tenant, 8, ("acme", "acme")))
    # our share is 4 in any 0.5 s, counted by both workers together
    assert all(granted[i + 4] - granted[i] >= 0.45 for i in range(len(granted) - 4))


WORKERS = 8
TRIES = 5
KEY = "ticketlake:budget:test"
Took = Callable[[Any], bool]
CAPS: dict[str, tuple[str, tuple[int, ...], int, Took]] = {
    # what is reserved: (step, its arguments, how many fit, whether a result took one)
    "a fixed window": ("acquire", (5, 60_000, 50, 50, 240_000), 5, lambda r: bool(int(r[0]))),
    "a rolling log": ("rolling_take", (4, 60_000), 4, lambda r: int(r) == 0),
    "a gate's places": ("gate_enter", (3, 60_000), 3, lambda r: int(r) == 1),
}


@pytest.mark.parametrize("reserved", CAPS)
def test_workers_reserving_at_once_never_take_more_than_fits(store: Store, reserved: str) -> None:
    """Eight threads, each with a connection of its own (to the store, eight workers), try
    five times each at once: exactly what fits is taken, never one more."""
    step, args, fits, took = CAPS[reserved]
    store.age()
    start = threading.Barrier(WORKERS)
    taken: list[bool] = []

    async def tries(worker: int) -> list[bool]:
        steps = store.steps()

        async def reserve(key: str, i: int) -> bool:
            member = () if step == "acquire" else (f"{worker}-{i}",)
            return took(await steps.run(step, key, *args, *member, also=(SINCE,)))

        try:
            await reserve("ticketlake:budget:warm-up", -1)  # connected, tables ready
            start.wait()  # every worker connected: now all at once
            return [await reserve(KEY, i) for i in range(TRIES)]
        finally:
            await steps.aclose()

    def worker(n: int) -> None:
        taken.extend(asyncio.run(tries(n)))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(taken) == WORKERS * TRIES
    assert sum(taken) == fits


def test_an_unreachable_store_makes_calls_wait_not_go(store: Store) -> None:
    async def go() -> bool:
        down = store.unreachable()
        try:
            await asyncio.wait_for(down.get("acme", SEARCH, SystemClock()).acquire(), 0.5)
        except TimeoutError:
            return True
        finally:
            await down.aclose()
        return False

    assert asyncio.run(go())


def test_calls_wait_while_the_store_is_gone_and_go_on_when_it_answers_again(store: Store) -> None:
    store.age()

    async def go() -> tuple[bool, bool]:
        async with Line(store.port) as line:
            shared = store.budgets(url=line.url(store.url))
            budget = shared.get("acme", SEARCH, SystemClock())
            try:
                await budget.acquire()
                await line.cut()
                pending = asyncio.ensure_future(budget.acquire())
                waited = not (await asyncio.wait({pending}, timeout=0.5))[0]
                await line.mend()
                went = isinstance(await asyncio.wait_for(pending, 10), Permit)
            finally:
                await shared.aclose()
        return waited, went

    assert asyncio.run(go()) == (True, True)


class RecordingClock(SystemClock):
    """The system clock, recording each wait a budget asks for."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        await super().sleep(seconds)


def test_a_store_that_lost_its_budgets_opens_no_window_for_a_period(store: Store) -> None:
    """Restarted empty, the store no longer counts the calls the server's open windows hold:
    the first call waits one period, then the window is shared as before."""

    async def first_waits() -> list[float]:
        shared = store.budgets()
        clock = RecordingClock()
        try:
            await shared.get("acme", SEARCH, clock).acquire()
            await shared.get("acme", SEARCH, clock).acquire()  # the window is open now
        finally:
            await shared.aclose()
        return clock.waits

    store.age()  # budgets counted since long ago
    assert asyncio.run(first_waits()) == []
    store.lose()  # what a restart without persistence leaves
    (wait,) = asyncio.run(first_waits())
    assert 0.4 <= wait <= 0.5  # one period of SEARCH (0.5 s)

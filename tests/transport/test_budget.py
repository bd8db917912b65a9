"""Budgets: calls wait for their window before they are sent; headers correct the count."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from ticketlake.errors import RateLimited
from ticketlake.transport import BudgetPolicy, Endpoint, FakeClock, InMemoryBudgets, Limit
from ticketlake.transport.budget import LocalBudget, Permit
from ticketlake.transport.clock import FAKE_EPOCH
from ticketlake.transport.quota import Quota

pytestmark = pytest.mark.anyio

T0 = FAKE_EPOCH
SEARCH = Endpoint("POST", "api/{appId}/tickets/search", Limit(3, 60))


THREE_A_MINUTE = Limit(3, 60)


def budget(
    clock: FakeClock, limit: Limit | None = THREE_A_MINUTE, margin: float = 5.0
) -> LocalBudget:
    endpoint = Endpoint("POST", "api/{appId}/tickets/search", limit)
    return LocalBudget(endpoint.key, endpoint, clock, BudgetPolicy(margin=margin))


async def call(b: LocalBudget) -> Permit:
    """One call through the budget: its permit, answered at once without rate headers (as the
    transport answers every permit it took)."""
    permit = await b.acquire()
    await b.observe(permit, None)
    return permit


async def granted_at(clock: FakeClock, b: LocalBudget, n: int) -> list[float]:
    """Start ``n`` concurrent calls; the fake times at which each got its permit."""

    async def one() -> float:
        await call(b)
        return clock.now() - T0

    return sorted(await asyncio.gather(*(one() for _ in range(n))))


async def test_calls_beyond_the_documented_limit_wait_for_reset_plus_margin() -> None:
    clock = FakeClock()
    assert await granted_at(clock, budget(clock), 5) == [0, 0, 0, 65, 65]


async def test_many_concurrent_callers_never_overshoot_a_window() -> None:
    clock = FakeClock()
    times = await granted_at(clock, budget(clock, Limit(10, 60)), 100)
    per_window = Counter(times)
    assert max(per_window.values()) == 10
    assert sorted(per_window) == [65.0 * k for k in range(10)]


async def test_the_margin_is_a_policy_value() -> None:
    clock = FakeClock()
    assert await granted_at(clock, budget(clock, margin=0.0), 4) == [0, 0, 0, 60]


async def test_waiting_on_one_endpoint_does_not_block_another() -> None:
    clock = FakeClock()
    budgets = InMemoryBudgets()
    spent = budgets.get("tenant-a", SEARCH, clock)
    other = budgets.get(
        "tenant-a", Endpoint("GET", "api/{appId}/tickets/{id}", Limit(3, 60)), clock
    )
    for _ in range(3):
        await call(spent)
    waiting = asyncio.ensure_future(call(spent))
    await asyncio.sleep(0)
    permit = await other.acquire()
    assert (permit.waited, clock.now(), waiting.done()) == (0.0, T0, False)
    assert (await waiting).waited == 62.0


async def test_a_lower_limit_announced_by_the_server_wins() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(60, 60))
    permit = await b.acquire()
    await b.observe(permit, Quota(limit=2, remaining=1, reset_at=T0 + 40))
    await call(b)
    third = await call(b)
    assert (third.waited, b.state().limit) == (45.0, 2)


async def test_remaining_zero_waits_for_the_announced_reset_plus_margin() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(60, 60))
    permit = await b.acquire()
    await b.observe(permit, Quota(limit=60, remaining=0, reset_at=T0 + 12))
    assert (await call(b)).waited == 17.0


async def test_calls_sent_after_the_observed_one_count_on_top_of_the_server_count() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(10, 60))
    first = await b.acquire()
    await call(b)
    await call(b)
    # The server counted the first call only; the two sent after it may still be in flight.
    await b.observe(first, Quota(limit=10, remaining=9, reset_at=T0 + 60))
    assert b.state().used == 3


async def test_answers_counted_after_later_calls_arrived_do_not_spend_the_window_twice() -> None:
    """A server that counts when it answers: four calls in flight all reached it before the
    first answer, so every answer says 4. Once they are all heard, 4 of the 10 are spent, not
    7 (the old rule added the calls sent after each answered one, already in its count: at 12
    in flight a busy machine's 60-call windows closed after about 46)."""
    clock = FakeClock()
    b = budget(clock, Limit(10, 60))
    permits = [await b.acquire() for _ in range(4)]
    for permit in permits:
        await b.observe(permit, Quota(limit=10, remaining=6, reset_at=T0 + 60))
    assert b.state().used == 4
    assert [(await call(b)).waited for _ in range(6)] == [0.0] * 6
    assert (await call(b)).waited == 65.0


async def test_a_late_answer_with_a_lower_count_does_not_lower_ours() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(10, 60))
    first, second, third = [await b.acquire() for _ in range(3)]
    await b.observe(third, Quota(limit=10, remaining=7, reset_at=T0 + 60))  # all three counted
    await b.observe(first, Quota(limit=10, remaining=9, reset_at=T0 + 60))  # counted earlier
    await b.observe(second, Quota(limit=10, remaining=8, reset_at=T0 + 60))
    assert b.state().used == 3


async def test_a_late_lower_count_without_a_reset_does_not_lower_ours() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(10, 60))
    first, second = [await b.acquire() for _ in range(2)]
    await b.observe(second, Quota(limit=10, remaining=8))  # both counted, no reset said
    await b.observe(first, Quota(limit=10, remaining=9))  # counted before the second arrived
    assert b.state().used == 2


async def test_the_server_count_can_free_budget_our_estimate_had_spent() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(3, 60))
    for _ in range(2):
        await call(b)
    last = await b.acquire()
    await b.observe(last, Quota(limit=3, remaining=2, reset_at=T0 + 30))
    assert (await call(b)).waited == 0.0


async def test_a_quota_for_a_window_already_over_is_ignored() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(3, 60))
    permit = await b.acquire()
    clock.advance(100)
    await b.observe(permit, Quota(limit=3, remaining=0, reset_at=T0 + 60))
    assert (await call(b)).waited == 0.0


async def test_exhaust_without_a_reset_closes_until_the_window_ends() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(3, 60))
    await call(b)
    clock.advance(10)
    await b.exhaust(None)
    assert (await call(b)).waited == 55.0


async def test_exhaust_closes_even_an_endpoint_without_a_documented_limit() -> None:
    clock = FakeClock()
    b = budget(clock, limit=None)
    permit = await b.acquire()
    await b.exhaust(T0 + 20)
    await b.observe(permit, None)
    assert (await call(b)).waited == 25.0


async def test_a_wait_longer_than_max_wait_raises_rate_limited() -> None:
    clock = FakeClock()
    endpoint = Endpoint("GET", "api/people/lookup", Limit(1, 60))
    b = LocalBudget(endpoint.key, endpoint, clock, BudgetPolicy(max_wait=100.0))
    await call(b)
    await b.exhaust(T0 + 86400)  # a 429 whose reset is a day away: a spent daily quota
    with pytest.raises(RateLimited, match="GET api/people/lookup"):
        await call(b)
    assert clock.sleeps == []


async def test_a_reset_further_than_any_window_is_a_misread_clock_and_is_not_waited_for() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(1, 60), margin=2.0)
    permit = await b.acquire()
    # Two hours ahead: a reset stamped in another time zone (TDX warns of both skew and zones).
    await b.observe(permit, Quota(limit=1, remaining=0, reset_at=T0 + 7200))
    assert (await call(b)).waited == 62.0  # our own window, not two hours


async def test_budgets_are_per_connection_and_endpoint() -> None:
    clock = FakeClock()
    budgets = InMemoryBudgets()
    a = budgets.get("tenant-a", SEARCH, clock)
    assert budgets.get("tenant-a", SEARCH, clock) is a
    assert budgets.get("tenant-b", SEARCH, clock) is not a


async def test_a_tenants_pools_are_budgets_of_their_own() -> None:
    # Teamwork.com counts Projects and Desk calls per account, each API on its own.
    clock = FakeClock()
    budgets = InMemoryBudgets()
    projects = Limit(150, 60, scope="tenant", pool="projects")
    desk = Limit(120, 60, scope="tenant", pool="desk")
    tasks = budgets.get("tw", Endpoint("GET", "projects/api/v3/tasks.json", projects), clock)
    time = budgets.get("tw", Endpoint("GET", "projects/api/v3/time.json", projects), clock)
    tickets = budgets.get("tw", Endpoint("GET", "desk/api/v2/tickets.json", desk), clock)
    assert tasks is time
    assert tickets is not tasks


async def test_a_higher_limit_announced_by_the_server_is_used() -> None:
    # Ticket search's 30/min is UNCONFIRMED; if the server says 60, 60 it is.
    clock = FakeClock()
    b = budget(clock, Limit(30, 60))
    permit = await b.acquire()
    await b.observe(permit, Quota(limit=60, remaining=59, reset_at=T0 + 60))
    assert await granted_at(clock, b, 59) == [0] * 59


def unconfirmed(clock: FakeClock, calls: int) -> LocalBudget:
    endpoint = Endpoint("POST", "api/time/search", Limit(calls, 60), confirmed=False)
    return LocalBudget(endpoint.key, endpoint, clock, BudgetPolicy())


async def test_an_unconfirmed_limit_sends_one_probe_and_waits_for_its_headers() -> None:
    clock = FakeClock()
    b = unconfirmed(clock, 30)
    probe = await b.acquire()
    others = [asyncio.ensure_future(call(b)) for _ in range(4)]
    await asyncio.sleep(0)
    assert not any(task.done() for task in others)
    # The server's real limit is 2: one more call fits this window, the rest wait for reset.
    await b.observe(probe, Quota(limit=2, remaining=1, reset_at=T0 + 60))
    waits = sorted([(await task).waited for task in others])
    assert waits == [0.0, 62.0, 62.0, 124.0]


async def test_a_probe_that_got_no_answer_releases_the_others() -> None:
    clock = FakeClock()
    b = unconfirmed(clock, 3)
    probe = await b.acquire()
    waiting = asyncio.ensure_future(call(b))
    await b.observe(probe, None)
    assert (await waiting).waited == 0.0


async def test_a_window_we_spent_reopens_after_2_s_and_one_the_server_refused_after_5_s() -> None:
    # The reset is read on the server's clock, so our own pacing needs only a small margin;
    # a 429 means our estimate was wrong, and then TDX's 5 s apply.
    clock = FakeClock(T0)
    endpoint = Endpoint("GET", "api/x", Limit(3, 60.0))
    ours = LocalBudget(endpoint.key, endpoint, clock, BudgetPolicy())
    assert await granted_at(clock, ours, 4) == [0, 0, 0, 62]
    refused = LocalBudget(endpoint.key, endpoint, clock, BudgetPolicy())
    start = clock.now()
    await call(refused)
    await refused.exhaust(start + 60.0)
    assert (await call(refused)).waited == 65.0


async def test_a_reset_read_without_knowing_the_servers_clock_gets_the_full_5_s() -> None:
    clock = FakeClock()
    b = budget(clock, Limit(1, 60), margin=2.0)
    permit = await b.acquire()
    await b.observe(permit, Quota(limit=1, remaining=0, reset_at=T0 + 30, clock_known=False))
    assert (await call(b)).waited == 35.0


async def test_an_answer_overtaking_earlier_calls_does_not_lower_the_count() -> None:
    # Ten calls out at once; the last one sent reaches the server first and is answered first.
    clock = FakeClock()
    b = budget(clock, Limit(10, 60), margin=2.0)
    permits = [await b.acquire() for _ in range(10)]
    await b.observe(permits[-1], Quota(limit=10, remaining=9, reset_at=T0 + 60))
    waiting = asyncio.ensure_future(call(b))
    await asyncio.sleep(0)
    assert not waiting.done()  # the other nine may still land in this window
    for p in permits[:-1]:
        await b.observe(p, Quota(limit=10, remaining=0, reset_at=T0 + 60))
    assert (await waiting).waited == 62.0


async def test_a_window_reopens_only_once_the_calls_taken_in_it_are_answered() -> None:
    # A call taken in the first window reaches the server after its reset (a busy machine, a
    # scaled clock): the server counts it in its next window, which that call opens.
    clock = FakeClock()
    b = budget(clock, Limit(3, 60), margin=2.0)
    for _ in range(2):
        await call(b)
    late = await b.acquire()
    following = asyncio.ensure_future(call(b))
    clock.advance(70)  # past reset + margin, the late call still unanswered
    await asyncio.sleep(0)
    assert not following.done()
    await b.observe(late, Quota(limit=3, remaining=2, reset_at=T0 + 125))
    await following
    assert clock.now() == T0 + 70  # no further wait: the late call's window has room
    assert (await call(b)).waited == 0.0  # and one more (three: the late call was one)
    assert (await call(b)).waited == 57.0  # then it is spent until its reset (+ 2 s)


async def test_without_the_servers_reset_a_window_ends_a_period_after_its_first_answer() -> None:
    # The server's window opens when the first call reaches it: after we sent it, before its
    # answer came back three seconds later. Counted from the send, ours would end too early.
    clock = FakeClock()
    b = budget(clock, Limit(2, 60), margin=2.0)
    first = await b.acquire()
    await call(b)
    clock.advance(3)
    await b.observe(first, None)
    assert (await call(b)).waited == 62.0  # until 3 + 60 + 2, not 0 + 60 + 2

"""A tenant's rolling budget: our share of a rolling hour, what the others leave, the gauge read
alone and sparingly, refusals, and one budget for every endpoint of the tenant."""

from __future__ import annotations

import asyncio

import pytest

from ticketlake.errors import RateLimited
from ticketlake.transport import Endpoint, FakeClock, InMemoryBudgets, Limit
from ticketlake.transport.budget import LocalBudget
from ticketlake.transport.clock import FAKE_EPOCH
from ticketlake.transport.rolling import RollingBudget, RollingPolicy, Usage

pytestmark = pytest.mark.anyio

HOUR = 3600.0
TENANT = Limit(100, HOUR, scope="tenant", window="rolling", share=0.5)


class Gauge:
    """A gauge reporting the others' steady use plus every call of ours the budget counted."""

    def __init__(self, budget: RollingBudget, clock: FakeClock, others: int) -> None:
        self.budget, self.clock, self.others = budget, clock, others
        self.read_at: list[float] = []
        self.reading = False

    async def __call__(self) -> Usage:
        assert not self.reading, "two gauge readings at once"
        self.reading = True
        self.read_at.append(self.clock.now() - FAKE_EPOCH)
        await self.clock.sleep(0.5)
        self.reading = False
        return Usage(self.others + self.budget.ours(), 100, 60 * 60)


def rolling(
    clock: FakeClock, others: int | None = None, **policy: float
) -> tuple[RollingBudget, Gauge | None]:
    budget = RollingBudget("tenant rolling", TENANT, clock, RollingPolicy(**policy))
    if others is None:
        return budget, None
    gauge = Gauge(budget, clock, others)
    budget.watch(gauge)
    return budget, gauge


async def calls(clock: FakeClock, budget: RollingBudget, n: int, took: float = 1.0) -> list[float]:
    """``n`` concurrent calls, each answered ``took`` seconds after its permit: when each went."""

    async def one() -> float:
        permit = await budget.acquire()
        sent = clock.now() - FAKE_EPOCH
        await clock.sleep(took)
        await budget.observe(permit, None)
        return sent

    return sorted(await asyncio.gather(*(one() for _ in range(n))))


async def test_no_more_than_our_share_goes_in_any_hour() -> None:
    clock = FakeClock()
    budget, _ = rolling(clock)
    sent = await calls(clock, budget, 60)
    assert sent[:50] == [0.0] * 50
    # The 51st waits until the first call left the period: an hour after its answer.
    assert sent[50] == HOUR + 1.0
    assert all(
        sum(1 for t in sent if at - HOUR < t <= at) <= 50 for at in sent
    )  # no rolling hour holds more than 50
    assert budget.peak == 50


async def test_the_others_use_leaves_us_less_room() -> None:
    clock = FakeClock()
    budget, gauge = rolling(clock, others=80)
    sent = await calls(clock, budget, 12)
    assert gauge is not None
    assert gauge.read_at[0] == 0.0
    # Ceiling 90 of 100, the others use 80: 10 of ours an hour (the reading is one of them).
    assert sum(1 for t in sent if t < HOUR) == 9
    assert budget.room() == 10


async def test_the_gauge_is_read_again_only_when_old_and_calls_go() -> None:
    clock = FakeClock()
    budget, gauge = rolling(clock, others=0, gauge_every=600.0)
    await calls(clock, budget, 3)
    clock.advance(5000.0)  # an idle stretch reads nothing
    assert gauge is not None
    assert len(gauge.read_at) == 1
    await calls(clock, budget, 1)
    assert len(gauge.read_at) == 2


async def test_the_gauge_is_not_read_once_our_share_is_spent() -> None:
    clock = FakeClock()
    budget, gauge = rolling(clock, others=0, gauge_every=60.0)
    await calls(clock, budget, 49)  # with the first reading: 50, our whole share
    assert gauge is not None
    assert len(gauge.read_at) == 1
    clock.advance(120.0)
    acquiring = asyncio.ensure_future(budget.acquire())
    await asyncio.sleep(0)
    assert len(gauge.read_at) == 1
    assert not acquiring.done()
    acquiring.cancel()


async def test_a_refusal_pauses_every_call_and_the_gauge_is_read_first() -> None:
    clock = FakeClock()
    budget, gauge = rolling(clock, others=0, pause=30.0)
    await calls(clock, budget, 1)
    await budget.exhaust(None)
    sent = await calls(clock, budget, 1)
    assert gauge is not None
    assert len(gauge.read_at) == 2
    assert gauge.read_at[1] == pytest.approx(31.5)
    assert sent == [pytest.approx(32.0)]


async def test_a_tenant_the_others_fill_fails_after_the_longest_wait_saying_why() -> None:
    clock = FakeClock()
    budget, gauge = rolling(clock, others=95, recheck=600.0, max_wait=3000.0)
    with pytest.raises(RateLimited) as info:
        await budget.acquire()
    assert "other integrations use about 95 of its 100 requests per 60 minutes" in str(info.value)
    assert gauge is not None
    assert len(gauge.read_at) == 5


async def test_every_tenant_endpoint_shares_one_budget_and_others_keep_their_own() -> None:
    clock = FakeClock()
    backend = InMemoryBudgets()
    tickets = backend.get("acme", Endpoint("POST", "V1.0/Tickets/query", TENANT), clock)
    notes = backend.get("acme", Endpoint("POST", "V1.0/TicketNotes/query", TENANT), clock)
    other = backend.get("other", Endpoint("POST", "V1.0/TicketNotes/query", TENANT), clock)
    tdx = backend.get("acme", Endpoint("GET", "api/tickets", Limit(60, 60)), clock)
    assert tickets is notes
    assert isinstance(tickets, RollingBudget)
    assert other is not tickets
    assert isinstance(tdx, LocalBudget)
    assert tickets.cap == 50

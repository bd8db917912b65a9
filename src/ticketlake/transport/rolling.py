"""A tenant's budget on a rolling period, shared with the tenant's other integrations.

Autotask allows a database 10,000 requests in any 60 minutes, counted for every integration the
customer runs; past that it suspends the whole tenant's API (reference A8). So the budget is
not ours: this client takes at most ``Limit.share`` of it, and never more than the others
leave. One ``RollingBudget`` serves every endpoint of the tenant (``Limit.scope == "tenant"``).

- **Our calls** are counted over the last ``period``. A call counts from when it is sent until
  a period after its *answer*: the server counted it when it arrived, somewhere in between, so
  a call never leaves our count before it leaves the server's. No call goes out while the
  count is at our share (``Limit.ours``).
- **The others' use** is read from the source (a *gauge*: Autotask's ThresholdInformation,
  which counts every integration's requests in the current hour) and taken as steady: the
  others use the reading less our calls it surely counts. No call goes out that would take the
  tenant past ``ceiling`` of its limit as far as we know, so a busy tenant slows us down, and
  the margin left absorbs the others' bursts between two readings.
- **The gauge is read sparingly and alone**: before the first call, again when the reading is
  older than ``gauge_every`` (only while calls go out), every ``recheck`` while the others
  leave no room, and after a refusal. It is read under the budget's lock (never two at once),
  is one of our calls, and is not read when our share is spent (it would go past it).
- **A refusal** (the server said the tenant is busy: ``exhaust``) pauses every call for
  ``pause`` seconds or until the time the server named, and the gauge is read before the next.

The gauge is the connector's (``watch``): an async function that makes its call without a
permit (``Transport.call(..., budgeted=False)``) and returns the tenant's ``Usage``.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ticketlake.errors import RateLimited
from ticketlake.transport.clock import Clock
from ticketlake.transport.endpoint import Limit
from ticketlake.transport.permit import BudgetState, Permit
from ticketlake.transport.quota import Quota, format_http_date


@dataclass(frozen=True)
class RollingPolicy:
    """How a shared rolling budget paces itself (seconds are the clock's)."""

    ceiling: float = 0.9
    """Never take the tenant past this share of its limit, counting the others' use."""
    gauge_every: float = 900.0
    """Read the tenant's usage again once the last reading is this old (while calls go out)."""
    recheck: float = 300.0
    """While the others leave no room, read it again this often."""
    pause: float = 60.0
    """After a refusal the server did not time, no call for this long."""
    max_wait: float = 3 * 3600.0
    """A call that would wait longer than this fails with ``RateLimited`` instead."""


@dataclass(frozen=True)
class Usage:
    """What a gauge read: the tenant's requests in the current period, every integration's,
    and the limit and period the source states (None: as documented)."""

    used: int
    limit: int | None = None
    period: float | None = None


Gauge = Callable[[], Awaitable[Usage]]


@dataclass(frozen=True)
class Reading:
    """The last gauge reading: when, what it said, and the others' use it implies."""

    at: float
    used: int
    others: int


class RollingBudget:
    """The ``Budget`` of a tenant's rolling period, shared by every endpoint of the tenant."""

    def __init__(self, key: str, limit: Limit, clock: Clock, policy: RollingPolicy) -> None:
        self.key = key
        self._clock = clock
        self._policy = policy
        self._share = limit.share
        self._limit = limit.calls
        self._period = limit.period
        self._answered: deque[float] = deque()
        """When each of our calls in the period was answered, oldest first."""
        self._sent_of_answered: deque[float] = deque()
        """When each of those was sent (the same order)."""
        self._sent: dict[int, float] = {}
        """When each call in flight was sent, by permit."""
        self._in_flight = 0
        self._issued = 0
        self._gauge: Gauge | None = None
        self.reading: Reading | None = None
        self._stale = False
        self._pause_until = 0.0
        self._answer = asyncio.Event()
        self._lock = asyncio.Lock()
        self.gauges = 0
        """How many times the gauge was read."""
        self.peak = 0
        """The most of our calls counted in one period so far."""

    @property
    def cap(self) -> int:
        """Our share of the tenant's limit (calls per period)."""
        return Limit(self._limit, self._period, share=self._share).ours

    def watch(self, gauge: Gauge) -> None:
        """Read the tenant's usage with ``gauge`` (see the module docstring)."""
        self._gauge = gauge

    async def measure(self) -> Reading:
        """Read the gauge now, alone, whatever the last reading's age (a run's first)."""
        async with self._lock:
            await self._read()
        assert self.reading is not None
        return self.reading

    def ours(self) -> int:
        """Our calls counted now: in flight, or answered within the last period."""
        now = self._clock.now()
        while self._answered and self._answered[0] <= now - self._period:
            self._answered.popleft()
            self._sent_of_answered.popleft()
        return self._in_flight + len(self._answered)

    def room(self) -> int:
        """The calls a period allows us now: our share, less what the others' use leaves
        short of the ceiling."""
        if self.reading is None:
            return self.cap
        ceiling = math.floor(self._limit * self._policy.ceiling)
        return max(0, min(self.cap, ceiling - self.reading.others))

    def state(self) -> BudgetState:
        """The room we have, our calls counted, and whether a refusal paused us."""
        closed = self._clock.now() < self._pause_until
        return BudgetState(self.key, self.room(), self.ours(), None, closed)

    async def acquire(self) -> Permit:
        """Wait until one more call fits our share and the tenant's headroom, then take it."""
        started = self._clock.now()
        async with self._lock:
            while True:
                now = self._clock.now()
                if self._due(now):
                    await self._read()
                    continue
                wait = self._wait_needed(now)
                if wait is None:  # only an answer to one of ours can make room
                    self._answer.clear()
                    await self._answer.wait()
                    continue
                if wait <= 0:
                    return self._take(now - started)
                if now + wait - started > self._policy.max_wait:
                    raise self._too_long(now - started + wait)
                await self._clock.sleep(self._slept(now, wait))

    def _slept(self, now: float, wait: float) -> float:
        """How long to sleep before looking again: while the others leave no room at all,
        no longer than until the gauge is due again."""
        if self._gauge is None or self.reading is None or self.room() > 0:
            return wait
        return max(0.0, min(wait, self.reading.at + self._policy.recheck - now))

    def _due(self, now: float) -> bool:
        """Whether to read the gauge before the next call. Never while our share is spent
        (it would go past it), nor while we wait for our own calls to leave the period (each
        reading is one of ours: it would take the room we wait for); while the others leave
        no room at all, every ``recheck``; else once the reading is ``gauge_every`` old."""
        if self._gauge is None or now < self._pause_until:
            return False
        ours = self.ours()
        if ours >= self.cap:
            return False
        if self.reading is None or self._stale:
            return True
        room = self.room()
        if room == 0:
            return now >= self.reading.at + self._policy.recheck
        return ours < room and now >= self.reading.at + self._policy.gauge_every

    def _wait_needed(self, now: float) -> float | None:
        """Seconds until the next call may go (0: now); None: wait for an answer first."""
        if now < self._pause_until:
            return self._pause_until - now
        ours, room = self.ours(), self.room()
        if ours < room:
            return 0.0
        if room == 0 and ours == 0:  # the others use it all: look again later
            return self._policy.recheck
        older = ours - room  # this many of ours must leave the period first
        if older >= len(self._answered):
            return None if self._in_flight else self._policy.recheck
        return self._answered[older] + self._period - now

    def _take(self, waited: float) -> Permit:
        self._in_flight += 1
        self._issued += 1
        self._sent[self._issued] = self._clock.now()
        self.peak = max(self.peak, self.ours())
        return Permit(self._issued, waited)

    async def _read(self) -> None:
        """Read the gauge (one of our calls, counted as such) and adopt what it says."""
        assert self._gauge is not None
        self._in_flight += 1
        sent = self._clock.now()
        try:
            usage = await self._gauge()
        finally:
            self._answered_one(sent)
        self.gauges += 1
        self._stale = False
        if usage.limit:
            self._limit = usage.limit
        if usage.period:
            self._period = usage.period
        now = self._clock.now()
        self.reading = Reading(now, usage.used, max(0, usage.used - self._counted(now)))

    def _counted(self, now: float) -> int:
        """Our calls the reading surely counts: answered, and sent within the period (so they
        reached the server within it). A call in flight, or sent just before the period, may
        not be in the reading: it is then the others' in this estimate, an overestimate."""
        self.ours()
        return sum(1 for sent in self._sent_of_answered if sent > now - self._period)

    def _answered_one(self, sent: float) -> None:
        self._in_flight = max(0, self._in_flight - 1)
        self._answered.append(self._clock.now())
        self._sent_of_answered.append(sent)
        self._answer.set()

    async def observe(self, permit: Permit, quota: Quota | None) -> None:
        """The call of ``permit`` was answered (or failed): it counts a period from now."""
        self._answered_one(self._sent.pop(permit.seq, self._clock.now()))

    async def exhaust(self, until: float | None) -> None:
        """The server refused a call as too many: pause, and read the gauge before the next."""
        now = self._clock.now()
        self._pause_until = (
            until if until is not None and until > now else now + (self._policy.pause)
        )
        self._stale = True

    def _too_long(self, wait: float) -> RateLimited:
        reading = self.reading
        if reading is not None and self.room() < self.cap:
            why = (
                f"the tenant's other integrations use about {reading.others:,} of its "
                f"{self._limit:,} requests per {_minutes(self._period)}, leaving ticketlake "
                f"{self.room():,}"
            )
        else:
            why = f"ticketlake's share of the tenant's budget ({self.cap:,} calls) is spent"
        until = format_http_date(self._clock.now() + wait)
        return RateLimited(
            f"{why}; the next call could go only at {until} ({wait / 3600:.1f} h away)",
            endpoint=self.key,
            fix="run the sync again later (it resumes where it stopped), or raise the share",
        )


def _minutes(period: float) -> str:
    return f"{period / 60:g} minutes"

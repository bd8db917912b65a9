"""Budgets: how many calls an endpoint may still receive in its current window, and when.

One budget per (connection, endpoint key). It starts from the endpoint's documented ``Limit``
and counts calls in a fixed window anchored at the first call, as TeamDynamix does ("the window
starts with the first request made and resets a specified number of seconds after that
point"). Every response's ``X-RateLimit-*`` headers correct it: the server's limit, its count
and its reset win over our estimate. A call waits for its budget *before* it is sent; a 429
means our estimate was wrong, and the budget is closed until the reset the server announced.

When a window closes, no call goes out until ``reset + margin``: the server's window may end a
little later than our estimate of it (latency, a reset rounded down to the second), and a call
sent in between would count against the window that is already spent. TeamDynamix asks for at
least 5 s "for clock skew and time-zone differences"; we remove both at the source (the reset
is read on the server's clock, through the response's ``Date`` header, and RFC 1123 is GMT),
so a window we spent ourselves reopens after 2 s, as the best client the reference found
(TeamDynamix-PowerShell) does. Paying 5 s on every window would cost 8 % of every backfill.
The full 5 s applies after a 429 (the server said our estimate was wrong), and while the reset
was read without knowing the server's clock (no ``Date`` header seen yet).

Calls still on their way are what a count cannot see, and a scaled clock (a simulator at 60×
real time) or a busy machine turns a real second of delay into a minute of window. Two rules
keep every window within its limit whatever the order calls arrive and answers return in:

- within one server window, our count is the highest count the server gave in it plus the
  calls still in flight (and those answered without a count): answers come back out of order
  under load, and a call the server has not counted yet is one we have not heard back from.
  A reset of its own means another window, and the server's count replaces ours;
- a window is not reopened while calls taken in the one closing are unanswered: such a call
  may reach the server after its reset and open (and count in) the server's next window; its
  answer says so, and the next window starts from what it says. In the usual, budget-bound
  regime every call of a window is answered long before the window ends, so this costs nothing;
- without a reset of the server's to go by (no headers, or one misread), a window is taken to
  end a period after its first call's *answer*: the server's window opened when that call
  reached it, which may be well after we sent it.

Budgets sit behind ``BudgetBackend``: in this process (``InMemoryBudgets``), or shared by
several workers through Redis or Postgres (:mod:`.shared`). A limit with ``tenant``
scope is one budget for every endpoint that carries it (Autotask's hourly threshold); a
``rolling`` one is counted over any period, shared with the tenant's other integrations
(``rolling.py``).

An UNCONFIRMED or undocumented limit (``Endpoint.confirmed=False`` or no ``Limit``) is probed:
the first call goes alone and the others wait for its answer's headers.

pyrate-limiter (4.5) was considered for the counting and not used: its windows are sliding, GCRA
or a ``FixedWindow`` aligned to the wall clock (``now - now % interval``), not anchored at the
first call as TDX's are; it keeps its own millisecond clocks; its algorithm interface is
internal in v4; and the server's headers must be able to overwrite the count and the reset.
That correction is the hard part and would sit beside the library rather than inside it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

from ticketlake.errors import RateLimited
from ticketlake.transport.clock import Clock
from ticketlake.transport.endpoint import Endpoint
from ticketlake.transport.gate import CallGate
from ticketlake.transport.permit import BudgetState, Permit
from ticketlake.transport.quota import Quota, format_http_date
from ticketlake.transport.rolling import RollingBudget, RollingPolicy

__all__ = [
    "Budget",
    "BudgetBackend",
    "BudgetPolicy",
    "BudgetState",
    "InMemoryBudgets",
    "LocalBudget",
    "Permit",
]

SAME_WINDOW = 3.0
"""Two resets this close (seconds) end the same window: the server's reset is read to the
second, on a clock known to the second."""


@dataclass(frozen=True)
class BudgetPolicy:
    """How budgets wait.

    ``margin``: seconds past a window's reset (on the server's clock) before the next window is
    used, when we spent the window ourselves.
    ``after_429``: the margin when the server refused a call with 429 (TDX asks for >= 5 s).
    ``default_period``: window length for an endpoint whose window is not documented.
    ``max_wait``: a single wait longer than this raises ``RateLimited`` instead of waiting
    (a reset hours away usually means a misread header or a spent daily quota).
    """

    margin: float = 2.0
    after_429: float = 5.0
    default_period: float = 60.0
    max_wait: float = 3600.0


class Budget(Protocol):
    """One endpoint's budget for one connection."""

    key: str

    async def acquire(self) -> Permit:
        """Wait until one more call fits in the budget, then take it."""
        ...

    async def observe(self, permit: Permit, quota: Quota | None) -> None:
        """Correct the budget from the response to ``permit``'s call.

        Called once for every permit, after its call ended: ``quota`` is None when the answer
        had no rate-limit headers or no answer came.
        """
        ...

    async def exhaust(self, until: float | None) -> None:
        """The server refused (429): nothing goes out before ``until`` (client time)."""
        ...

    def state(self) -> BudgetState:
        """The current counts, cheap to read."""
        ...


class BudgetBackend(Protocol):
    """Where budgets live: in this process, or shared between workers."""

    def get(self, connection: str, endpoint: Endpoint, clock: Clock) -> Budget:
        """The budget of ``endpoint`` for ``connection`` (created on first use)."""
        ...

    def gate(self, connection: str, endpoint: Endpoint) -> CallGate | None:
        """A cap on ``endpoint``'s concurrent calls shared beyond this transport; None: the
        transport keeps its own (``Gate``), as for an endpoint without a cap."""
        ...


class LocalBudget:
    """A budget counted in this process; concurrent callers queue on one lock."""

    def __init__(self, key: str, endpoint: Endpoint, clock: Clock, policy: BudgetPolicy) -> None:
        self.key = key
        self._clock = clock
        self._policy = policy
        limit = endpoint.limit
        self._limit: int | None = limit.calls if limit else None
        self._period = limit.period if limit else policy.default_period
        self._used = 0
        self._reset_at: float | None = None
        self._issued = 0
        self._closed = False  # the server said 429: spent whatever our count says
        self._reset_exact = True  # the reset is on our clock, not off by an unknown skew
        # An UNCONFIRMED or undocumented limit is learnt before it is trusted: the first call
        # goes alone and the others wait for its answer's headers, so a wrong documented limit
        # costs no burst of 429s.
        self._probe_first = limit is None or not endpoint.confirmed
        self._probe: asyncio.Future[None] | None = None
        self._probe_seq = 0
        self._in_flight = 0
        """Permits taken and not answered yet (``observe`` answers each one)."""
        self._counted = 0
        """The highest count the server gave in the current window."""
        self._unheard: list[int] = []
        """Calls of the current window answered without a count: for each, the last permit
        issued when its answer came (a count given to a later permit includes it)."""
        self._window_first = 0
        """The permit that opened the current window (our estimate of it starts there)."""
        self._drained = asyncio.Event()
        self._drained.set()
        self._lock = asyncio.Lock()

    def state(self) -> BudgetState:
        """The current counts."""
        return BudgetState(self.key, self._limit, self._used, self._reset_at, self._closed)

    async def acquire(self) -> Permit:
        """Wait for room in the window (reset + margin when it is spent), then take a call.

        The permit's ``waited`` counts queueing behind other callers of this budget too.
        """
        started = self._clock.now()
        async with self._lock:
            while True:
                if self._probe is not None and not self._probe.done():
                    await asyncio.wait({self._probe})  # wait, never cancel the probe
                    continue
                now = self._clock.now()
                wait = self._wait_needed(now)
                if wait is None:  # the closing window's calls are still out: hear them first
                    await self._drained.wait()
                    continue
                if wait <= 0:
                    return self._take(now, now - started)
                if wait > self._policy.max_wait:
                    raise self._too_long(wait)
                await self._clock.sleep(wait)

    def _margin(self) -> float:
        exact = self._reset_exact and not self._closed
        return self._policy.margin if exact else self._policy.after_429

    def _wait_needed(self, now: float) -> float | None:
        """Seconds to wait before the next call may go; ``None``: first wait for the calls of
        the window that just closed to be answered."""
        if self._reset_at is not None and now >= self._reset_at:
            reopen = self._reset_at + self._margin()
            if now < reopen:
                return reopen - now
            if self._in_flight:
                return None
            self._used, self._counted, self._unheard = 0, 0, []
            self._reset_at, self._closed = None, False
            self._reset_exact = True
        if not self._closed and (self._limit is None or self._used < self._limit):
            return 0.0
        if self._reset_at is None:  # spent, but the server never said until when
            self._reset_at = now + self._period
        return self._reset_at + self._margin() - now

    def _take(self, now: float, waited: float) -> Permit:
        self._used += 1
        self._issued += 1
        self._in_flight += 1
        self._drained.clear()
        if self._reset_at is None and self._limit is not None:
            self._reset_at = now + self._period
            self._window_first = self._issued
        if self._probe_first and self._probe is None:
            self._probe = asyncio.get_running_loop().create_future()
            self._probe_seq = self._issued
        return Permit(self._issued, waited)

    def _too_long(self, wait: float) -> RateLimited:
        until = format_http_date(self._clock.now() + wait)
        return RateLimited(
            f"the budget of {self.key} is spent until {until} ({wait:.0f} s away)",
            endpoint=self.key,
            fix="run the sync again later, or raise BudgetPolicy.max_wait",
        )

    async def observe(self, permit: Permit, quota: Quota | None) -> None:
        """Adopt the server's limit, count and reset (None: the call got no rate headers).

        The server's count only grows within a window, so the highest it gave in this window
        (a late answer may carry a lower one) counts every call answered with a count; a call
        that reached the server later is still unanswered, or was answered without a count.
        Ours is therefore that highest count plus the calls in flight plus those answered
        without one: never below the server's true count, and no higher. (Adding every call
        *sent* after the answered one, as this did before, counted again those whose answers
        had already come back: at 12 calls in flight on a busy machine a 60-call window was
        closed after about 46.) A reset of its own means another window, and the server's
        count replaces ours.
        """
        self._in_flight = max(0, self._in_flight - 1)
        if not self._in_flight:
            self._drained.set()
        if self._probe is not None and permit.seq == self._probe_seq and not self._probe.done():
            self._probe.set_result(None)
        now = self._clock.now()
        adopted = self._adopt(permit, quota, now)
        if not adopted and permit.seq == self._window_first and self._reset_at is not None:
            # The server's window opened when this call reached it, after we sent it and
            # before its answer came back: without a reset of the server's to go by, the window
            # is taken to end a period after the answer, not after the send.
            self._reset_at = max(self._reset_at, now + self._period)

    def _adopt(self, permit: Permit, quota: Quota | None, now: float) -> bool:
        """Take the server's limit, count and reset from an answer; whether its reset was
        adopted."""
        if quota is None:
            self._unheard.append(self._issued)
            return False
        if quota.limit is not None:
            self._limit = quota.limit
        if quota.reset_at is not None and quota.reset_at <= now:
            return False  # a window that is already over tells nothing about the current one
        if quota.remaining is None or self._limit is None:
            self._unheard.append(self._issued)
        else:
            counted = max(0, self._limit - quota.remaining)
            # Without a reset of its own the answer is taken to be of the window we count in
            # (ours starts from 0 when it reopens): a late, lower count must not lower ours.
            if quota.reset_at is None or _same_window(self._reset_at, quota.reset_at):
                counted = max(counted, self._counted)
            # answered before this call was sent: they reached the server before it did
            self._unheard = [mark for mark in self._unheard if mark >= permit.seq]
            self._counted = counted
            self._used = counted + self._in_flight + len(self._unheard)
        if quota.reset_at is not None and quota.reset_at <= now + self._longest_window():
            self._reset_at = quota.reset_at
            self._reset_exact = quota.clock_known
            return True
        # A reset further away than any window of this endpoint is a clock or time zone
        # misread (TDX warns of both): our own estimate of the window stands.
        return False

    def _longest_window(self) -> float:
        return 2 * self._period + self._policy.after_429

    async def exhaust(self, until: float | None) -> None:
        """Close the window: spent until ``until``, or until the end of the current window."""
        now = self._clock.now()
        if until is None or until <= now:
            until = (
                self._reset_at if self._reset_at and self._reset_at > now else now + self._period
            )
        self._reset_at = until
        self._closed = True


def _same_window(ours: float | None, theirs: float | None) -> bool:
    return ours is not None and theirs is not None and abs(ours - theirs) <= SAME_WINDOW


class InMemoryBudgets:
    """The default backend: budgets in a dict, valid for one process and one event loop.

    Several transports given the same backend share budgets (two streams of one connection).
    Endpoints whose limit has ``tenant`` scope share one budget per connection.
    """

    def __init__(
        self, policy: BudgetPolicy | None = None, rolling: RollingPolicy | None = None
    ) -> None:
        self.policy = policy or BudgetPolicy()
        self.rolling = rolling or RollingPolicy()
        self._budgets: dict[tuple[str, str], LocalBudget | RollingBudget] = {}

    def gate(self, connection: str, endpoint: Endpoint) -> CallGate | None:
        """None: in one process, each transport's own ``Gate`` caps its calls."""
        return None

    def get(self, connection: str, endpoint: Endpoint, clock: Clock) -> LocalBudget | RollingBudget:
        """The budget of ``endpoint`` for ``connection`` (the tenant's, for a shared limit)."""
        limit = endpoint.limit
        shared = limit is not None and limit.shared
        key = (connection, f"tenant {limit.tenant_key}" if shared and limit else endpoint.key)
        budget = self._budgets.get(key)
        if budget is None:
            if shared and limit is not None and limit.window == "rolling":
                budget = RollingBudget(key[1], limit, clock, self.rolling)
            else:
                budget = LocalBudget(key[1], endpoint, clock, self.policy)
            self._budgets[key] = budget
        return budget

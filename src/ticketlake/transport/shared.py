"""Budgets shared by every worker: ``SharedBudgets``, a ``BudgetBackend`` over a store of steps.

Each reservation is one atomic step in a store every worker reaches (:mod:`.steps`): a Lua
script in Redis (``RedisBudgets``) or a transaction in Postgres (``PostgresBudgets``), so two
workers never take the last call of a window both. Times inside the store are *real*
milliseconds read from its own clock: the workers' clocks need not agree, and a simulator's
time scale converts at the edge (a 60 s window at scale 100 is 600 real ms), because scaled
clocks of different processes start apart.

Keys follow ``Limit.scope`` (docs/scale.md):

- ``ip`` (TeamDynamix: per client IP): one window per (egress identity, host, endpoint), so
  workers behind one egress IP share it and the egress is configurable
  (``TICKETLAKE_EGRESS_ID``): nothing says whether TeamDynamix counts per tenant host;
- ``tenant``/``org``/``user`` (Autotask's database, Teamwork's account): one budget per tenant
  identity (the connection's address and user name), whatever the endpoint for a ``tenant``
  limit.

A fixed window opens at its first call, as TeamDynamix's do, and is corrected by the server's
headers, only ever towards waiting: its count never drops below the server's, its reset never
comes earlier than the server's. A window is not reopened while calls taken in it are unanswered
(at most one more period: a dead worker's calls do not hold it forever). A rolling tenant limit
(Autotask) keeps the tenant's gauge reading of ``RollingBudget`` in each process and adds a
sliding log in the store, so the workers' calls together stay within our share.

When the store cannot be reached a call waits and asks again; when it comes back empty
(restarted without its data), no fixed window opens before one period has passed (``SINCE``):
the budgets err on the side of waiting, never of spending what cannot be counted.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Required, TypedDict

from ticketlake.transport.budget import BudgetPolicy
from ticketlake.transport.clock import Clock
from ticketlake.transport.endpoint import Endpoint, Limit
from ticketlake.transport.permit import BudgetState, Permit
from ticketlake.transport.quota import Quota
from ticketlake.transport.rolling import RollingBudget, RollingPolicy
from ticketlake.transport.sharedgate import SharedGate
from ticketlake.transport.steps import Steps

logger = logging.getLogger("ticketlake.transport")

PREFIX = "ticketlake:budget:"
CALL_TIMEOUT = 30.0
"""A call's timeout when its endpoint names none (the transport's default)."""
SINCE = PREFIX + "since"
"""When the store's budgets began. Missing, the store lost them (restarted empty, flushed): the
server's windows may still hold calls we no longer count, so no window opens before one full
period has passed since (every window the server had open by then has ended)."""


def _ms(seconds: float, scale: float) -> int:
    return max(1, round(seconds / scale * 1000))


class SharedBudget:
    """One fixed-window budget kept in the shared store (``Budget``)."""

    def __init__(
        self, key: str, endpoint: Endpoint, clock: Clock, policy: BudgetPolicy, steps: Steps
    ) -> None:
        self.key = key
        self._store_key = PREFIX + key
        self._clock = clock
        self._scale = float(getattr(clock, "scale", 1.0))
        self._policy = policy
        self._steps = steps
        limit = endpoint.limit
        self._limit = limit.ours if limit else 1  # undocumented: one call a period, as probed
        self._period = limit.period if limit else policy.default_period
        self._state = BudgetState(key, self._limit, 0, None, False)

    def _ttl(self) -> int:
        return _ms(4 * self._period + self._policy.after_429, self._scale)

    async def acquire(self) -> Permit:
        """Wait until the shared window has room, then take one call in it."""
        started = self._clock.now()
        args = (
            self._limit,
            _ms(self._period, self._scale),
            _ms(self._policy.margin, self._scale),
            _ms(self._policy.after_429, self._scale),
            self._ttl(),
        )
        while True:
            granted, wait_ms, used, limit = await self._steps.run(
                "acquire", self._store_key, *args, also=(SINCE,)
            )
            self._state = BudgetState(self.key, int(limit), int(used), None, not granted)
            if granted:
                return Permit(0, self._clock.now() - started)
            await self._clock.sleep(int(wait_ms) / 1000 * self._scale)

    async def observe(self, permit: Permit, quota: Quota | None) -> None:
        """Count the answer and adopt what the server's headers say, towards waiting."""
        counted = ahead = limit = -1
        if quota is not None:
            if quota.limit is not None:
                limit = quota.limit
            known = quota.limit if quota.limit is not None else self._limit
            if quota.remaining is not None:
                counted = max(0, known - quota.remaining)
            if quota.reset_at is not None and quota.reset_at > self._clock.now():
                ahead = _ms(quota.reset_at - self._clock.now() + self._policy.margin, self._scale)
        longest = _ms(2 * self._period + self._policy.after_429, self._scale)
        await self._steps.run(
            "observe", self._store_key, counted, ahead, limit, longest, self._ttl(), patient=False
        )

    async def exhaust(self, until: float | None) -> None:
        """The server said 429: the window is closed until ``until`` (or its end)."""
        now = self._clock.now()
        wait = until - now if until is not None and until > now else self._period
        await self._steps.run("exhaust", self._store_key, _ms(wait, self._scale), self._ttl())

    def state(self) -> BudgetState:
        """The counts as of this process's last reservation."""
        return self._state


class SharedRollingBudget(RollingBudget):
    """A tenant's rolling budget: this process reads the tenant's gauge as ``RollingBudget``
    does, and every worker's calls together stay within our share through a shared log."""

    def __init__(
        self, key: str, limit: Limit, clock: Clock, policy: RollingPolicy, steps: Steps
    ) -> None:
        super().__init__(key, limit, clock, policy)
        self._log = PREFIX + "rolling:" + key
        self._shared = steps
        self._ids: dict[int, str] = {}
        self._scale_of = float(getattr(clock, "scale", 1.0))
        self._span = limit.period

    async def acquire(self) -> Permit:
        """Room here (the tenant's gauge), then room in the workers' shared log."""
        permit = await super().acquire()
        call = uuid.uuid4().hex
        waited = 0.0
        while True:
            wait_ms = await self._shared.run(
                "rolling_take", self._log, self.cap, _ms(self._span, self._scale_of), call
            )
            if not wait_ms:
                break
            seconds = int(wait_ms) / 1000 * self._scale_of
            waited += seconds
            await self._clock.sleep(seconds)
        self._ids[permit.seq] = call
        return Permit(permit.seq, permit.waited + waited)

    async def observe(self, permit: Permit, quota: Quota | None) -> None:
        """Count the call until a period after its answer, here and in the shared log."""
        await super().observe(permit, quota)
        call = self._ids.pop(permit.seq, None)
        if call is not None:
            await self._shared.run("rolling_answered", self._log, call, patient=False)


Identity = Callable[[str], str]
"""A connection's tenant identity (its address and user), by connection name."""


class SharedOptions(TypedDict, total=False):
    """How a shared backend keys and paces its budgets (``SharedBudgets``' keywords)."""

    identity: Required[Identity]
    host: Required[Identity]
    egress: str
    policy: BudgetPolicy | None
    rolling: RollingPolicy | None


class SharedBudgets:
    """``BudgetBackend`` shared by every worker through ``steps``, keyed by each limit's scope
    (see the module docstring). ``identity`` and ``host`` say whose tenant and which host a
    connection's calls count against; ``egress`` names the public address they leave from."""

    def __init__(
        self,
        steps: Steps,
        *,
        identity: Identity,
        host: Identity,
        egress: str = "default",
        policy: BudgetPolicy | None = None,
        rolling: RollingPolicy | None = None,
    ) -> None:
        self._steps = steps
        self._identity = identity
        self._host = host
        self.egress = egress
        self.policy = policy or BudgetPolicy()
        self.rolling = rolling or RollingPolicy()
        self._budgets: dict[str, SharedBudget | SharedRollingBudget] = {}

    def key(self, connection: str, endpoint: Endpoint) -> str:
        """Where ``endpoint``'s budget lives for ``connection``."""
        limit = endpoint.limit or Limit(1, self.policy.default_period)
        if limit.scope == "ip":
            return f"ip:{self.egress}:{self._host(connection)}:{endpoint.key}"
        if limit.shared:
            return f"tenant:{self._identity(connection)}:{limit.tenant_key}"
        return f"{limit.scope}:{self._identity(connection)}:{endpoint.key}"

    def get(
        self, connection: str, endpoint: Endpoint, clock: Clock
    ) -> SharedBudget | SharedRollingBudget:
        """The shared budget of ``endpoint`` for ``connection``."""
        key = self.key(connection, endpoint)
        budget = self._budgets.get(key)
        if budget is None:
            limit = endpoint.limit
            if limit is not None and limit.shared and limit.window == "rolling":
                budget = SharedRollingBudget(key, limit, clock, self.rolling, self._steps)
            else:
                budget = SharedBudget(key, endpoint, clock, self.policy, self._steps)
            self._budgets[key] = budget
        return budget

    def gate(self, connection: str, endpoint: Endpoint) -> SharedGate | None:
        """The cap on ``endpoint``'s concurrent calls, shared by the workers syncing the tenant
        (None when the endpoint has no cap). One per transport: its width narrows alone."""
        if not endpoint.parallel:
            return None
        key = f"{PREFIX}gate:{self._identity(connection)}:{endpoint.gate}"
        return SharedGate(key, endpoint.parallel, endpoint.timeout or CALL_TIMEOUT, self._steps)

    async def aclose(self) -> None:
        """Close the connection to the store."""
        await self._steps.aclose()

"""Budgets shared by every worker through Redis: ``RedisBudgets``, a ``BudgetBackend``.

Each reservation is one Lua script, so two workers never take the last call of a window both.
Times inside Redis are *real* milliseconds read from Redis's own clock (``TIME``): the workers'
clocks need not agree, and a simulator's time scale converts at the edge (a 60 s window at
scale 100 is 600 real ms), because scaled clocks of different processes start apart.

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
sliding log in Redis, so the workers' calls together stay within our share.

When Redis cannot be reached a call waits and asks again; when it comes back empty (restarted
without its data), no fixed window opens before one period has passed (``SINCE``): the budgets
err on the side of waiting, never of spending what cannot be counted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import redis.asyncio as aioredis

from ticketlake.transport.budget import BudgetPolicy
from ticketlake.transport.clock import Clock
from ticketlake.transport.endpoint import Endpoint, Limit
from ticketlake.transport.permit import BudgetState, Permit
from ticketlake.transport.quota import Quota
from ticketlake.transport.redisscripts import NOW, Scripts
from ticketlake.transport.rolling import RollingBudget, RollingPolicy
from ticketlake.transport.sharedgate import SCRIPTS as GATE_SCRIPTS
from ticketlake.transport.sharedgate import SharedGate

logger = logging.getLogger("ticketlake.transport")

PREFIX = "ticketlake:budget:"
CALL_TIMEOUT = 30.0
"""A call's timeout when its endpoint names none (the transport's default)."""
SINCE = PREFIX + "since"
"""When this Redis's budgets began. Missing, Redis lost them (restarted empty, flushed): the
server's windows may still hold calls we no longer count, so no window opens before one full
period has passed since (every window the server had open by then has ended)."""


# KEYS[1] the window, KEYS[2] when this Redis's budgets began (SINCE);
# ARGV: limit, period, margin, margin after a 429, ttl (ms).
# Returns {granted (1/0), wait ms, used, limit}.
_ACQUIRE = (
    NOW
    + """
local period, margin, after429 = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local since = tonumber(redis.call('GET', KEYS[2]))
if not since then
  since = now
  redis.call('SET', KEYS[2], since)
end
if now < since + period and redis.call('EXISTS', KEYS[1]) == 0 then
  return {0, since + period - now, 0, tonumber(ARGV[1])}
end
local h = redis.call('HMGET', KEYS[1], 'used', 'reset', 'inflight', 'closed', 'limit')
local used, reset = tonumber(h[1]) or 0, tonumber(h[2])
local inflight, closed = tonumber(h[3]) or 0, tonumber(h[4]) or 0
local limit = tonumber(h[5]) or tonumber(ARGV[1])
if reset and now >= reset then
  local m = margin
  if closed == 1 then m = after429 end
  if now < reset + m then return {0, reset + m - now, used, limit} end
  if inflight > 0 and now < reset + m + period then return {0, 20, used, limit} end
  used, reset, closed, inflight = 0, nil, 0, 0
end
if closed == 0 and used < limit then
  used, inflight = used + 1, inflight + 1
  if not reset then reset = now + period end
  redis.call('HSET', KEYS[1], 'used', used, 'reset', reset, 'inflight', inflight, 'closed', 0)
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
  return {1, 0, used, limit}
end
if not reset then
  reset = now + period
  redis.call('HSET', KEYS[1], 'reset', reset)
end
return {0, reset + margin - now, used, limit}
"""
)

# KEYS[1]; ARGV: server's count (-1), ms to the server's reset (-1), server's limit (-1),
# longest plausible window (ms), ttl (ms)
_OBSERVE = (
    NOW
    + """
local h = redis.call('HMGET', KEYS[1], 'used', 'reset', 'inflight')
if not h[2] then return 0 end
local used, reset, inflight = tonumber(h[1]) or 0, tonumber(h[2]), tonumber(h[3]) or 0
local counted, ahead, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if limit >= 0 then redis.call('HSET', KEYS[1], 'limit', limit) end
if ahead > 0 and ahead <= tonumber(ARGV[4]) then
  if now + ahead > reset then reset = now + ahead end
  if counted > used then used = counted end
end
if inflight > 0 then inflight = inflight - 1 end
redis.call('HSET', KEYS[1], 'used', used, 'reset', reset, 'inflight', inflight)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
return 1
"""
)

# KEYS[1]; ARGV: ms until the window may reopen, ttl (ms)
_EXHAUST = (
    NOW
    + """
local reset = tonumber(redis.call('HGET', KEYS[1], 'reset')) or now
if now + tonumber(ARGV[1]) > reset then reset = now + tonumber(ARGV[1]) end
redis.call('HSET', KEYS[1], 'reset', reset, 'closed', 1)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
"""
)

# A sliding log: KEYS[1] a sorted set of calls by time; ARGV: cap, period (ms), call id.
# Returns wait ms (0: taken).
_ROLLING_TAKE = (
    NOW
    + """
local period = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], period * 2)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + period - now)
"""
)

# A call counts until a period after its answer: move it to the answer's time.
_ROLLING_ANSWERED = (
    NOW
    + """
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 1
"""
)

SCRIPTS = {
    "acquire": _ACQUIRE,
    "observe": _OBSERVE,
    "exhaust": _EXHAUST,
    "rolling_take": _ROLLING_TAKE,
    "rolling_answered": _ROLLING_ANSWERED,
    **GATE_SCRIPTS,
}


def _ms(seconds: float, scale: float) -> int:
    return max(1, round(seconds / scale * 1000))


class RedisBudget:
    """One fixed-window budget kept in Redis (``Budget``)."""

    def __init__(
        self, key: str, endpoint: Endpoint, clock: Clock, policy: BudgetPolicy, redis: Scripts
    ) -> None:
        self.key = key
        self._redis_key = PREFIX + key
        self._clock = clock
        self._scale = float(getattr(clock, "scale", 1.0))
        self._policy = policy
        self._redis = redis
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
            granted, wait_ms, used, limit = await self._redis.run(
                "acquire", self._redis_key, *args, also=(SINCE,)
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
        await self._redis.run(
            "observe", self._redis_key, counted, ahead, limit, longest, self._ttl(), patient=False
        )

    async def exhaust(self, until: float | None) -> None:
        """The server said 429: the window is closed until ``until`` (or its end)."""
        now = self._clock.now()
        wait = until - now if until is not None and until > now else self._period
        await self._redis.run("exhaust", self._redis_key, _ms(wait, self._scale), self._ttl())

    def state(self) -> BudgetState:
        """The counts as of this process's last reservation."""
        return self._state


class SharedRollingBudget(RollingBudget):
    """A tenant's rolling budget: this process reads the tenant's gauge as ``RollingBudget``
    does, and every worker's calls together stay within our share through a log in Redis."""

    def __init__(
        self, key: str, limit: Limit, clock: Clock, policy: RollingPolicy, redis: Scripts
    ) -> None:
        super().__init__(key, limit, clock, policy)
        self._log = PREFIX + "rolling:" + key
        self._shared = redis
        self._ids: dict[int, str] = {}
        self._scale_of = float(getattr(clock, "scale", 1.0))
        self._span = limit.period

    async def acquire(self) -> Permit:
        """Room here (the tenant's gauge), then room in the workers' shared log."""
        permit = await super().acquire()
        call = str(await self._shared.incr(self._log + ":seq"))
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


class RedisBudgets:
    """``BudgetBackend`` in Redis, keyed by each limit's scope (see the module docstring)."""

    def __init__(
        self,
        client: aioredis.Redis,
        *,
        identity: Identity,
        host: Identity,
        egress: str = "default",
        policy: BudgetPolicy | None = None,
        rolling: RollingPolicy | None = None,
    ) -> None:
        self._redis = Scripts(client, SCRIPTS)
        self._identity = identity
        self._host = host
        self.egress = egress
        self.policy = policy or BudgetPolicy()
        self.rolling = rolling or RollingPolicy()
        self._budgets: dict[str, RedisBudget | SharedRollingBudget] = {}

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
    ) -> RedisBudget | SharedRollingBudget:
        """The shared budget of ``endpoint`` for ``connection``."""
        key = self.key(connection, endpoint)
        budget = self._budgets.get(key)
        if budget is None:
            limit = endpoint.limit
            if limit is not None and limit.shared and limit.window == "rolling":
                budget = SharedRollingBudget(key, limit, clock, self.rolling, self._redis)
            else:
                budget = RedisBudget(key, endpoint, clock, self.policy, self._redis)
            self._budgets[key] = budget
        return budget

    def gate(self, connection: str, endpoint: Endpoint) -> SharedGate | None:
        """The cap on ``endpoint``'s concurrent calls, shared by the workers syncing the tenant
        (None when the endpoint has no cap). One per transport: its width narrows alone."""
        if not endpoint.parallel:
            return None
        key = f"{PREFIX}gate:{self._identity(connection)}:{endpoint.gate}"
        return SharedGate(key, endpoint.parallel, endpoint.timeout or CALL_TIMEOUT, self._redis)

    async def aclose(self) -> None:
        """Close the Redis connection."""
        await self._redis.client.aclose()

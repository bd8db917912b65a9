"""Shared budgets in Redis: each step one Lua script, and ``RedisBudgets``.

A script is one atomic step (two workers never take the last call of a window both), timed by
Redis's own clock (``NOW``, real milliseconds) so the workers' clocks need not agree. What
each step does is documented in :mod:`.shared` and :mod:`.sharedgate`; :mod:`.pgbudgets` does
the same in Postgres.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from ticketlake.transport.shared import SharedBudgets, SharedOptions
from ticketlake.transport.steps import Args, Steps

NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""
"""Lua: ``now``, Redis's clock in milliseconds (prefix of every timed script)."""


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

# KEYS[1] the places; ARGV: width, place ttl (ms), member. Returns 1 when a place was taken.
_GATE_ENTER = (
    NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return 1
end
return 0
"""
)
_GATE_LEAVE = "redis.call('ZREM', KEYS[1], ARGV[1])\nreturn 1\n"
SCRIPTS = {
    "acquire": _ACQUIRE,
    "observe": _OBSERVE,
    "exhaust": _EXHAUST,
    "rolling_take": _ROLLING_TAKE,
    "rolling_answered": _ROLLING_ANSWERED,
    "gate_enter": _GATE_ENTER,
    "gate_leave": _GATE_LEAVE,
}


class Scripts(Steps):
    """The scripts on one client, each run retried while Redis is unreachable."""

    def __init__(self, client: aioredis.Redis, scripts: Mapping[str, str] = SCRIPTS) -> None:
        super().__init__("Redis", (RedisError, OSError))
        self.client = client
        self._scripts = {name: client.register_script(text) for name, text in scripts.items()}

    async def _step(self, step: str, key: str, also: tuple[str, ...], args: Args) -> Any:
        return await self._scripts[step](keys=[key, *also], args=list(args))

    async def aclose(self) -> None:
        """Close the Redis connection."""
        await self.client.aclose()


class RedisBudgets(SharedBudgets):
    """``BudgetBackend`` in Redis (``TICKETLAKE_BUDGETS=redis``, the default at scale)."""

    def __init__(self, client: aioredis.Redis, **options: Unpack[SharedOptions]) -> None:
        super().__init__(Scripts(client), **options)

"""A cap on an endpoint's concurrent calls shared by every worker: a semaphore in Redis.

Autotask allows 3 concurrent calls per tracking identifier and object endpoint (reference A8),
counted across every client of one API user: two workers syncing one tenant each keeping their
own ``Gate`` of 3 would send 6. ``SharedGate`` keeps the places in one Redis sorted set per
(tenant identity, gate): a member per call in flight, scored by when its place expires (the
call's own timeout, so a killed worker's places free themselves). Entering is one Lua script
(atomic: two workers never take the last place both); a worker whose calls were refused as
crowded narrows its own width, taking a place only while fewer than that are taken, so it
leaves the others room.
"""

from __future__ import annotations

import asyncio
import uuid
from types import TracebackType

from ticketlake.transport.redisscripts import NOW, Scripts

POLL = 0.025
"""Real seconds between two looks for a free place."""
GRACE = 5.0
"""Seconds a place outlives its call's timeout before it counts as a dead worker's."""

# KEYS[1] the places; ARGV: width, place ttl (ms), member. Returns 1 when a place was taken.
ENTER = (
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
LEAVE = "redis.call('ZREM', KEYS[1], ARGV[1])\nreturn 1\n"
SCRIPTS = {"gate_enter": ENTER, "gate_leave": LEAVE}


class SharedGate:
    """At most ``width`` calls in flight at once across every worker (``Gate``'s interface)."""

    def __init__(self, key: str, width: int, timeout: float, scripts: Scripts) -> None:
        self.key = key
        self.width = max(1, width)
        self._ttl_ms = round((timeout + GRACE) * 1000)
        self._scripts = scripts
        self._mine: list[str] = []

    async def __aenter__(self) -> SharedGate:
        member = uuid.uuid4().hex
        while True:  # polled: a place freed by another process sends this one no signal
            args = (self.width, self._ttl_ms, member)
            if await self._scripts.run("gate_enter", self.key, *args):
                self._mine.append(member)
                return self
            await asyncio.sleep(POLL)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        member = self._mine.pop()  # any place of this gate's: they are interchangeable
        await self._scripts.run("gate_leave", self.key, member, patient=False)

    def narrow(self) -> None:
        """One call fewer at once from now on (at least one)."""
        self.width = max(1, self.width - 1)

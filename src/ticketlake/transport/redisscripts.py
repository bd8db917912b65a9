"""Lua scripts on one Redis client, each run retried while Redis cannot be reached.

What the shared budgets (:mod:`.shared`) and the shared gates (:mod:`.sharedgate`) run: one
script is one atomic step, timed by Redis's own clock (``NOW``, real milliseconds) so the
workers' clocks need not agree.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

logger = logging.getLogger("ticketlake.transport")

UNREACHABLE_WAIT = 1.0
"""Real seconds between two tries while Redis cannot be reached."""

NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""
"""Lua: ``now``, Redis's clock in milliseconds (prefix of every timed script)."""


class Scripts:
    """The scripts on one client, each call retried while Redis is unreachable."""

    def __init__(self, client: aioredis.Redis, scripts: Mapping[str, str]) -> None:
        self.client = client
        self._scripts = {name: client.register_script(text) for name, text in scripts.items()}
        self._down = False

    async def run(
        self,
        script: str,
        key: str,
        *args: str | int | float,
        patient: bool = True,
        also: tuple[str, ...] = (),
    ) -> Any:
        """Run ``script`` on ``key`` (and the keys ``also``); while Redis is down, wait and try
        again (``patient``) or give up quietly (a correction that can only make later calls
        wait less, a release that expiry does anyway)."""
        while True:
            try:
                result = await self._scripts[script](keys=[key, *also], args=list(args))
            except (RedisError, OSError) as exc:
                if not self._down:
                    logger.warning("the shared budgets' Redis is unreachable, waiting: %s", exc)
                self._down = True
                if not patient:
                    return None
                await asyncio.sleep(UNREACHABLE_WAIT)
                continue
            if self._down:
                logger.warning("the shared budgets' Redis answers again")
            self._down = False
            return result

    async def incr(self, key: str) -> int:
        """A cluster-wide sequence number."""
        while True:
            try:
                return int(await self.client.incr(key))
            except (RedisError, OSError):
                await asyncio.sleep(UNREACHABLE_WAIT)

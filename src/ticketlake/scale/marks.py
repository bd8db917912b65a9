"""Marks of the connections with a slice waiting in the queue: how a second request coalesces.

``add`` is atomic (Redis ``SET NX``): of two schedulers, CLIs or web requests enqueuing the
same connection at once, one queues and the other is told ``coalesced``. The mark is cleared
when a worker picks the slice up, so a request arriving while the sync runs queues one more
slice (it will find the lease held and coalesce there, or run after it, incrementally).
A mark expires after ``ttl`` seconds, so a message lost with a flushed Redis cannot block a
connection for longer.
"""

from __future__ import annotations

from typing import Protocol

import redis

MARK_TTL = 3600
PREFIX = "ticketlake:queued:"


class Marks(Protocol):
    """Connections with a slice waiting."""

    def add(self, connection: str) -> bool:
        """Mark ``connection``; False when it already was (the request coalesces)."""
        ...

    def discard(self, connection: str) -> None:
        """A worker took the connection's slice."""
        ...

    def __contains__(self, connection: object) -> bool: ...


class MemoryMarks:
    """Marks of one process (tests with Dramatiq's StubBroker)."""

    def __init__(self) -> None:
        self._marked: set[str] = set()

    def add(self, connection: str) -> bool:
        """Mark ``connection`` unless it is."""
        if connection in self._marked:
            return False
        self._marked.add(connection)
        return True

    def discard(self, connection: str) -> None:
        """Unmark ``connection``."""
        self._marked.discard(connection)

    def __contains__(self, connection: object) -> bool:
        return connection in self._marked


class RedisMarks:
    """Marks in Redis, shared by every process that enqueues."""

    def __init__(self, client: redis.Redis, *, ttl: int = MARK_TTL) -> None:
        self._client = client
        self._ttl = ttl

    def add(self, connection: str) -> bool:
        """``SET NX EX``: one of two concurrent requests wins."""
        return bool(self._client.set(PREFIX + connection, "1", nx=True, ex=self._ttl))

    def discard(self, connection: str) -> None:
        """Delete the mark."""
        self._client.delete(PREFIX + connection)

    def __contains__(self, connection: object) -> bool:
        return bool(self._client.exists(PREFIX + str(connection)))

"""The steps of the shared budgets in Postgres: what each Lua script of :mod:`.redisbudgets`
does, on three tables, inside a transaction that holds its key's lock (:mod:`.pgbudgets`).

A fixed window is a row of ``ticketlake_budget_windows`` (the Redis hash's fields); a rolling
log and a gate's places are rows of ``ticketlake_budget_members`` (a Redis sorted set: a
member and its score per row); when the budgets began (``SINCE``) is a row of
``ticketlake_budget_values``. Times are the database's milliseconds (``now``, read once the
key's lock is held). A row carries when it expires (Redis's ``PEXPIRE``): an expired row counts
as missing and is deleted when its key is next used.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

WINDOWS = "ticketlake_budget_windows"
MEMBERS = "ticketlake_budget_members"
VALUES = "ticketlake_budget_values"
TABLES = (
    f"""CREATE UNLOGGED TABLE IF NOT EXISTS {WINDOWS} (
        key TEXT PRIMARY KEY,
        used BIGINT NOT NULL,
        reset BIGINT,
        inflight BIGINT NOT NULL,
        closed BOOLEAN NOT NULL,
        server_limit BIGINT,
        expires BIGINT NOT NULL)""",
    f"""CREATE UNLOGGED TABLE IF NOT EXISTS {MEMBERS} (
        key TEXT NOT NULL,
        member TEXT NOT NULL,
        score BIGINT NOT NULL,
        expires BIGINT NOT NULL,
        PRIMARY KEY (key, member))""",
    f"""CREATE UNLOGGED TABLE IF NOT EXISTS {VALUES} (
        key TEXT PRIMARY KEY,
        value BIGINT NOT NULL)""",
)
"""UNLOGGED: budgets change with every call and are worth nothing after a crash. Postgres
empties such tables when it recovers (and a standby has none): the case ``SINCE`` covers."""
SWEEP = (f"DELETE FROM {WINDOWS} WHERE expires <= %s", f"DELETE FROM {MEMBERS} WHERE expires <= %s")
"""What expired on keys no step uses any more (run with the database's now, in ms)."""


@dataclass
class Window:
    """A fixed window's fields, as in the Redis hash."""

    used: int = 0
    reset: int | None = None
    inflight: int = 0
    closed: bool = False
    server_limit: int | None = None
    expires: int = 0


class Tx:
    """One step's transaction: a cursor, the key's lock held, and the database's ``now``."""

    def __init__(self, cur: Any, now: int) -> None:
        self.cur = cur
        self.now = now

    async def window(self, key: str) -> Window | None:
        """The window at ``key``; None when there is none (or it expired)."""
        await self.cur.execute(
            f"SELECT used, reset, inflight, closed, server_limit, expires FROM {WINDOWS} "
            "WHERE key = %s",
            [key],
        )
        row = await self.cur.fetchone()
        if row is None:
            return None
        if row[5] <= self.now:
            await self.cur.execute(f"DELETE FROM {WINDOWS} WHERE key = %s", [key])
            return None
        return Window(*row)

    async def save(self, key: str, w: Window) -> None:
        """Write the window at ``key``."""
        await self.cur.execute(
            f"INSERT INTO {WINDOWS} (key, used, reset, inflight, closed, server_limit, expires) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key) DO UPDATE SET "
            "used = excluded.used, reset = excluded.reset, inflight = excluded.inflight, "
            "closed = excluded.closed, server_limit = excluded.server_limit, "
            "expires = excluded.expires",
            [key, w.used, w.reset, w.inflight, w.closed, w.server_limit, w.expires],
        )

    async def since(self, key: str) -> int:
        """When the budgets began: the value at ``key``, set to ``now`` when missing."""
        await self.cur.execute(
            f"INSERT INTO {VALUES} (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
            [key, self.now],
        )
        await self.cur.execute(f"SELECT value FROM {VALUES} WHERE key = %s", [key])
        row = await self.cur.fetchone()
        return int(row[0])

    async def members(self, key: str, dead_before: int) -> tuple[int, int | None]:
        """Drop the members of ``key`` scored up to ``dead_before``; count the others and
        give the lowest score."""
        await self.cur.execute(
            f"DELETE FROM {MEMBERS} WHERE key = %s AND (score <= %s OR expires <= %s)",
            [key, dead_before, self.now],
        )
        await self.cur.execute(f"SELECT count(*), min(score) FROM {MEMBERS} WHERE key = %s", [key])
        count, lowest = await self.cur.fetchone()
        return int(count), lowest

    async def add(self, key: str, member: str, score: int, expires: int) -> None:
        """Add ``member`` to ``key`` (or score it again)."""
        await self.cur.execute(
            f"INSERT INTO {MEMBERS} (key, member, score, expires) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (key, member) DO UPDATE SET score = excluded.score, "
            "expires = excluded.expires",
            [key, member, score, expires],
        )


async def acquire(
    tx: Tx,
    key: str,
    also: tuple[str, ...],
    limit: int,
    period: int,
    margin: int,
    after429: int,
    ttl: int,
) -> list[int]:
    """Take a call in the window at ``key`` if it has room: ``[granted, wait ms, used,
    limit]`` (``redisbudgets._ACQUIRE``)."""
    now = tx.now
    since = await tx.since(also[0])
    w = await tx.window(key)
    if w is None:
        if now < since + period:
            return [0, since + period - now, 0, limit]
        w = Window(expires=now + ttl)
    if w.server_limit is not None:
        limit = w.server_limit
    if w.reset is not None and now >= w.reset:
        m = after429 if w.closed else margin
        if now < w.reset + m:
            return [0, w.reset + m - now, w.used, limit]
        if w.inflight > 0 and now < w.reset + m + period:
            return [0, 20, w.used, limit]
        w.used, w.reset, w.closed, w.inflight = 0, None, False, 0
    if not w.closed and w.used < limit:
        w.used, w.inflight = w.used + 1, w.inflight + 1
        w.reset = now + period if w.reset is None else w.reset
        w.expires = now + ttl
        await tx.save(key, w)
        return [1, 0, w.used, limit]
    if w.reset is None:
        w.reset = now + period
        await tx.save(key, w)
    return [0, w.reset + margin - now, w.used, limit]


async def observe(
    tx: Tx,
    key: str,
    also: tuple[str, ...],
    counted: int,
    ahead: int,
    limit: int,
    longest: int,
    ttl: int,
) -> int:
    """Count an answer and adopt the server's count and reset, towards waiting
    (``redisbudgets._OBSERVE``)."""
    w = await tx.window(key)
    if w is None or w.reset is None:
        return 0
    if limit >= 0:
        w.server_limit = limit
    if 0 < ahead <= longest:
        w.reset = max(w.reset, tx.now + ahead)
        w.used = max(w.used, counted)
    w.inflight = max(0, w.inflight - 1)
    w.expires = tx.now + ttl
    await tx.save(key, w)
    return 1


async def exhaust(tx: Tx, key: str, also: tuple[str, ...], wait: int, ttl: int) -> int:
    """The server said 429: closed until ``wait`` ms from now at least
    (``redisbudgets._EXHAUST``)."""
    w = await tx.window(key) or Window()
    w.reset = max(tx.now if w.reset is None else w.reset, tx.now + wait)
    w.closed = True
    w.expires = tx.now + ttl
    await tx.save(key, w)
    return 1


async def rolling_take(
    tx: Tx, key: str, also: tuple[str, ...], cap: int, period: int, member: str
) -> int:
    """Log a call if fewer than ``cap`` were logged in the last ``period`` ms; else the ms
    until the oldest leaves (``redisbudgets._ROLLING_TAKE``)."""
    count, oldest = await tx.members(key, tx.now - period)
    if count < cap:
        await tx.add(key, member, tx.now, tx.now + 2 * period)
        return 0
    return max(1, int(oldest or tx.now) + period - tx.now)


async def rolling_answered(tx: Tx, key: str, also: tuple[str, ...], member: str) -> int:
    """A call counts until a period after its answer: move it to the answer's time."""
    await tx.cur.execute(
        f"UPDATE {MEMBERS} SET expires = expires + (%s - score), score = %s "
        "WHERE key = %s AND member = %s",
        [tx.now, tx.now, key, member],
    )
    return 1


async def gate_enter(
    tx: Tx, key: str, also: tuple[str, ...], width: int, ttl: int, member: str
) -> int:
    """Take a place if fewer than ``width`` live ones are taken (``redisbudgets._GATE_ENTER``)."""
    count, _ = await tx.members(key, tx.now)
    if count < width:
        await tx.add(key, member, tx.now + ttl, tx.now + ttl)
        return 1
    return 0


async def gate_leave(tx: Tx, key: str, also: tuple[str, ...], member: str) -> int:
    """Give a place back."""
    await tx.cur.execute(f"DELETE FROM {MEMBERS} WHERE key = %s AND member = %s", [key, member])
    return 1


Step = Callable[..., Awaitable[Any]]
STEPS: dict[str, Step] = {
    "acquire": acquire,
    "observe": observe,
    "exhaust": exhaust,
    "rolling_take": rolling_take,
    "rolling_answered": rolling_answered,
    "gate_enter": gate_enter,
    "gate_leave": gate_leave,
}

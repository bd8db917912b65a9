"""The tickets a pass must revisit: stored tickets modified since the stream's last pass.

Streams that read something *per ticket* (TicketHistory, SLA results) have no date of their own
to ask the source by (reference A6: TicketHistory takes a ticket ID; SLA results have no
modified field). They walk the store instead, once the tickets stream has stored this pass's
tickets: every ticket whose ``modified_at`` is at or after ``since``, in (``modified_at``,
``id``) order, so a pass killed half-way resumes after the last ticket it committed. The next
pass's ``since`` is when this one started (the server's clock) less an overlap: a ticket that
changes later has a later ``lastActivityDate`` than that, whatever order the tickets stream
read the tickets in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ticketlake.connectors import incremental
from ticketlake.connectors.base import StreamContext

OVERLAP = 600.0
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CHANGED = """
SELECT id, modified_at FROM tickets
WHERE connection = $1 AND deleted_at IS NULL AND modified_at IS NOT NULL
  AND modified_at >= $2 AND (modified_at > $3 OR (modified_at = $3 AND id > $4))
ORDER BY modified_at, id
LIMIT {limit}
"""
COUNT = """
SELECT count(*) FROM tickets
WHERE connection = $1 AND deleted_at IS NULL AND modified_at IS NOT NULL AND modified_at >= $2
"""


@dataclass
class Walk:
    """Where a pass over the changed tickets stands (JSON in the stream's cursor)."""

    since: float | None
    """Tickets modified at or after this (epoch seconds; None: every ticket)."""
    start: float
    """When the pass started (server clock): the next pass's ``since``, less the overlap."""
    at: str | None = None
    """The (modified_at as ISO text, id) of the last ticket committed (text: exact to the
    microsecond, as the store holds it)."""
    after: int = 0

    def to_json(self) -> dict[str, Any]:
        """The cursor form of a pass in progress."""
        return {"pass": {"since": self.since, "start": self.start, "at": self.at,
                         "after": self.after}}  # fmt: skip

    def finished(self) -> dict[str, Any]:
        """The cursor of a finished pass."""
        return {"since": self.start}


def walk_of(ctx: StreamContext, name: str, now: float) -> Walk:
    """This run's pass of stream ``name``: the interrupted one, or a new one."""
    cursor = None if ctx.full else ctx.sink.cursor(name)
    if cursor and cursor.get("pass"):
        p = cursor["pass"]
        return Walk(p.get("since"), p["start"], p.get("at"), int(p.get("after") or 0))
    since = cursor.get("since") if cursor else None
    return Walk(incremental.floor(since, OVERLAP), now)


async def count(ctx: StreamContext, walk: Walk) -> int:
    """How many stored tickets the pass covers."""
    found = await ctx.sink.query(COUNT, [ctx.connection, moment(walk.since)])
    return int(found.rows[0][0]) if found.rows else 0


async def tickets(ctx: StreamContext, walk: Walk, size: int) -> AsyncIterator[list[int]]:
    """The pass's tickets, ``size`` at a time; ``walk`` moves as each batch is taken (commit
    ``walk.to_json()`` with what the batch brought)."""
    while True:
        at = datetime.fromisoformat(walk.at) if walk.at is not None else EPOCH
        sql = CHANGED.format(limit=int(size))
        rows = (await ctx.sink.query(sql, [ctx.connection, moment(walk.since), at,
                                          walk.after])).rows  # fmt: skip
        if not rows:
            return
        last_id, last_at = rows[-1]
        walk.at, walk.after = _iso(last_at), int(last_id)
        yield [int(r[0]) for r in rows]


def moment(epoch: float | None) -> datetime:
    """Epoch seconds as a UTC datetime (None: the epoch itself)."""
    return EPOCH if epoch is None else datetime.fromtimestamp(epoch, UTC)


def _iso(value: Any) -> str:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()

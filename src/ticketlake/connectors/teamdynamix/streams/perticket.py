"""One call per ticket modified since the last pass: feeds when the application-wide feed is
refused, tasks when a report (not ``GET tickets/{id}``) brings the details.

Tickets are walked in ``(modified_at, id)`` order once the tickets stream has landed its rows;
the keyset position of the last chunk written is the cursor, so a killed sync resumes at the
next chunk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.teamdynamix.streams.refusals import Refusals
from ticketlake.connectors.teamdynamix.streams.tenant import TdxTenant
from ticketlake.errors import AuthError, NotFound, PermissionDenied
from ticketlake.records import Batch

CHUNK = 60
WORKERS = 12

AFTER = """
SELECT id, modified_at FROM tickets
WHERE connection = $1 AND modified_at IS NOT NULL
  AND (modified_at > $2 OR (modified_at = $2 AND id > $3))
ORDER BY modified_at, id
LIMIT {limit}
"""
COUNT_AFTER = """
SELECT count(*) FROM tickets
WHERE connection = $1 AND modified_at IS NOT NULL
  AND (modified_at > $2 OR (modified_at = $2 AND id > $3))
"""
EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


Fetch = Callable[[int], Awaitable[list[Any]]]
ToTable = Callable[[list[Any]], Awaitable[pa.Table]]


class PerTicketWalk:
    """Calls ``fetch(ticket_id)`` for each ticket modified since the last pass; writes
    ``to_table(rows)`` into ``table`` with the walk's position under ``mode``."""

    def __init__(
        self,
        tenant: TdxTenant,
        stream: str,
        *,
        endpoint: str,
        table: str,
        fetch: Fetch,
        to_table: ToTable,
        mode: str,
    ) -> None:
        self.tenant = tenant
        self.stream = stream
        self.endpoint = endpoint
        self.table = table
        self._fetch = fetch
        self._to_table = to_table
        self.mode = mode
        self._done = 0
        self._total = 0
        self.refusals = Refusals("skipped until they change")
        self.note: str | None = None
        """Why the stream walks per ticket (shown with the refusals, if any)."""

    def _position(self, ctx: StreamContext) -> tuple[datetime, int]:
        cursor = (None if ctx.full else ctx.sink.cursor(self.stream)) or {}
        after = cursor.get("after") if cursor.get("mode") == self.mode else None
        if not after:
            return EPOCH, -1
        return datetime.fromisoformat(after[0]), int(after[1])

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """One call per ticket modified since the last pass (stored + expected)."""
        at, ticket = self._position(ctx)
        found = await ctx.sink.query(COUNT_AFTER, [ctx.connection, at, ticket])
        stored = int(found.rows[0][0]) if found.rows else 0
        coming = await self.tenant.ticket_estimate if "tickets" in ctx.streams else 0
        self._total = stored + coming
        ctx.reporter.update(total=self._total)
        return [CallEstimate(self.endpoint, self._total, concurrency=WORKERS)]

    async def run(self, ctx: StreamContext) -> None:
        """Walk the tickets in keyset order, a chunk at a time, each chunk committed."""
        if "tickets" in ctx.streams:
            await ctx.signals.finished("tickets")
        at, ticket = self._position(ctx)
        gate = asyncio.Semaphore(WORKERS)
        while True:
            picked = await ctx.sink.query(AFTER.format(limit=CHUNK), [ctx.connection, at, ticket])
            if not picked.rows:
                return
            found = await asyncio.gather(*(self._one(ctx, gate, int(i)) for i, _ in picked.rows))
            table = await self._to_table([row for rows in found for row in rows])
            last_id, last_at = picked.rows[-1]
            at, ticket = last_at, int(last_id)
            cursor = {"mode": self.mode, "after": [at.isoformat(), ticket]}
            rows = {self.table: table} if table.num_rows else {}
            await ctx.sink.write(Batch(ctx.connection, rows=rows, cursors={self.stream: cursor}))
            self._done += len(picked.rows)
            self._total = max(self._total, self._done)
            ctx.reporter.update(
                done=self._done,
                total=self._total,
                rows=table.num_rows,
                remaining={self.endpoint: self._total - self._done},
            )

    async def _one(self, ctx: StreamContext, gate: asyncio.Semaphore, ticket_id: int) -> list[Any]:
        async with gate:
            try:
                found = await self._fetch(ticket_id)
            except NotFound:  # deleted since the search
                return []
            except (PermissionDenied, AuthError) as exc:
                self.refusals.refuse(exc)
                ctx.reporter.update(note="; ".join(filter(None, (self.note, self.refusals.note))))
                return []
            self.refusals.ok()
            return found

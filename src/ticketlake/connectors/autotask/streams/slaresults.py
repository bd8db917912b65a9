"""SLA results: whether each ticket's first response and resolution met its SLA.

``ServiceLevelAgreementResults`` has no modified field (reference A5, A6). The first pass reads
them all in pages of 500; later passes re-read, by ``ticketID in [...]`` in batches of at most
400 (A3), the results of the tickets that changed since (``changed.py``), and of the stored
tickets whose result is still pending although its due date has passed (a result turns
"missed" with no activity on the ticket, and no date says when: reading it is the only way to
learn it; once read past its due date it is final, so these are the few that fell due since
the last pass). They
land on the ticket: ``sla_respond_violated`` and ``sla_resolve_violated`` (the resolution
plan's result and the elapsed hours stay in the source: the model has no place for them).
"""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.connectors import columns as col
from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask.api import MAX_RECORDS
from ticketlake.connectors.autotask.filters import ALL, IN_BATCH, among, gt
from ticketlake.connectors.autotask.streams import changed
from ticketlake.connectors.autotask.streams.tenant import AtStream, after
from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.rows import Rows
from ticketlake.records import Batch

QUERY = ep.key("POST", ep.query(ep.SLA_RESULTS))
NEXT = ep.key("POST", ep.next_page(ep.SLA_RESULTS))
STORED = "SELECT id FROM tickets WHERE connection = $1 AND deleted_at IS NULL AND id IN"
PENDING = """
SELECT id FROM tickets
WHERE connection = $1 AND deleted_at IS NULL AND sla_id IS NOT NULL
  AND ((sla_respond_violated IS NULL AND respond_by < $2)
       OR (sla_resolve_violated IS NULL AND resolve_by < $2))
ORDER BY id
"""


class SlaResultsStream(AtStream):
    """tickets.sla_respond_violated, tickets.sla_resolve_violated."""

    name = "sla_results"
    tables = ("tickets",)

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """A first pass: every result, pages of 500 (about one per ticket with an SLA); later:
        a query per 400 changed or newly due tickets."""
        walk = changed.walk_of(ctx, self.name, self.tenant.server_now())
        coming = await self.tenant.ticket_estimate if "tickets" in ctx.streams else 0
        if walk.since is None and walk.at is None:
            pages = max(1, math.ceil(coming / MAX_RECORDS))
            return [
                CallEstimate(QUERY, 1, exact=False),
                CallEstimate(NEXT, pages - 1, concurrency=1),
            ]
        due = len(await self._pending(ctx))
        batches = math.ceil((coming + due) / IN_BATCH)
        return [CallEstimate(QUERY, batches, exact=False, concurrency=1)]

    async def run(self, ctx: StreamContext) -> None:
        """Once the tickets are stored: all results, or those of changed and due tickets."""
        await after(ctx, "tickets")
        walk = changed.walk_of(ctx, self.name, self.tenant.server_now())
        cursor = ctx.sink.cursor(self.name) if not ctx.full else None
        if walk.since is None and (cursor is None or "after_id" in (cursor.get("pass") or {})):
            await self._everything(ctx, walk, (cursor or {}).get("pass") or {})
        else:
            await self._changed(ctx, walk)

    async def _everything(
        self, ctx: StreamContext, walk: changed.Walk, state: dict[str, Any]
    ) -> None:
        """The first pass: every result, page by page, resumable by result id."""
        last = int(state.get("after_id") or 0)
        walk.start = float(state.get("start") or walk.start)
        filters = [gt("id", last)] if last else list(ALL)
        done = 0
        async for page in self.api.pages(ep.SLA_RESULTS, filters):
            last = max(last, page.last_id() or 0)
            table = await self._stored_only(ctx, _flags(page.rows()))
            cursor = (
                {"pass": {"after_id": last, "start": walk.start}}
                if page.next_url
                else walk.finished()
            )
            await ctx.sink.write(
                Batch(ctx.connection, rows={"tickets": table}, cursors={self.name: cursor})
            )
            done += len(page.items)
            ctx.reporter.update(done=done, rows=table.num_rows)

    async def _changed(self, ctx: StreamContext, walk: changed.Walk) -> None:
        """Later passes: the changed tickets, then those whose pending result fell due."""
        done = 0
        async for ids in changed.tickets(ctx, walk, IN_BATCH):
            done += await self._results(ctx, ids, walk.to_json())
            ctx.reporter.update(done=done)
        pending = await self._pending(ctx)
        final = walk.finished()
        for start in range(0, len(pending), IN_BATCH):
            last = start + IN_BATCH >= len(pending)
            cursor = final if last else walk.to_json()
            await self._results(ctx, pending[start : start + IN_BATCH], cursor)
        if not pending:
            await ctx.sink.write(Batch(ctx.connection, cursors={self.name: final}))
        ctx.reporter.update(remaining={})

    async def _results(self, ctx: StreamContext, ids: list[int], cursor: dict[str, Any]) -> int:
        rows = await self.api.records(ep.SLA_RESULTS, [among("ticketID", ids)])
        table = await self._stored_only(ctx, _flags(rows))
        await ctx.sink.write(
            Batch(ctx.connection, rows={"tickets": table}, cursors={self.name: cursor})
        )
        return len(ids)

    async def _pending(self, ctx: StreamContext) -> list[int]:
        """Stored tickets whose result is pending although its due date has passed."""
        now = self.tenant.server_time()
        return [int(r[0]) for r in (await ctx.sink.query(PENDING, [ctx.connection, now])).rows]

    async def _stored_only(self, ctx: StreamContext, table: pa.Table) -> pa.Table:
        """The rows of tickets the store holds (a result must not create a ticket)."""
        ids = table.column("id").to_pylist()
        if not ids:
            return table
        marks = ", ".join(f"${i + 2}" for i in range(len(ids)))
        stored = {
            r[0] for r in (await ctx.sink.query(f"{STORED} ({marks})", [ctx.connection, *ids])).rows
        }
        return table.filter(pc.is_in(table.column("id"), pa.array(sorted(stored), pa.int64())))


def _flags(rows: list[dict[str, Any]]) -> pa.Table:
    """SLA results as the tickets' violation flags (a result's "met" turned around)."""
    found = Rows(rows).values(("ticketID", "isFirstResponseMet", "isResolutionMet"))
    return col.table(
        "tickets",
        {
            "id": col.ids(found["ticketID"]),
            "sla_respond_violated": pc.invert(col.bools(found["isFirstResponseMet"])),
            "sla_resolve_violated": pc.invert(col.bools(found["isResolutionMet"])),
        },
    )

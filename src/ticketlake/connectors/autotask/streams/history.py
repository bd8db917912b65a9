"""Status changes from TicketHistory, where the tenant's budget allows.

TicketHistory is the one source of every status change a ticket went through, but the SOAP
docs say its query takes a single ``ticketID`` equals filter (reference A6; UNCONFIRMED for
REST): one call per ticket. Reading it for every ticket of a large backfill would take hours of
the tenant's budget, so the stream reads it for a pass's changed tickets only while they cost
at most ``BUDGET_HOURS`` of our share of the hour (every later sync, which revisits only the
tickets that changed, and the backfill of a tenant small enough); a pass that would cost more
skips it, and the status history of those tickets is what the tickets carry (their creation,
their completion, and the changes observed between syncs: ``connectors/observed.py``). The
plan counts the calls, the stream's note says which it did, and the report says for how many
tickets the history is Autotask's.

Whether REST takes more than one ticket per query is tried once per connection (a
``ticketID in [...]`` of the first batch, its answer checked to hold only those tickets); the
answer is kept in the cursor (``bulk``), and a refusal costs that one call.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask import mapping_activity as mapping
from ticketlake.connectors.autotask.filters import IN_BATCH, among, eq
from ticketlake.connectors.autotask.streams import changed
from ticketlake.connectors.autotask.streams.tenant import AtStream, AtTenant, after
from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.rows import Rows
from ticketlake.errors import PermissionDenied, SourceError
from ticketlake.records import Batch

BUDGET_HOURS = 1.0
"""A pass reads TicketHistory when its calls fit in this many hours of our share."""
BATCH = 40
"""Tickets whose histories are committed together."""
QUERY = ep.key("POST", ep.query(ep.HISTORY))


class HistoryStream(AtStream):
    """ticket_events: TicketHistory's created, status-change and edit rows."""

    name = "ticket_history"
    tables = ("ticket_events",)

    def __init__(self, tenant: AtTenant) -> None:
        super().__init__(tenant)
        self.tickets = 0
        self.read = False

    def _bulk(self, ctx: StreamContext) -> bool | None:
        cursor = ctx.sink.cursor(self.name) or {}
        found = cursor.get("bulk")
        return found if isinstance(found, bool) else None

    def calls(self, tickets: int, bulk: bool | None) -> int:
        """Calls to read ``tickets`` histories (per ticket unless bulk reading is known)."""
        if bulk:
            return math.ceil(tickets / IN_BATCH)
        return tickets + (1 if bulk is None and tickets > 1 else 0)

    def affordable(self, calls: int) -> bool:
        """Whether ``calls`` fit in ``BUDGET_HOURS`` of our share of the hour."""
        return calls <= BUDGET_HOURS * self.tenant.budget.ours

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """The pass's tickets: those stored that changed since the last pass, or, while the
        tickets stream runs, the ones it expects to read."""
        walk = changed.walk_of(ctx, self.name, self.tenant.server_now())
        stored = await changed.count(ctx, walk)
        coming = await self.tenant.ticket_estimate if "tickets" in ctx.streams else 0
        self.tickets = max(stored, coming) if walk.since is not None else stored + coming
        calls = self.calls(self.tickets, self._bulk(ctx))
        self.read = self.affordable(calls)
        ctx.reporter.update(total=self.tickets, note=self._note(calls))
        return [CallEstimate(QUERY, calls if self.read else 0, exact=False,
                             concurrency=ep.PARALLEL)]  # fmt: skip

    def _note(self, calls: int) -> str:
        hours = calls / self.tenant.budget.ours
        if self.read:
            return f"history of {self.tickets:,} tickets: {calls:,} calls ({hours:.1f} h of budget)"
        return (
            f"history not read: {calls:,} calls for {self.tickets:,} tickets would take "
            f"{hours:.1f} h of the tenant's budget at a {self.tenant.settings.share:.0%} share; "
            "status changes come from the tickets' own dates and from changes seen between syncs"
        )

    async def run(self, ctx: StreamContext) -> None:
        """Once the tickets are stored: each changed ticket's history (or none, see above)."""
        await after(ctx, "tickets")
        walk = changed.walk_of(ctx, self.name, self.tenant.server_now())
        bulk = self._bulk(ctx)
        if not self.read:
            await ctx.sink.write(
                Batch(ctx.connection, cursors={self.name: self._cursor(walk.finished(), bulk)})
            )
            ctx.reporter.update(remaining={})
            return
        done = 0
        async for ids in changed.tickets(ctx, walk, BATCH):
            rows, bulk = await self._histories(ids, bulk)
            events = mapping.history(rows, connection=ctx.connection)
            cursor = self._cursor(walk.to_json(), bulk)
            batch = Batch(
                ctx.connection, rows={"ticket_events": events}, cursors={self.name: cursor}
            )
            await ctx.sink.write(batch)
            done += len(ids)
            left = self.calls(max(0, self.tickets - done), bulk)
            ctx.reporter.update(done=done, rows=events.num_rows, remaining={QUERY: left})
        final = self._cursor(walk.finished(), bulk)
        await ctx.sink.write(Batch(ctx.connection, cursors={self.name: final}))
        ctx.reporter.update(remaining={})

    def _cursor(self, state: dict[str, Any], bulk: bool | None) -> dict[str, Any]:
        return state | ({"bulk": bulk} if bulk is not None else {})

    async def _histories(
        self, ids: list[int], bulk: bool | None
    ) -> tuple[list[dict[str, Any]], bool | None]:
        """The history rows of ``ids``: in one query when the tenant takes several tickets,
        else one query per ticket (two at a time: the transport's cap per entity)."""
        if bulk is None and len(ids) > 1:
            found = await self._try_bulk(ids)
            if found is not None:
                return found, True
            bulk = False
        if bulk:
            return await self.api.records(ep.HISTORY, [among("ticketID", ids)]), True
        lists = await asyncio.gather(
            *(self.api.records(ep.HISTORY, [eq("ticketID", i)]) for i in ids)
        )
        return [r for rows in lists for r in rows], bulk

    async def _try_bulk(self, ids: list[int]) -> list[dict[str, Any]] | None:
        """The rows of ``ids`` in one query, or None when the tenant refuses that (or answers
        with rows of other tickets: a filter it does not apply)."""
        try:
            rows = await self.api.records(ep.HISTORY, [among("ticketID", ids)])
        except PermissionDenied:
            raise
        except SourceError:
            return None
        wanted = set(ids)
        tickets = Rows(rows).values(("ticketID",))["ticketID"]
        return rows if all(t in wanted for t in tickets) else None

"""Tickets: ``Tickets`` by ``lastActivityDate`` (reference A5), pages of 500 in ``id`` order.

Ticket records carry every field, description and UDFs included, so one query is all a ticket
costs. Companies' names come from the accounts stream, which runs first (a handful of pages).
A ticket whose status differs from the one stored is a status change observed between syncs
(``connectors/observed.py``), written with the ticket: Autotask's own history costs a call per
ticket (``history.py``), and this is what remains when the budget does not allow it.
"""

from __future__ import annotations

from typing import Any

from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask import mapping_tickets as mapping
from ticketlake.connectors.autotask.api import Page
from ticketlake.connectors.autotask.streams.query import QueryStream
from ticketlake.connectors.autotask.streams.tenant import after
from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.observed import observed_changes

COMPANY_NAMES = "SELECT id, name FROM accounts WHERE connection = $1"


class TicketsStream(QueryStream):
    """tickets, and the status changes observed between syncs."""

    name = "tickets"
    tables = ("tickets", "ticket_events")
    entity = ep.TICKETS
    date_field = "lastActivityDate"
    _lookups: mapping.Lookups | None = None

    def estimated(self, ctx: StreamContext, count: int) -> None:
        """Tell the streams that size themselves by the tickets (history, SLA results)."""
        super().estimated(ctx, count)
        if not self.tenant.ticket_estimate.done():
            self.tenant.ticket_estimate.set_result(count)

    async def estimate(self, ctx: StreamContext) -> list[Any]:
        """See ``QueryStream.estimate``, and the tenant's usage read when the run starts (the
        budget reads it again every quarter of an hour of a long run); never leaves the
        streams that wait for it waiting."""
        try:
            gauge = CallEstimate(ep.key("GET", ep.THRESHOLD_INFORMATION), 1)
            return [*await super().estimate(ctx), gauge]
        finally:
            if not self.tenant.ticket_estimate.done():
                self.tenant.ticket_estimate.set_result(0)

    async def before(self, ctx: StreamContext) -> None:
        """Picklist labels, and the companies' names once the accounts stream stored them."""
        await after(ctx, "accounts")
        stored = await ctx.sink.query(COMPANY_NAMES, [ctx.connection])
        self._lookups = await self.tenant.ticket_lookups({i: n for i, n in stored.rows if n})

    async def map(self, ctx: StreamContext, page: Page) -> dict[str, Any]:
        """The tickets, and status changes against the ones stored."""
        assert self._lookups is not None
        table = mapping.tickets(page.items, connection=ctx.connection, lookups=self._lookups)
        rows: dict[str, Any] = {"tickets": table}
        observed = await observed_changes(ctx.sink, ctx.connection, table)
        if observed:
            rows["ticket_events"] = observed
        return rows

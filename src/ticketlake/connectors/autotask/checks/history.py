"""Ticket history: the status changes of a ticket, read one ticket per call.

TicketHistory takes a single ``ticketID`` equals filter (the SOAP docs say so; REST is
UNCONFIRMED, reference A6), so reading every ticket's history costs one call per ticket of the
tenant's hourly budget. The sync reads it where its budget allows and otherwise derives status
changes from what tickets carry; the check reads one ticket's history to know which it can.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ticketlake.checks.outcome import Outcome, passed, warned
from ticketlake.connectors.autotask.checks.access import answered
from ticketlake.connectors.autotask.checks.areas import SERVICE_DESK
from ticketlake.errors import SourceError

if TYPE_CHECKING:
    from ticketlake.connectors.autotask.checks.context import CheckContext

DERIVED = (
    "status changes will be derived from what tickets carry (their status and dates), not "
    "read from each ticket's history"
)


async def check_history(ctx: CheckContext) -> Outcome:
    """One visible ticket's ``TicketHistory`` is readable."""
    ticket = await ctx.first_ticket()
    if ticket is None:
        return passed("no ticket visible to read the history of")
    number = ticket.get("ticketNumber") or ticket.get("id")
    try:
        entries = await ctx.history(int(ticket["id"]))
    except SourceError as exc:
        if exc.status in (401, 403, 404, 429) or exc.status is None:
            raise
        return warned(
            f"the history of ticket {number} is refused ({answered(exc)})",
            SERVICE_DESK.fix, SERVICE_DESK.step, impact=DERIVED,
        )  # fmt: skip
    return passed(f"ticket {number}: {len(entries):,} history entries (one call per ticket)")

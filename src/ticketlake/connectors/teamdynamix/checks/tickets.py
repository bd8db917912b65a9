"""Tickets: the guide's search and single read, and whether the account sees all of them.

Visibility in TeamDynamix follows Accts/Depts (Step 2's "View All Accts/Depts" and "View all
requests belonging to assigned Accts/Depts"). An account that sees part of the tickets gets
no error, only fewer rows, so the check looks for the traces a partial view leaves: fewer
tickets than the customer can confirm, ticket ids between visible ones that exist but cannot
be read, and feed activity on tickets the search does not return.
"""

from __future__ import annotations

from typing import Any

from ticketlake.checks.commands import recheck
from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.rows import parsed
from ticketlake.connectors.teamdynamix.checks.access import ASSIGN_FIX
from ticketlake.connectors.teamdynamix.checks.backfill import Backfill
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.checks.preview import backfill_of
from ticketlake.connectors.teamdynamix.settings import ADMIN
from ticketlake.errors import SourceError
from ticketlake.readable import fraction_words

VIEW_ALL_ACCOUNTS = "View All Accts/Depts"
"""The Step 2 permission that lets the account see every Acct/Dept's tickets."""
SAMPLE = 25
"""Tickets the search check asks for (the guide asks for one; a few give the read a choice)."""
GAP_PROBES = 5
"""Ticket ids between visible ones read to see whether they exist but are hidden."""
TOLERANCE = 0.1
"""How far an extrapolated count may fall below the confirmed one before it fails."""

VISIBILITY_FIX = (
    "Give the service account's security role View All Accts/Depts and View all requests "
    "belonging to assigned Accts/Depts, and assign the account to every Acct/Dept whose "
    "tickets should be read; then run " + recheck("--expected-tickets", "N") + " with the "
    "count TeamDynamix shows you, to confirm the account sees them all."
)
DETAILS_FIX = (
    "The single-ticket read must return the ticket's custom attributes: check that the "
    "IT Tickets application role (Step 1) has the Technician + Reporting license, then run "
    + recheck()
    + "."
)
NO_TICKETS = "the sync will store no tickets"


async def check_search(ctx: CheckContext) -> Outcome:
    """``POST tickets/search`` with an explicit MaxResults, as in the guide."""
    rows = parsed(await ctx.api.search_tickets({"MaxResults": SAMPLE}))
    ctx.found.search_rows = [r for r in rows if isinstance(r, dict)]
    if not ctx.found.search_rows:
        return warned(
            f"the search in application {ctx.app_id} returns no tickets",
            VISIBILITY_FIX,
            2,
            impact=NO_TICKETS,
        )
    shown = len(ctx.found.search_rows)
    return passed(f"the search returns {shown} ticket(s) (MaxResults {SAMPLE})")


async def check_read(ctx: CheckContext) -> Outcome:
    """``GET tickets/{id}`` of a searched ticket: the full ticket with its custom attributes."""
    first = next((r for r in ctx.found.search_rows if isinstance(r.get("ID"), int)), None)
    if first is None:
        return warned(
            "no ticket id to read: the search returned none", VISIBILITY_FIX, 2, impact=NO_TICKETS
        )
    ticket = await ctx.api.ticket(first["ID"])
    if not isinstance(ticket, dict) or ticket.get("ID") != first["ID"]:
        return failed(f"tickets/{first['ID']} did not return that ticket", ASSIGN_FIX, 4)
    ctx.found.ticket = ticket
    attributes = ticket.get("Attributes")
    if not isinstance(attributes, list):
        return warned(
            f"ticket {first['ID']} came without its Attributes",
            DETAILS_FIX,
            1,
            impact="tickets will have no custom attributes (category, tier and the like)",
        )
    return passed(f"ticket {first['ID']} read with {len(attributes)} custom attribute(s)")


async def check_visibility(ctx: CheckContext) -> Outcome:
    """The account sees every ticket: a confirmed count, hidden ids, the feed's tickets."""
    backfill = await backfill_of(ctx)
    about = "" if backfill.exact else "about "
    seen = f"the account sees {about}{backfill.tickets:,} tickets"
    share = _share(ctx, backfill)
    if share:
        confirmed = f"you confirmed {ctx.expected_tickets:,}"
        return failed(f"{seen}; {confirmed}", VISIBILITY_FIX, 2, impact=share)
    signals = [_lacks_view_all(ctx)]
    hidden, unsearched = await _hidden_ids(ctx, backfill)
    if hidden:
        signals.append(f"{_listed(hidden)} exists but the account cannot read it")
    if unsearched:
        signals.append(f"the search left out {_listed(unsearched)}")
    unseen = _feed_only(ctx, backfill)
    if unseen:
        signals.append(f"the feed shows {_listed(unseen)}, which the search does not return")
    found = [s for s in signals if s]
    if found:
        return warned(
            f"{seen}, but {'; '.join(found)}",
            VISIBILITY_FIX,
            2,
            impact=f"the sync will store only the {about}{backfill.tickets:,} tickets the account "
            "sees; tickets of the Accts/Depts it cannot see, and their comments, will be missing "
            f"({recheck('--expected-tickets', 'N')} with the count TeamDynamix shows you says "
            "what share you will get)",
        )
    confirmed = "" if ctx.expected_tickets is None else f" (you expect {ctx.expected_tickets:,})"
    return passed(f"{seen}{confirmed}; no sign of hidden tickets")


def _listed(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:5]) + (" …" if len(ids) > 5 else "")
    return f"ticket{'s' if len(ids) > 1 else ''} {shown}"


def _lacks_view_all(ctx: CheckContext) -> str:
    """The account's permissions, when getuser lists them, lack View All Accts/Depts."""
    granted = (ctx.found.user or {}).get("Permissions")
    if ctx.settings.auth_mode == ADMIN or not isinstance(granted, list) or not granted:
        return ""
    names = {str(p).strip().lower() for p in granted}
    if VIEW_ALL_ACCOUNTS.lower() in names:
        return ""
    return f"its security role lacks {VIEW_ALL_ACCOUNTS} (it sees only its own Accts/Depts)"


def _share(ctx: CheckContext, backfill: Backfill) -> str:
    """What share of the tickets the customer expects a sync would bring, when short of them:
    ``you will get 808 of the 3,000 tickets you expect (about a quarter)``."""
    expected = ctx.expected_tickets
    if not expected:
        return ""
    floor = expected if backfill.exact else expected * (1 - TOLERANCE)
    if backfill.tickets >= floor:
        return ""
    about = "" if backfill.exact else "about "
    return (
        f"you will get {about}{backfill.tickets:,} of the {expected:,} tickets you expect "
        f"({fraction_words(backfill.tickets / expected)})"
    )


def _ids(rows: list[dict[str, Any]]) -> list[int]:
    return sorted({r["ID"] for r in rows if isinstance(r.get("ID"), int)})


def _gaps(ids: list[int]) -> list[int]:
    """Up to ``GAP_PROBES`` ids the search did not return, spread over its id range: the
    first missing id at or after each of evenly spaced points."""
    if len(ids) < 2:
        return []
    visible, low, high = set(ids), ids[0], ids[-1]
    picks: list[int] = []
    for k in range(1, GAP_PROBES + 1):
        start = low + (high - low) * k // (GAP_PROBES + 1)
        found = next((i for i in range(start, high) if i not in visible and i not in picks), None)
        if found is not None:
            picks.append(found)
    return sorted(picks)


async def _hidden_ids(ctx: CheckContext, backfill: Backfill) -> tuple[list[int], list[int]]:
    """Ids between visible tickets that are refused to the account, and (when the search saw
    every ticket) ids the account can read that the search did not return."""
    hidden: list[int] = []
    unsearched: list[int] = []
    for ticket_id in _gaps(_ids(ctx.found.probe_rows)):
        try:
            ticket = await ctx.api.ticket(ticket_id)
        except SourceError as exc:
            if exc.status in (401, 403):
                hidden.append(ticket_id)
                break  # one is proof enough; each refusal also costs the transport a login
            if exc.status != 404:
                raise
            continue
        same_app = isinstance(ticket, dict) and ticket.get("AppID") in (None, ctx.app_id)
        if backfill.exact and same_app:
            unsearched.append(ticket_id)
    return hidden, unsearched


def _feed_only(ctx: CheckContext, backfill: Backfill) -> list[int]:
    """Tickets the application-wide feed mentions that a complete search did not return."""
    page = ctx.found.feed_page
    if not backfill.exact or not isinstance(page, dict):
        return []
    visible = set(_ids(ctx.found.probe_rows))
    mentioned = {
        e.get("ItemID")
        for e in page.get("Entries") or []
        if isinstance(e, dict) and e.get("ItemType", 9) == 9
    }
    return sorted(i for i in mentioned if isinstance(i, int) and i not in visible)

"""Ticket feeds: comments and history, per ticket and application-wide, and whether they agree.

The application-wide feed (``GET tickets/feed``) is the one bulk path for comments; its paging
is our reading of UNCONFIRMED documentation (reference §3.3). So before a sync trusts it, a
sample is compared with the per-ticket feeds (``GET tickets/{id}/feed``), which are documented
plainly: every entry the bulk page shows for a sampled ticket must be in that ticket's feed,
and every entry of that ticket's feed newer than the page's oldest entry must be on the page.
The verdict is kept in the report (``feed_verdict`` reads it): the sync takes the bulk path
only when it agrees.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ticketlake.checks.commands import recheck
from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.instants import parse_instant
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.feedranges import PAGE
from ticketlake.errors import SourceError

SAMPLE_TICKETS = 3
"""Tickets of the bulk page whose own feeds are read for the comparison."""
FEED_CHECK_ID = "feed-agreement"
_MESSAGE = re.compile(r'"Message"\s*:\s*"((?:[^"\\]|\\.)*)"')

FEED_FIX = (
    "TeamDynamix refuses the service account the ticket feed (comments and history) of a "
    "ticket it can read. Feed visibility comes with the ticket's application: in TDAdmin, "
    "Applications, IT Tickets, Users and Roles, Security Roles, open the account's IT Tickets "
    "role (Step 1) and grant it the permission to view ticket feeds that TeamDynamix's refusal "
    "names (quoted in the check's summary); check that the account's Applications tab gives it "
    "that role (Step 4). Then run " + recheck() + "."
)
APP_FEED_FIX = (
    "The sync can still read each ticket's feed (one call per ticket, bound by that "
    "endpoint's rate limit); to use the bulk feed, make the application-wide ticket feed "
    "visible to the service account and run " + recheck() + "."
)
DISAGREE_FIX = (
    "Nothing to change in TeamDynamix: the sync reads feeds per ticket instead of the "
    "application-wide feed (slower: one call per ticket). The evidence shows the mismatch."
)
PER_TICKET = (
    "comments and status changes are complete, but read with one call per ticket, so the "
    "backfill takes longer (the ETA counts it)"
)
NO_FEED = "tickets will have no comments and no status history, so response times are unknown"


async def check_ticket_feed(ctx: CheckContext) -> Outcome:
    """``GET tickets/{id}/feed`` for the ticket the read check fetched."""
    ticket = ctx.found.ticket or {}
    ticket_id = ticket.get("ID")
    if not isinstance(ticket_id, int):
        return warned("no ticket to read the feed of", FEED_FIX, 6, impact=NO_FEED)
    try:
        entries = await ctx.api.ticket_feed(ticket_id)
    except SourceError as exc:
        if exc.status not in (401, 403):
            raise
        said = message_of(exc.excerpt)
        quoted = f': TeamDynamix says "{said}"' if said else ""
        return failed(
            f"ticket {ticket_id} can be read but its feed is refused (HTTP {exc.status}){quoted}",
            FEED_FIX,
            6,
            impact=NO_FEED,
        )
    ctx.found.ticket_feed = entries
    return passed(f"ticket {ticket_id}'s feed read: {len(entries)} feed entries")


async def check_app_feed(ctx: CheckContext) -> Outcome:
    """One page of ``GET tickets/feed`` (the bulk path for comments)."""
    try:
        page = await ctx.api.app_feed({"ReturnCount": PAGE, "ReplyCount": 0})
    except SourceError as exc:
        if exc.status in (401, 403, 404):
            ctx.found.feed_agrees = False
            return warned(
                f"the application-wide feed is refused (HTTP {exc.status}); the sync will "
                "read feeds per ticket",
                APP_FEED_FIX,
                6,
                impact=PER_TICKET,
            )
        raise
    if not isinstance(page, dict) or not isinstance(page.get("Entries"), list):
        ctx.found.feed_agrees = False
        return warned(
            "the application-wide feed answered without Entries",
            APP_FEED_FIX,
            6,
            impact=PER_TICKET,
        )
    ctx.found.feed_page = page
    more = "more pages follow" if page.get("NextDateTo") else "the whole feed"
    return passed(f"{len(page['Entries'])} entries on the first page ({more})")


async def check_agreement(ctx: CheckContext) -> Outcome:
    """Compare the bulk page with the sampled tickets' own feeds."""
    page = ctx.found.feed_page or {}
    entries = [e for e in page.get("Entries") or [] if _on_ticket(e)]
    if not entries:
        ctx.found.feed_agrees = False
        return warned(
            "the application-wide feed has no ticket entries to compare",
            DISAGREE_FIX,
            6,
            impact=PER_TICKET,
        )
    low = _oldest(entries, ctx) if page.get("NextDateTo") else None
    newest = max(filter(None, (_when(e, ctx) for e in entries)), default=None)
    counts = Counter(e["ItemID"] for e in entries)
    mismatches: list[str] = []
    for ticket_id, _ in counts.most_common(SAMPLE_TICKETS):
        own = await ctx.api.ticket_feed(ticket_id)
        mismatches += _compare(ticket_id, entries, own, low, newest, ctx)
    ctx.found.feed_agrees = not mismatches
    sampled = min(len(counts), SAMPLE_TICKETS)
    if mismatches:
        return warned(
            f"the feeds disagree on {sampled} sampled ticket(s): {'; '.join(mismatches[:3])}",
            DISAGREE_FIX,
            6,
            impact=PER_TICKET,
        )
    return passed(f"the bulk feed agrees with {sampled} ticket feed(s); the sync may use it")


def _compare(
    ticket_id: int,
    bulk: list[dict[str, Any]],
    own: list[Any],
    low: float | None,
    newest: float | None,
    ctx: CheckContext,
) -> list[str]:
    on_page = {e.get("ID"): e for e in bulk if e.get("ItemID") == ticket_id}
    mine = {e.get("ID"): e for e in own if isinstance(e, dict)}
    problems = [
        f"entry {i} of ticket {ticket_id} only in the bulk feed" for i in on_page if i not in mine
    ]
    for entry_id, entry in mine.items():
        when = _when(entry, ctx)
        if when is None or entry_id in on_page:
            continue
        # Only what the page covers: newer than its oldest entry (ties may sit on the next
        # page) and not newer than its newest (written after the page was read).
        if (low is None or when > low) and (newest is None or when <= newest):
            problems.append(f"entry {entry_id} of ticket {ticket_id} missing from the bulk feed")
    for entry_id, entry in on_page.items():
        other = mine.get(entry_id)
        if other is not None and other.get("UpdateType") != entry.get("UpdateType"):
            problems.append(f"entry {entry_id} of ticket {ticket_id} differs in UpdateType")
    return problems


def _on_ticket(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("ItemID"), int)
        and entry.get("ItemType", 9) == 9
    )


def _when(entry: Mapping[str, Any], ctx: CheckContext) -> float | None:
    return parse_instant(entry.get("LastUpdatedDate"), ctx.settings.time_zone)


def _oldest(entries: list[dict[str, Any]], ctx: CheckContext) -> float | None:
    return min(filter(None, (_when(e, ctx) for e in entries)), default=None)


def message_of(excerpt: str) -> str:
    """The ``Message`` of a TDX error body (``{"Message": "..."}``), or ``""``."""
    found = _MESSAGE.search(excerpt)
    return found.group(1).strip() if found else ""

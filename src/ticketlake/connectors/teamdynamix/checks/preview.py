"""What a first sync of a TeamDynamix tenant will bring and how long it will take.

The plan is the sync's own (``ticketlake.sync.preview``: every stream estimates a first sync
against an empty store, priced at the limits in force). The probes go through the check
context, so they are evidence of the check that asked for the plan, and the plan is made once
per run. What is TDX's here: the feed path the checks found (a bulk feed that disagrees with
the per-ticket feeds is read per ticket), the tickets and dates the probes saw, and the
preview's JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from ticketlake.connectors.base import CallEstimate
from ticketlake.connectors.instants import parse_instant
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.checks.backfill import Backfill
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.streams import TdxStream, build_streams
from ticketlake.sync.plan import Plan
from ticketlake.sync.preview import estimate_first_sync, priced

APP_FEED = f"GET {ep.APP_FEED}"
TICKET_FEED = f"GET {ep.TICKET_FEED}"
SEARCH = f"POST {ep.TICKET_SEARCH}"


async def plan_backfill(ctx: CheckContext) -> Backfill:
    """Ask every stream of the connection for its estimate of a first sync and price them."""
    streams = build_streams(ctx.settings, ctx.api)
    found = await estimate_first_sync(ctx.settings.name, ctx.transport, streams)
    by_stream = found.by_stream
    tickets = _ticket_count(streams)
    exact = all(e.exact for v in by_stream.values() for e in v if e.endpoint == SEARCH)
    if ctx.found.feed_agrees is False:
        # The sync reads feeds per ticket when the bulk feed disagrees (see ``feeds.py``).
        for name, estimates in by_stream.items():
            if any(e.endpoint == APP_FEED for e in estimates):
                # its feed estimate goes, with the feeds it sampled to size the bulk path
                kept = [e for e in estimates if e.endpoint not in (APP_FEED, TICKET_FEED)]
                by_stream[name] = [*kept, CallEstimate(TICKET_FEED, tickets, exact=exact)]
    oldest, newest = _span(ctx.found.probe_rows, ctx)
    plan = priced(ctx.transport, by_stream)
    return Backfill(plan, tickets, exact, oldest, newest, found.skipped, by_stream)


def replanned(ctx: CheckContext, backfill: Backfill, stream: str, calls: CallEstimate) -> Plan:
    """The backfill's plan had ``stream`` made ``calls`` instead of its own estimate (what a
    setting would change: a report instead of one call per ticket)."""
    return priced(ctx.transport, dict(backfill.estimates) | {stream: [calls]})


async def backfill_of(ctx: CheckContext) -> Backfill:
    """The run's backfill plan, made on first use."""
    if ctx.found.backfill is None:
        ctx.found.backfill = await plan_backfill(ctx)
    return ctx.found.backfill


def _ticket_count(streams: Sequence[object]) -> int:
    for stream in streams:
        if isinstance(stream, TdxStream) and stream.tenant.ticket_estimate.done():
            return int(stream.tenant.ticket_estimate.result())
    return 0


def _span(
    rows: Sequence[Mapping[str, Any]], ctx: CheckContext
) -> tuple[float | None, float | None]:
    tz = ctx.settings.time_zone
    created = [parse_instant(r.get("CreatedDate"), tz) for r in rows]
    modified = [parse_instant(r.get("ModifiedDate"), tz) for r in rows]
    lows = [c for c in created if c is not None]
    highs = [m for m in modified if m is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)


def preview(ctx: CheckContext, backfill: Backfill | None, reason: str = "") -> dict[str, Any]:
    """The JSON preview: tickets, date range, people, groups, feed path and the backfill ETA."""
    s, found = ctx.settings, ctx.found
    if backfill is None:
        return {"available": False, "reason": reason or "the checks it needs did not pass"}
    return {
        "available": True,
        "tickets": {
            "count": backfill.tickets,
            "exact": backfill.exact,
            "oldest_created": _iso(backfill.oldest),
            "newest_modified": _iso(backfill.newest),
        },
        "people": found.people,
        "people_capped": found.people_capped,
        "groups": found.groups,
        "time_entries": "in scope" if s.time_entries else "out of scope",
        "ticket_tasks": "in scope" if s.ticket_tasks else "out of scope",
        "ticket_details": f"report {s.report_id}" if s.report_id else "one call per ticket",
        "feed": {
            # None: the feed checks did not get to a verdict; the sync then tries the bulk
            # feed and falls back per ticket if it is refused.
            "bulk": found.feed_agrees,
            "mode": "not verified"
            if found.feed_agrees is None
            else ("application-wide" if found.feed_agrees else "per ticket"),
        },
        "eta": backfill.plan.to_json()
        | {
            "method": "sync planner: the streams' estimates of a first sync, priced at the "
            "limits the tenant announced (X-RateLimit-Limit) where seen, else the documented ones"
        },
        "not_estimated": backfill.skipped,
    }


def _iso(epoch: float | None) -> str | None:
    return datetime.fromtimestamp(epoch, UTC).isoformat() if epoch is not None else None

"""What a first sync of a Teamwork.com site will bring and how long it will take.

The plan is the sync's own (``ticketlake.sync.preview``: every stream estimates a first sync
against an empty store, priced at each API's account budget, announced where the site
announced it). The streams are built over the checks' API, so their probes are evidence of the
check that asked for the plan, and the plan is made once per run. What is Teamwork's here: the
lists the first pages counted (tasks or Desk tickets, time logs) and that a Spaces connection is
verified but not extracted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ticketlake.checks import CheckResult, CheckStatus
from ticketlake.connectors.teamwork import coverage
from ticketlake.connectors.teamwork.checks.context import CheckContext
from ticketlake.connectors.teamwork.streams import TwStream, build_streams
from ticketlake.sync.plan import Plan
from ticketlake.sync.preview import attempted, estimate_first_sync, priced

NEEDED = ("sign-in", "api-type")
STOPPED = (CheckStatus.FAIL, CheckStatus.SKIPPED)
TICKETS = {"projects": "tasks", "desk": "tickets"}
"""The stream whose list is the connection's tickets (Projects: tasks, of kind ``task``)."""
METHOD = (
    "sync planner: the streams' estimates of a first sync, priced at each API's account budget "
    "(the X-RateLimit-Limit the site announced where seen, else 150 a minute for Projects and "
    "Spaces, 120 for Desk)"
)


@dataclass
class Backfill:
    """The plan of a first sync, what its probes counted and what they could not estimate."""

    plan: Plan
    counts: dict[str, int]
    skipped: dict[str, str] = field(default_factory=dict)


async def backfill_of(ctx: CheckContext) -> Backfill | str:
    """The run's first-sync plan, made once, or why it could not be made."""
    if ctx.found.backfill is None:
        ctx.found.backfill = await attempted(lambda: _plan(ctx))
    found: Backfill | str = ctx.found.backfill
    return found


async def _plan(ctx: CheckContext) -> Backfill:
    site = await ctx.site()
    streams = build_streams(ctx.teamwork(), site.api, site.transport.server_now)
    found = await estimate_first_sync(ctx.connection, site.transport, streams)
    counts: dict[str, int] = {}
    for stream in streams:  # they share one tenant
        if isinstance(stream, TwStream):
            counts |= stream.tenant.counts
    return Backfill(priced(site.transport, found.by_stream), counts, found.skipped)


async def preview(ctx: CheckContext, results: Sequence[CheckResult]) -> dict[str, Any]:
    """The JSON preview: the tickets (or tasks) and time logs a first sync reads, its plan
    and its ETA."""
    kind = str(ctx.settings.value("api_type"))
    if kind not in TICKETS:
        return _unavailable(coverage.SPACES)
    blocked = [r.title for r in results if r.id in NEEDED and r.status in STOPPED]
    if blocked:
        return _unavailable(f"not estimated: {', '.join(blocked)} did not pass")
    backfill = await backfill_of(ctx)
    if isinstance(backfill, str):
        return _unavailable(f"not estimated: {backfill}")
    counts = backfill.counts
    time = counts.get("time")
    return {
        "available": True,
        "tickets": {"count": counts.get(TICKETS[kind]), "exact": True},
        "time_entries": f"{time:,} time logs, deleted ones counted" if time is not None else None,
        "eta": backfill.plan.to_json() | {"method": METHOD},
        "not_estimated": backfill.skipped,
    }


def _unavailable(reason: str) -> dict[str, Any]:
    return {"available": False, "reason": reason}

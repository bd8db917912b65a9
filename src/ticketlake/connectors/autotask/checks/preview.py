"""What a first sync of an Autotask tenant will bring, what it costs of the tenant's hour, and
how long it will take.

The plan is the sync's own (``ticketlake.sync.preview``: every stream estimates a first sync
against an empty store, priced at the connection's share of the tenant's hour, or at what the
other integrations leave when that is less). Its probes go through the check context, so they
are evidence of the check that asked for the plan, and the plan is made once per run. What is
Autotask's here: the counts the area checks read, and the tenant budget the backfill draws on
(``budget``: the share, what the backfill's calls are of it, what the others leave now).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ticketlake.checks import CheckResult, CheckStatus
from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask.checks.context import CheckContext
from ticketlake.connectors.autotask.checks.headroom import current
from ticketlake.connectors.base import CallEstimate, Stream
from ticketlake.sync.plan import Plan
from ticketlake.sync.preview import attempted, estimate_first_sync, priced

NEEDED = ("authentication", "threshold", "service-desk")
STOPPED = (CheckStatus.FAIL, CheckStatus.SKIPPED)
METHOD = (
    "sync planner: the streams' estimates of a first sync, priced at the connection's share of "
    "the tenant's hourly threshold (less when its other integrations leave less)"
)


@dataclass
class Backfill:
    """The plan of a first sync and what its probes could not estimate."""

    plan: Plan
    skipped: dict[str, str] = field(default_factory=dict)
    estimates: dict[str, list[CallEstimate]] = field(default_factory=dict)


def _streams(ctx: CheckContext) -> Sequence[Stream]:
    """The connector's streams over the checks' recorded transport."""
    from ticketlake.sync.registry import connector_for  # the registry imports connectors

    return connector_for(ctx.source.source).streams(ctx.source, ctx.recorded())


async def backfill_of(ctx: CheckContext) -> Backfill | None:
    """The run's first-sync plan, made on first use; None when it cannot be made."""
    if ctx.found.backfill is None:
        ctx.found.backfill = await _plan(ctx)
    found: Backfill | None = ctx.found.backfill or None
    return found


async def _plan(ctx: CheckContext) -> Backfill | bool:
    async def make() -> Backfill:
        found = await estimate_first_sync(ctx.connection, ctx.transport, _streams(ctx))
        return Backfill(priced(ctx.transport, found.by_stream), found.skipped, found.by_stream)

    made = await attempted(make)
    if isinstance(made, str):
        ctx.found.plan_error = made
        return False
    return made


async def preview(ctx: CheckContext, results: Sequence[CheckResult]) -> dict[str, Any]:
    """The JSON preview: tickets and what else is visible, the plan, its ETA and the tenant
    budget it needs."""
    blocked = [r.title for r in results if r.id in NEEDED and r.status in STOPPED]
    if blocked:
        return _unavailable(f"not estimated: {', '.join(blocked)} did not pass")
    backfill = await backfill_of(ctx)
    if backfill is None:
        return _unavailable(f"not estimated: {ctx.found.plan_error or 'no plan'}")
    counts, room = ctx.found.counts, await current(ctx)
    first = ctx.found.first_ticket or {}
    return {
        "available": True,
        "tickets": {
            "count": counts.get(ep.TICKETS),
            "exact": True,
            "oldest_created": first.get("createDate"),
        },
        "people": _sum(counts, ep.RESOURCES, ep.CONTACTS),
        "time_entries": f"{counts[ep.TIME]:,} visible" if ep.TIME in counts else None,
        "eta": backfill.plan.to_json() | {"method": METHOD},
        "budget": {
            "threshold": room.threshold,
            "allowance": room.allowance,
            "rate": room.rate,
            "others": room.others,
            "calls": backfill.plan.calls,
        },
        "not_estimated": backfill.skipped,
    }


def _unavailable(reason: str) -> dict[str, Any]:
    return {"available": False, "reason": reason}


def _sum(counts: dict[str, int], *entities: str) -> int | None:
    found = [counts[e] for e in entities if e in counts]
    return sum(found) if len(found) == len(entities) else None

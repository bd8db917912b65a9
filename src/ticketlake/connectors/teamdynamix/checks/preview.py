"""What a first sync will bring and how long it will take, from the sync's own plan.

The streams of a sync estimate their calls with cheap probes (the first ticket window, the first
page of the application-wide feed); ``ticketlake.sync.plan`` prices those calls with each
endpoint's documented limit. Here the streams estimate against an empty store, which is what a
backfill starts from, so the ETA is the backfill's. The probes go through the check context, so
they are evidence of the check that asked for the plan, and the plan is made once per run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ticketlake.connectors.base import CallEstimate, Signals, StreamContext
from ticketlake.connectors.instants import parse_instant
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.checks.runner import brief
from ticketlake.connectors.teamdynamix.streams import TdxStream, build_streams
from ticketlake.errors import SourceError
from ticketlake.records import Batch, QueryResult
from ticketlake.sync.plan import Plan, build_plan

APP_FEED = f"GET {ep.APP_FEED}"
TICKET_FEED = f"GET {ep.TICKET_FEED}"
SEARCH = f"POST {ep.TICKET_SEARCH}"


@dataclass
class Backfill:
    """The plan of a first sync and what its probes saw."""

    plan: Plan
    tickets: int
    exact: bool
    """True when the probe saw every ticket (fewer than the window's MaxResults came back)."""
    oldest: float | None
    newest: float | None
    skipped: dict[str, str] = field(default_factory=dict)
    """Streams whose estimate failed, with why."""
    estimates: dict[str, list[CallEstimate]] = field(default_factory=dict)
    """Each stream's estimate, as the plan prices them."""


class _EmptyStore:
    """The sink of a sync into an empty store: no cursors, nothing stored, nothing written."""

    async def write(self, batch: Batch) -> None:
        raise AssertionError("checks never write")  # pragma: no cover - estimates only read

    def cursor(self, stream: str) -> Any | None:
        return None

    async def query(self, sql: str, params: Sequence[object] = ()) -> QueryResult:
        return QueryResult([], [])


class _Quiet:
    """A reporter nobody reads."""

    def update(self, **_: Any) -> None:
        return None


async def plan_backfill(ctx: CheckContext) -> Backfill:
    """Ask every stream of the connection for its estimate and price them."""
    streams = build_streams(ctx.settings, ctx.api)
    names = frozenset(s.name for s in streams)
    sctx = StreamContext(
        ctx.settings.name, ctx.transport, _EmptyStore(), Signals(), _Quiet(), True, names,
        preview=True,
    )  # fmt: skip
    answers = await asyncio.gather(*(s.estimate(sctx) for s in streams), return_exceptions=True)
    by_stream: dict[str, list[CallEstimate]] = {}
    skipped: dict[str, str] = {}
    for stream, answer in zip(streams, answers, strict=True):
        if isinstance(answer, SourceError):
            skipped[stream.name] = brief(answer)
        elif isinstance(answer, BaseException):
            raise answer
        else:
            by_stream[stream.name] = list(answer)
    tickets = _ticket_count(streams)
    exact = all(e.exact for v in by_stream.values() for e in v if e.endpoint == SEARCH)
    if ctx.found.feed_agrees is False:
        # The sync reads feeds per ticket when the bulk feed disagrees (see ``feeds.py``).
        for name, found in by_stream.items():
            if any(e.endpoint == APP_FEED for e in found):
                # its feed estimate goes, with the feeds it sampled to size the bulk path
                kept = [e for e in found if e.endpoint not in (APP_FEED, TICKET_FEED)]
                by_stream[name] = [*kept, CallEstimate(TICKET_FEED, tickets, exact=exact)]
    oldest, newest = _span(ctx.found.probe_rows, ctx)
    plan = _priced(ctx, by_stream)
    return Backfill(plan, tickets, exact, oldest, newest, skipped, by_stream)


def _priced(ctx: CheckContext, by_stream: Mapping[str, list[CallEstimate]]) -> Plan:
    estimates = [e for found in by_stream.values() for e in found]
    return build_plan(estimates, ctx.transport.limits_in_force())


def replanned(ctx: CheckContext, backfill: Backfill, stream: str, calls: CallEstimate) -> Plan:
    """The backfill's plan had ``stream`` made ``calls`` instead of its own estimate (what a
    setting would change: a report instead of one call per ticket)."""
    return _priced(ctx, dict(backfill.estimates) | {stream: [calls]})


def lower_limits(ctx: CheckContext) -> list[tuple[str, int, int]]:
    """Endpoints whose announced limit (``X-RateLimit-Limit``, as the transport's budgets
    learnt it) is below the documented one: (key, announced, documented)."""
    documented = {e.key: e.limit.calls for e in ctx.transport.endpoints if e.limit is not None}
    return [
        (e.key, e.limit.calls, documented[e.key])
        for e in sorted(ctx.transport.limits_in_force(), key=lambda e: e.key)
        if e.limit is not None and e.key in documented and e.limit.calls < documented[e.key]
    ]


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

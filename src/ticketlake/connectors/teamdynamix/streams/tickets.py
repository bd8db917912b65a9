"""Tickets: ``tickets/search`` on ModifiedDate windows, newest first, explicit MaxResults.

A pass reads ``[since - overlap, start + 1 day]`` (the whole history on the first pass) in
self-splitting windows (``connectors/windows.py``); each window is committed with the walk's
state. Once the walk is done, the newest ``ModifiedDate`` the pass read becomes the next
``since``: a date on the server's own clock, so a server whose clock runs behind ours loses
nothing (our clock only bounds the first window from above, a day ahead). That is the
overlap-and-dedupe rule of ``connectors/incremental.py``. Search rows lack
Description and Attributes: the upsert leaves those columns alone. A backfill's census (where
history starts, its tickets by date) rides in the pass's state, committed with each window: a
run that resumes the pass (the next slice) plans the rest on it without searching again.

A ticket whose status differs from the one stored is a status change observed between syncs
(reference §7.3): it becomes a ``ticket_events`` row with ``origin = observed``, written in the
same transaction as the ticket, independent of the feed's wording (``connectors/observed.py``).
"""

from __future__ import annotations

import asyncio
import math
import zlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from ticketlake.connectors import incremental
from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.census import Census, Slice, restored, saved, within
from ticketlake.connectors.instants import format_ceil, format_floor, parse_instant
from ticketlake.connectors.observed import observed_changes
from ticketlake.connectors.rows import JsonObject, Rows
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.census import ticket_census, ticket_rows
from ticketlake.connectors.teamdynamix.spec import SPEC
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream, TdxTenant
from ticketlake.connectors.windows import ORIGIN, Limits, Walk, Window, WindowWalker
from ticketlake.records import Batch

FIRST_PRECISION = 0.05
"""How closely a backfill's plan finds the first ticket's date, as a share of the history."""
MAX_RESULTS = 2000
"""Explicit MaxResults per window (never the silent default of 300)."""
OVERLAP = 600.0
"""Seconds re-read below ``since``: edits committed out of ModifiedDate order around it."""
FUTURE = 86400.0
"""The first window's upper bound lies this far past the server's now (clock skew)."""
SEARCH = f"POST {ep.TICKET_SEARCH}"
Search = Callable[[dict[str, Any]], Awaitable[list[JsonObject]]]
row_keys = incremental.identities("ID", "ModifiedDate")
"""A search row's identity: its id and ModifiedDate (an edit makes it a new row)."""


class TicketsStream(TdxStream):
    """tickets (search columns) and observed status changes."""

    name = "tickets"
    tables = ("tickets", "ticket_events")

    def __init__(self, tenant: TdxTenant, *, max_results: int = MAX_RESULTS) -> None:
        super().__init__(tenant)
        self.max_results = max_results
        self.walker = WindowWalker(
            self._fetch,
            max_results=max_results,
            dates_of=self._modified,
            keys_of=row_keys,
            vendor=SPEC.title,
        )
        self._pass: dict[str, Any] | None = None

    async def _start(self, ctx: StreamContext) -> dict[str, Any]:
        """This run's pass: the interrupted one, or a new one from the last ``since``."""
        if self._pass is not None:
            return self._pass
        # What was proven about the server's cut holds even for a --full pass.
        self.walker.limits = Limits.from_json((ctx.sink.cursor(self.name) or {}).get("limits"))
        cursor = None if ctx.full else ctx.sink.cursor(self.name)
        if cursor and cursor.get("walk"):
            self._pass = dict(cursor)
        else:
            since = cursor.get("since") if cursor else None
            start = await self.tenant.server_clock()
            floor = incremental.floor(since, OVERLAP)
            walk = Walk(hi=start + FUTURE, floor=floor)
            observe = since is not None or (ctx.full and ctx.sink.cursor(self.name) is not None)
            self._pass = {
                "walk": walk.to_json(),
                "since": since,
                "start": start,
                "observe": observe,
            }
        return self._pass

    def _body(self, lo: float | None, hi: float, limit: int | None) -> dict[str, Any]:
        body: dict[str, Any] = {"MaxResults": 0 if limit is None else limit}
        body["ModifiedDateTo"] = format_ceil(hi)
        if lo is not None:
            body["ModifiedDateFrom"] = format_floor(lo)
        return body

    async def _fetch(self, lo: float | None, hi: float, limit: int | None) -> list[JsonObject]:
        return await self.api.search_tickets(self._body(lo, hi, limit))

    def _modified(self, rows: Sequence[JsonObject]) -> list[float | None]:
        found = Rows(rows).values(("ModifiedDate",))["ModifiedDate"]
        return [parse_instant(v, self.tenant.tz) for v in found]

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """Probe the pass's first window (the walk asks it again and gets this answer); a
        backfill also takes the tenant's census (``census.py``) and counts the calls of its
        walk by replaying it over the census."""
        try:
            return await self._probe(ctx)
        finally:
            if not self.tenant.ticket_estimate.done():  # never leave other estimates waiting
                self.tenant.ticket_estimate.set_result(0)
            if not self.tenant.census.done():
                self.tenant.census.set_result(None)

    async def _probe(self, ctx: StreamContext) -> list[CallEstimate]:
        state = await self._start(ctx)
        walk = Walk.from_json(state["walk"])
        lo = self.walker.first_bounds(walk)
        rows = await self.api.search_tickets(self._body(lo, walk.hi, self.max_results), prime=True)
        created = Rows(rows).values(("CreatedDate",))["CreatedDate"]
        known = [c for c in (parse_instant(v, self.tenant.tz) for v in created) if c is not None]
        oldest = min(known) if known else None
        full = len(rows) >= self.walker.limit
        if walk.floor is None and state.get("census"):
            return await self._resumed(ctx, walk, state["census"])
        if walk.floor is None and oldest is not None:
            return await self._backfill(ctx, state, rows, oldest, full)
        self.tenant.oldest_hint = oldest
        count = len(rows) if not full else self._extrapolate(rows, walk)
        self._estimated(ctx, count)
        calls = 1 if not full else math.ceil(1.5 * count / self.max_results) + 2
        return [CallEstimate(SEARCH, calls, exact=not full, concurrency=1)]

    async def _backfill(
        self,
        ctx: StreamContext,
        state: dict[str, Any],
        rows: list[JsonObject],
        oldest: float,
        full: bool,
    ) -> list[CallEstimate]:
        """The census of the whole history: from the probe alone when it saw every ticket,
        else from a window per slice of history (after finding where that history starts).
        Where history starts and its tickets by date are kept in the pass's state, for a run
        that resumes the pass (``_resumed``)."""
        walk = Walk.from_json(state["walk"])
        spent = [0]

        async def search(body: dict[str, Any]) -> list[JsonObject]:
            spent[0] += 1
            return await self.api.search_tickets(body)

        newest = self.tenant.server_now()
        seed = zlib.crc32(ctx.connection.encode())
        if full:
            oldest = await self._first_created(oldest, search)
            found = await ticket_census(
                search, oldest=oldest, newest=newest, limit=self.walker.limit, tz=self.tenant.tz,
                seed=seed,
            )  # fmt: skip
        else:
            whole = Slice(oldest, newest, (oldest, newest), ticket_rows(rows, self.tenant.tz))
            found = Census(oldest, newest, [whole], seed=seed)
        self.tenant.oldest_hint = oldest
        self.tenant.census.set_result(found)
        state["census"] = {"oldest": oldest, "density": saved(found.density())}
        self._estimated(ctx, round(found.count.value))
        calls = spent[0] + await self.walker.calls_to_walk(found.density(), walk)
        return [CallEstimate(SEARCH, calls, exact=not full, concurrency=1)]

    async def _resumed(self, ctx: StreamContext, walk: Walk, kept: Any) -> list[CallEstimate]:
        """A backfill an earlier run (a slice cut at its deadline) left part-read: its census
        is in the pass's state, so what the walk has still to read is counted on it, without
        a search (the probe read only the walk's next window, not the rest). The streams that
        size themselves on a census keep their own (``tenant.census`` stays None)."""
        self.tenant.oldest_hint = float(kept["oldest"])
        found = restored(kept["density"])
        self._estimated(ctx, round(within(found, walk.floor, walk.hi)))
        calls = await self.walker.calls_to_walk(found, walk)
        return [CallEstimate(SEARCH, calls, concurrency=1)]

    def _estimated(self, ctx: StreamContext, count: int) -> None:
        if not self.tenant.ticket_estimate.done():
            self.tenant.ticket_estimate.set_result(count)
        ctx.reporter.update(total=count)

    async def _first_created(self, known: float, search: Search) -> float:
        """When the tenant's first ticket was created, to within ``FIRST_PRECISION`` of the
        history's span: ``CreatedDateTo`` searches of one row, reaching back from ``known`` (a
        date some ticket was created at) in doubling steps, then halving the gap. About ten
        calls on the search's budget, for a backfill's plan only: the span of history sizes
        the ETA of the ticket walk and of the feed, whose first pages only show the newest end.
        """
        newest = self.tenant.server_now()
        hi, lo, step = known, None, 30 * 86400.0
        while lo is None:  # widen until no ticket is that old
            at = max(ORIGIN, hi - step)
            if not await self._created_by(at, search):
                lo = at
            elif at <= ORIGIN:
                return ORIGIN
            else:
                hi, step = at, step * 2
        while hi - lo > FIRST_PRECISION * (newest - lo):
            mid = (lo + hi) / 2
            if await self._created_by(mid, search):
                hi = mid
            else:
                lo = mid
        return hi

    async def _created_by(self, moment: float, search: Search) -> bool:
        return bool(await search({"MaxResults": 1, "CreatedDateTo": format_ceil(moment)}))

    def _extrapolate(self, rows: list[JsonObject], walk: Walk) -> int:
        dates = sorted(d for d in self._modified(rows) if d)
        oldest = self.tenant.oldest_hint
        if len(dates) < 2 or oldest is None or dates[-1] <= dates[0]:
            return len(rows) * 2
        span = walk.floor if walk.floor is not None else oldest
        return int(len(rows) * max(1.0, (dates[-1] - span) / (dates[-1] - dates[0])))

    async def run(self, ctx: StreamContext) -> None:
        """Walk the pass's windows, committing each with the walk's state."""
        state = await self._start(ctx)
        lookups = await self.tenant.lookups()
        total = await self.tenant.ticket_estimate if self.tenant.ticket_estimate.done() else None
        done = 0
        async for window in self.walker.windows(Walk.from_json(state["walk"])):
            done += len(window.rows)
            await self._commit(ctx, window, state, lookups)
            ctx.reporter.update(
                done=done,
                total=max(total or 0, done),
                rows=len(window.rows),
                remaining={
                    SEARCH: 0
                    if window.next is None
                    else max(1, ((total or done) - done) // self.max_results)
                },
            )

    async def _commit(
        self, ctx: StreamContext, window: Window, state: dict[str, Any], lookups: mapping.Lookups
    ) -> None:
        tickets = await asyncio.to_thread(
            mapping.tickets,
            window.rows,
            connection=ctx.connection,
            tz=self.tenant.tz,
            lookups=lookups,
        )
        rows: dict[str, Any] = {"tickets": tickets}
        if state["observe"] and tickets.num_rows:
            observed = await observed_changes(ctx.sink, ctx.connection, tickets)
            if observed:
                rows["ticket_events"] = observed
        limits = self.walker.limits.to_json()
        newest = state["newest"] = incremental.newest(state.get("newest"), tickets)
        if window.next is not None:
            cursor = state | {"walk": window.next.to_json(), "limits": limits}
        else:
            since = state["since"] if newest is None else newest
            cursor = {"since": since, "walk": None, "limits": limits}
        await ctx.sink.write(Batch(ctx.connection, rows=rows, cursors={self.name: cursor}))

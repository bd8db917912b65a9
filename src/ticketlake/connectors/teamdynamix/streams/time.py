"""Time entries on tickets and ticket tasks (``time/search``, Components 9 and 25).

``time/search`` is unpaged and stops at MaxResults (default 1000), and it has no modified-date
filter (reference §4), so no single search finds what changed. Each pass is a list of phases,
each a walk of self-splitting windows (``connectors/windows.py``) over one date filter:

- a backfill walks the whole history by EntryDate;
- a later pass walks CreatedDate since the last pass (new entries, whatever day they are
  for), StatusDate since then (submitted, approved, rejected) and EntryDate over the last
  ``RECENT`` days (entries edited while their week is still open, the usual edit), with
  ``OVERLAP`` because zone-less system dates are in the tenant's zone: three searches when
  nothing changed, the fewest this API allows;
- every ``time_reconcile_days`` (a connection setting, default 7; 0: never) a pass walks the
  whole history by EntryDate instead, and in each window removes what the store holds that
  the answer no longer has: entries edited long after their date, or deleted, are caught
  then. Between two of those, an edit to an older entry that changes neither its status nor
  anything recent is not seen: the API offers no way to see it.

A backfill's census of the entries by date rides in the pass's state, committed with each
window: a run that resumes the pass (the next slice) plans the rest on it without searching.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from ticketlake.connectors import incremental
from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.census import Segment, density, restored, saved, within
from ticketlake.connectors.instants import format_ceil, format_floor, parse_instant
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.census import time_census
from ticketlake.connectors.teamdynamix.spec import SPEC
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream, TdxTenant
from ticketlake.connectors.windows import Limits, Walk, Window, WindowWalker
from ticketlake.readable import duration
from ticketlake.records import Batch

SEARCH = f"POST {ep.TIME_SEARCH}"
MAX_RESULTS = 5000
DAY = 86400.0
OVERLAP = 2 * DAY
RECENT = 7 * DAY
"""How far back a later pass re-reads entries by their date, for edits."""
TICKET_COMPONENTS = (9, 25)
FIELDS = {"entry": ("EntryDate", "TimeDate"), "recent": ("EntryDate", "TimeDate"),
          "created": ("CreatedDate", "CreatedDate"),
          "status": ("StatusDate", "StatusDate")}  # fmt: skip
"""phase -> (TimeSearch filter prefix, TimeEntry field the windows are sized by)."""
CHANGES = ["created", "status", "recent"]
STORED_DAYS = """
SELECT work_date, count(*) FROM time_entries
WHERE connection = $1 AND work_date IS NOT NULL GROUP BY work_date
"""
STORED_IN = """
SELECT id FROM time_entries WHERE connection = $1 AND work_date BETWEEN $2 AND $3
"""


class TimeEntriesStream(TdxStream):
    """time_entries."""

    name = "time_entries"
    tables = ("time_entries",)

    def __init__(self, tenant: TdxTenant, *, max_results: int = MAX_RESULTS) -> None:
        super().__init__(tenant)
        self.max_results = max_results
        self._pass: dict[str, Any] | None = None
        self._rows = 0
        self._limits = Limits()

    async def _start(self, ctx: StreamContext) -> dict[str, Any]:
        if self._pass is None:
            # What was proven about the server's cut holds even for a --full pass.
            self._limits = Limits.from_json((ctx.sink.cursor(self.name) or {}).get("limits"))
            stored = ctx.sink.cursor(self.name)
            cursor = (None if ctx.full else stored) or {}
            if cursor.get("phases"):
                self._pass = dict(cursor)
            else:
                # A --full pass over stored entries is a reconcile: what is gone goes too.
                since = stored.get("since") if ctx.full and stored else cursor.get("since")
                due = bool(ctx.full and stored)
                start = await self.tenant.server_clock()
                self._pass = self._new_pass(start, since, cursor.get("reconciled"), due=due)
        return self._pass

    def _new_pass(
        self, start: float, since: float | None, reconciled: float | None, *, due: bool = False
    ) -> dict[str, Any]:
        if since is None:
            mode, phases = "backfill", ["entry"]
        elif due or self._reconcile_due(start, reconciled):
            mode, phases = "reconcile", ["entry"]
        else:
            mode, phases = "changes", list(CHANGES)
        state = {"since": since, "start": start, "mode": mode, "reconciled": reconciled,
                 "phases": phases}  # fmt: skip
        return state | {"walk": _walk(phases[0], state).to_json()}

    def _reconcile_due(self, start: float, reconciled: float | None) -> bool:
        days = self.tenant.settings.time_reconcile_days
        return days > 0 and (reconciled is None or start - reconciled >= days * DAY)

    def _walker(self, phase: str) -> WindowWalker:
        prefix, field = FIELDS[phase]
        tz = self.tenant.tz

        async def fetch(lo: float | None, hi: float, limit: int | None) -> list[Any]:
            body: dict[str, Any] = {"MaxResults": limit, "Components": list(TICKET_COMPONENTS)}
            body[f"{prefix}To"] = format_ceil(hi)
            if lo is not None:
                body[f"{prefix}From"] = format_floor(lo)
            return await self.api.search_time(body)

        return WindowWalker(
            fetch,
            max_results=self.max_results,
            dates_of=lambda rows: [parse_instant(r.get(field), tz) for r in rows],
            keys_of=lambda rows: [r.get("TimeID") for r in rows],
            min_width=DAY,
            limits=self._limits,
            vendor=SPEC.title,
        )

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """A backfill counts the time entries of each slice of the census's history and
        replays its walk over them; a reconcile replays it over what the store holds; a pass
        of changes makes one search per phase unless a window splits (what changed since
        the last pass is far less than a window holds)."""
        state = await self._start(ctx)
        ctx.reporter.update(note=self._note(state))
        if state["mode"] == "reconcile" and state["phases"] == ["entry"]:
            calls = await self._walker("entry").calls_to_walk(
                await _stored(ctx), Walk.from_json(state["walk"])
            )
            return [CallEstimate(SEARCH, calls, concurrency=1)]
        if state["mode"] == "backfill" and state.get("census"):  # resumed: counted before
            return await self._walk_estimate(ctx, state, restored(state["census"]), 0)
        census = await self.tenant.census if "tickets" in ctx.streams else None
        if census is None or ctx.preview or state["mode"] != "backfill":
            return [CallEstimate(SEARCH, len(state["phases"]))]
        spent = [0]

        async def search(body: dict[str, Any]) -> list[Any]:
            spent[0] += 1
            return await self.api.search_time(body)

        found = await time_census(search, oldest=census.oldest, newest=census.newest,
                                  limit=self.max_results, components=TICKET_COMPONENTS)  # fmt: skip
        state["census"] = saved(density(found))
        return await self._walk_estimate(ctx, state, density(found), spent[0])

    async def _walk_estimate(
        self, ctx: StreamContext, state: dict[str, Any], found: list[Segment], spent: int
    ) -> list[CallEstimate]:
        """The backfill's walk replayed over the entries by date (``found``), from where the
        pass stands: a pass that a later run resumes counts only what it has still to read."""
        walk = Walk.from_json(state["walk"])
        calls = await self._walker("entry").calls_to_walk(found, walk)
        ctx.reporter.update(total=round(within(found, walk.floor, walk.hi)))
        return [CallEstimate(SEARCH, spent + calls, concurrency=1)]

    def _note(self, state: dict[str, Any]) -> str | None:
        days = self.tenant.settings.time_reconcile_days
        if state["mode"] == "reconcile":
            return f"re-reading every time entry (every {days} days): finds later edits, deletions"
        if state["mode"] == "changes" and days > 0:
            due = (state["reconciled"] or state["start"]) + days * DAY - state["start"]
            return f"new, re-statused and recent entries; all of them again in {duration(due)}"
        return None

    async def run(self, ctx: StreamContext) -> None:
        """Each phase's windows, committed with the pass's state."""
        state = await self._start(ctx)
        while state["phases"]:
            phase = state["phases"][0]
            async for window in self._walker(phase).windows(Walk.from_json(state["walk"])):
                reconciling = state["mode"] == "reconcile" and phase == "entry"
                gone = await self._gone(ctx, window) if reconciling else []
                if window.next is not None:
                    state = state | {"walk": window.next.to_json()}
                else:
                    state = self._next_phase(state)
                cursor = state | {"limits": self._limits.to_json()}
                await self._commit(ctx, window.rows, cursor, gone)

    def _next_phase(self, state: dict[str, Any]) -> dict[str, Any]:
        rest = state["phases"][1:]
        if not rest:
            whole = state["mode"] in ("backfill", "reconcile")
            reconciled = state["start"] if whole else state.get("reconciled")
            return {"since": state["start"], "phases": [], "reconciled": reconciled}
        return state | {"phases": rest, "walk": _walk(rest[0], state).to_json()}

    async def _gone(self, ctx: StreamContext, window: Window) -> list[dict[str, object]]:
        """Stored entries dated within the window that its answer no longer holds."""
        answered = {r.get("TimeID") for r in window.answered or window.rows}
        first = date(1995, 1, 1) if window.lo is None else _day(format_floor(window.lo))
        stored = await ctx.sink.query(
            STORED_IN, [ctx.connection, first, _day(format_ceil(window.hi))]
        )
        return [{"id": i} for (i,) in stored.rows if i not in answered]

    async def _commit(
        self,
        ctx: StreamContext,
        rows: list[Any],
        cursor: dict[str, Any],
        gone: list[dict[str, object]],
    ) -> None:
        on_tickets = [r for r in rows if r.get("Component") in TICKET_COMPONENTS]
        table = await asyncio.to_thread(
            mapping.time_entries, on_tickets, connection=ctx.connection, tz=self.tenant.tz
        )
        data = {"time_entries": table} if table.num_rows else {}
        deletes: dict[str, Sequence[Mapping[str, object]]] = {"time_entries": gone} if gone else {}
        await ctx.sink.write(
            Batch(ctx.connection, rows=data, cursors={self.name: cursor}, deletes=deletes)
        )
        self._rows += table.num_rows
        ctx.reporter.update(done=self._rows, rows=table.num_rows)


def _walk(phase: str, state: dict[str, Any]) -> Walk:
    """The walk of one phase: the whole history, the recent days, or since the last pass."""
    start, since = state["start"], state["since"]
    if phase == "entry" or since is None:
        floor = None
    elif phase == "recent":
        floor = start - RECENT
    else:
        floor = incremental.floor(since, OVERLAP)
    return Walk(hi=start + DAY, floor=floor)


def _day(iso: str) -> date:
    """The calendar date an EntryDate bound names (its date part, as the search reads it)."""
    return date.fromisoformat(iso[:10])


async def _stored(ctx: StreamContext) -> list[Segment]:
    """The stored time entries per day, as segments to replay a walk over."""
    found = await ctx.sink.query(STORED_DAYS, [ctx.connection])
    out: list[Segment] = []
    for day, count in found.rows:
        lo = datetime.combine(day, time(), UTC).timestamp()
        out.append((lo, lo + DAY, float(count)))
    return out

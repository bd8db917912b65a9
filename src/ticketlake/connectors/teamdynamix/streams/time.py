"""Time entries on tickets and ticket tasks (``time/search``, Components 9 and 25).

``time/search`` is unpaged and stops at MaxResults (default 1000), and it has no modified-date
filter (reference §4). The first pass walks the whole history in self-splitting windows of
EntryDate; later passes walk CreatedDate (new entries) and then StatusDate (submitted,
approved, rejected) since the previous pass, with a day of overlap because zone-less time
stamps are in the tenant's zone. An edit that changes neither is not seen until a ``--full``
sync: the API offers no way to see it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.census import density, time_census, total
from ticketlake.connectors.teamdynamix.instants import format_ceil, format_floor, parse_instant
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream, TdxTenant
from ticketlake.connectors.teamdynamix.windows import Limits, Walk, WindowWalker
from ticketlake.store.base import Batch

SEARCH = f"POST {ep.TIME_SEARCH}"
MAX_RESULTS = 5000
DAY = 86400.0
OVERLAP = 2 * DAY
TICKET_COMPONENTS = (9, 25)
FIELDS = {"entry": ("EntryDate", "TimeDate"), "created": ("CreatedDate", "CreatedDate"),
          "status": ("StatusDate", "StatusDate")}  # fmt: skip
"""phase -> (TimeSearch filter prefix, TimeEntry field the windows are sized by)."""


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

    def _start(self, ctx: StreamContext) -> dict[str, Any]:
        if self._pass is None:
            # What was proven about the server's cut holds even for a --full pass.
            self._limits = Limits.from_json((ctx.sink.cursor(self.name) or {}).get("limits"))
            cursor = (None if ctx.full else ctx.sink.cursor(self.name)) or {}
            if cursor.get("phases"):
                self._pass = dict(cursor)
            else:
                since, start = cursor.get("since"), self.tenant.server_now()
                floor = None if since is None else since - OVERLAP
                walk = Walk(hi=start + DAY, floor=floor).to_json()
                phases = ["entry"] if since is None else ["created", "status"]
                self._pass = {"since": since, "start": start, "phases": phases, "walk": walk}
        return self._pass

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
        )

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """A backfill counts the time entries of each slice of the census's history and
        replays its walk over them; a later pass makes one search per phase unless a window
        splits (what changed since the last pass is far less than a window holds)."""
        state = self._start(ctx)
        census = await self.tenant.census if "tickets" in ctx.streams else None
        if census is None or ctx.preview or state["phases"] != ["entry"] or "walk" not in state:
            return [CallEstimate(SEARCH, len(state["phases"]))]
        spent = [0]

        async def search(body: dict[str, Any]) -> list[Any]:
            spent[0] += 1
            return await self.api.search_time(body)

        found = await time_census(search, oldest=census.oldest, newest=census.newest,
                                  limit=self.max_results, components=TICKET_COMPONENTS)  # fmt: skip
        walk = Walk.from_json(state["walk"])
        calls = await self._walker("entry").calls_to_walk(density(found), walk)
        ctx.reporter.update(total=round(total(found).value))
        return [CallEstimate(SEARCH, spent[0] + calls)]

    async def run(self, ctx: StreamContext) -> None:
        """Each phase's windows, committed with the pass's state."""
        state = self._start(ctx)
        while state["phases"]:
            phase = state["phases"][0]
            async for window in self._walker(phase).windows(Walk.from_json(state["walk"])):
                if window.next is not None:
                    state = state | {"walk": window.next.to_json()}
                else:
                    state = self._next_phase(state)
                await self._commit(ctx, window.rows, state | {"limits": self._limits.to_json()})

    def _next_phase(self, state: dict[str, Any]) -> dict[str, Any]:
        rest = state["phases"][1:]
        if not rest:
            return {"since": state["start"], "phases": []}
        floor = None if state["since"] is None else state["since"] - OVERLAP
        walk = Walk(hi=state["start"] + DAY, floor=floor).to_json()
        return state | {"phases": rest, "walk": walk}

    async def _commit(self, ctx: StreamContext, rows: list[Any], cursor: dict[str, Any]) -> None:
        on_tickets = [r for r in rows if r.get("Component") in TICKET_COMPONENTS]
        table = await asyncio.to_thread(
            mapping.time_entries, on_tickets, connection=ctx.connection, tz=self.tenant.tz
        )
        data = {"time_entries": table} if table.num_rows else {}
        await ctx.sink.write(Batch(ctx.connection, rows=data, cursors={self.name: cursor}))
        self._rows += table.num_rows
        ctx.reporter.update(done=self._rows, rows=table.num_rows)

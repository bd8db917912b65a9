"""One incremental query walked page by page, each page committed with where the pass stands.

Every Autotask entity with an activity or modified date (reference A5: Tickets and TicketNotes
by ``lastActivityDate``, TimeEntries by ``lastModifiedDateTime``, Contacts by
``lastModifiedDate``, Companies by ``lastActivityDate``) is read the same way:

- a pass asks ``{date} gte since - overlap`` (everything on the first pass) and pages through
  the answer in ``id`` order by ``nextPageUrl``;
- each page is committed with the pass's state: its ``since``, the last ``id`` committed and
  the newest date read. A sync killed mid-pass resumes with ``id gt`` that last id, the same
  filter, and pages on from there: nothing is lost, and what is read twice is upserted;
- the next pass's ``since`` is the newest date this pass read, but never later than when the
  pass started (on the server's clock): records come in ``id`` order, so a record changed
  while the pass ran may have been read before the change, and is then newer than the pass's
  start, not necessarily than the newest date read (``connectors/incremental.py``: the date is
  the server's, less an overlap).

Entities without a date (Resources, Roles, Departments, picklists) are read whole each time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ticketlake.connectors import incremental
from ticketlake.connectors.autotask import endpoints as ep
from ticketlake.connectors.autotask.api import MAX_RECORDS, Page
from ticketlake.connectors.autotask.filters import ALL, Filter, gt, gte, instant
from ticketlake.connectors.autotask.streams.tenant import AtStream
from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.instants import parse_instant
from ticketlake.connectors.rows import Rows
from ticketlake.records import Batch

OVERLAP = 600.0
"""Seconds re-read below ``since``: records committed out of date order around it."""


class QueryStream(AtStream):
    """A stream reading one entity incrementally (subclasses say which and how to map it)."""

    entity = ""
    date_field: str | None = None
    include: Sequence[str] | None = None
    extra: Sequence[Filter] = ()
    """Conditions every query of the stream adds (TimeEntries: only a ticket's)."""
    pages = 1
    """The pages the estimate expects."""

    def _pass(self, ctx: StreamContext) -> dict[str, Any]:
        """This run's pass: the interrupted one, or a new one from the last ``since``."""
        cursor = None if ctx.full else ctx.sink.cursor(self.name)
        if cursor and cursor.get("pass"):
            return dict(cursor["pass"])
        since = cursor.get("since") if cursor else None
        return {"floor": incremental.floor(since, OVERLAP), "start": None, "after": 0,
                "newest": None}  # fmt: skip

    def filters(self, state: dict[str, Any]) -> list[Filter]:
        """The pass's query from where it stands."""
        found = list(self.extra)
        if self.date_field and state["floor"] is not None:
            found.append(gte(self.date_field, instant(state["floor"])))
        if state["after"]:
            found.append(gt("id", state["after"]))
        return found or list(ALL)

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """The first page, asked now and kept for the run; more pages: a count."""
        state = self._pass(ctx)
        page = await self.api.first_page(self.entity, self.filters(state), include=self.include,
                                         prime=True)  # fmt: skip
        count, counted = len(page.items), []
        if page.next_url:
            count = await self.api.count(self.entity, self.filters(state))
            counted = [CallEstimate(ep.key("POST", ep.count(self.entity)), 1, exact=True)]
        self.estimated(ctx, count)
        pages = self.pages = max(1, math.ceil(count / MAX_RECORDS))
        # one page at a time: each nextPageUrl comes with the page before it
        later = CallEstimate(ep.key("POST", ep.next_page(self.entity)), pages - 1, exact=True,
                             concurrency=1)  # fmt: skip
        return [
            CallEstimate(ep.key("POST", ep.query(self.entity)), 1, exact=True),
            *counted,
            *([later] if pages > 1 else []),
        ]

    def estimated(self, ctx: StreamContext, count: int) -> None:
        """What the estimate found (streams that others size themselves by say it here)."""
        ctx.reporter.update(total=count)

    async def run(self, ctx: StreamContext) -> None:
        """Every page of the pass, each committed with the pass's state."""
        state = self._pass(ctx)
        await self.before(ctx)
        # The server's clock, read once the estimate's probe answered: a process that has not
        # heard the server yet knows only its own clock.
        state["start"] = state["start"] or self.tenant.server_now()
        done, read = 0, 0
        later = ep.key("POST", ep.next_page(self.entity))
        async for page in self.api.pages(self.entity, self.filters(state), include=self.include):
            rows = await self.map(ctx, page)
            last = page.last_id()
            state["after"] = max(state["after"], last or 0)
            state["newest"] = self._newest(state["newest"], page)
            cursor = {"pass": dict(state)} if page.next_url else self._finished(state)
            await ctx.sink.write(Batch(ctx.connection, rows=rows, cursors={self.name: cursor}))
            done, read = done + len(page.items), read + 1
            left = max(1, self.pages - read) if page.next_url else 0
            ctx.reporter.update(done=done, rows=len(page.items), remaining={later: left})

    def _newest(self, known: float | None, page: Page) -> float | None:
        """The later of ``known`` and the newest date on ``page`` (epoch seconds)."""
        if not self.date_field:
            return known
        found = Rows(page.items).values((self.date_field,))[self.date_field]
        dates = [d for d in (parse_instant(v) for v in found) if d is not None]
        return max([*dates, *([known] if known is not None else [])], default=None)

    def _finished(self, state: dict[str, Any]) -> dict[str, Any]:
        """The cursor of a finished pass: the next ``since``."""
        newest, start = state["newest"], state["start"]
        return {"since": start if newest is None else min(newest, start)}

    async def before(self, ctx: StreamContext) -> None:
        """What a pass needs before its first page is mapped (lookups); nothing by default."""

    async def map(self, ctx: StreamContext, page: Page) -> dict[str, Any]:
        """The canonical rows of one page (table -> rows)."""
        raise NotImplementedError

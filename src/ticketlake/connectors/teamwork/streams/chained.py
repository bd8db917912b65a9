"""A stream that reads one list in update order, page by page (``chain.py``), committing
each page with the pass's state; subclasses say what to ask and how to map it."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.teamwork import endpoints as ep
from ticketlake.connectors.teamwork.api import Page
from ticketlake.connectors.teamwork.chain import Chain, advance, fresh, newest_of
from ticketlake.connectors.teamwork.rows import Row
from ticketlake.connectors.teamwork.streams.tenant import TwStream
from ticketlake.records import Batch

Deletes = dict[str, Sequence[Mapping[str, object]]]


class ChainedStream(TwStream):
    """One list read incrementally by its update date (``date_field``)."""

    page_size = 500
    template = ""
    """The endpoint the stream's calls go to (for the plan)."""

    @staticmethod
    def date(record: dict[str, Any]) -> object:
        """A record's update date (``updatedAt`` unless a list dates its records otherwise)."""
        return record.get("updatedAt")

    def first_chain(self, ctx: StreamContext) -> Chain:
        """This run's pass (a subclass may start a first pass elsewhere)."""
        return Chain.of(None if ctx.full else ctx.sink.cursor(self.name))

    async def ask(self, chain: Chain, first: bool, prime: bool = False) -> Page:
        """One page of the pass (``first``: the run's first ask, which counts the list)."""
        raise NotImplementedError

    async def map(
        self, ctx: StreamContext, rows: list[dict[str, Any]], page: Page
    ) -> tuple[dict[str, pa.Table], Deletes]:
        """The canonical rows (and deletions) of a page's new records."""
        raise NotImplementedError

    async def before(self, ctx: StreamContext) -> None:
        """What a pass waits for before its first ask (nothing by default)."""

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """The pass's first page, asked now and kept for the run: its count sizes the rest."""
        page = await self.ask(self.first_chain(ctx), True, prime=True)
        count = page.count if page.count is not None else len(page.items)
        if page.count is not None:
            self.tenant.counts[self.name] = page.count
        ctx.reporter.update(total=count)
        # each ask after the first re-reads the second it starts at: a record, as a rule
        pages = max(1, math.ceil(count / (self.page_size - 1)))
        # one page at a time: each ask starts where the page before it ended
        return [CallEstimate(ep.key(self.template), pages, exact=not page.has_more, concurrency=1)]

    async def run(self, ctx: StreamContext) -> None:
        """Every page of the pass, each committed with where the pass stands."""
        chain = self.first_chain(ctx)
        await self.before(ctx)
        first, done = True, 0
        while True:
            page = await self.ask(chain, first)
            first = False
            rows = page.rows()
            new = fresh(chain, rows, self.date)
            tables, deletes = await self.map(ctx, new, page) if new else ({}, {})
            following = advance(chain, rows, self.date, page.has_more)
            cursor = following.to_json() if following else self._finished(chain, rows)
            await ctx.sink.write(
                Batch(
                    ctx.connection, rows=dict(tables), cursors={self.name: cursor}, deletes=deletes
                )
            )
            done += len(new)
            left = max(1, math.ceil(((page.count or 0) - done) / (self.page_size - 1)))
            ctx.reporter.update(
                done=done,
                rows=len(new),
                remaining={ep.key(self.template): left if following else 0},
            )
            if following is None:
                return
            chain = following

    def _finished(self, chain: Chain, rows: list[dict[str, Any]]) -> dict[str, Any]:
        newest = newest_of(chain, rows, self.date)
        ended = dataclasses.replace(chain, newest=newest)
        return ended.finished(chain.after)


def small_lists(*templates: str) -> list[CallEstimate]:
    """A call for each small list read whole (one page each, as a rule)."""
    return [CallEstimate(ep.key(t), 1, exact=True) for t in templates]


def with_rows(found: Mapping[str, list[Row]]) -> dict[str, list[Row]]:
    """Only the tables that have rows."""
    return {k: v for k, v in found.items() if v}

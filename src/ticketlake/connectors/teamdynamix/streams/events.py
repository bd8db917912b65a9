"""Ticket events: comments, status changes and edits, from the feeds.

The application-wide feed (``GET tickets/feed``) is the one bulk path for comments (reference
§3.3): a backfill reads it in date ranges paged side by side (``feedranges.py``); an incremental
pass reads only what was updated after the newest entry of the previous pass. When that feed is
refused (not visible to the account, not there), or when the connection's last check found it
disagreeing with the per-ticket feeds (``TdxSettings.bulk_feed``), the stream reads one ``GET
tickets/{id}/feed`` per ticket modified since the last pass, in (modified_at, id) order.

A backfill's plan of pages (sized on the census, by sampling ticket feeds) rides in the cursor
with the pass: a run that resumes it (the next slice) counts down what is left of the plan
instead of sampling again.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

import pyarrow as pa

from ticketlake.connectors.base import CallEstimate, StreamContext
from ticketlake.connectors.census import Census, Count
from ticketlake.connectors.instants import parse_instant
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.connectors.teamdynamix.census import SAMPLE
from ticketlake.connectors.teamdynamix.feedranges import (
    PAGE,
    REPLIES,
    FeedMisread,
    FeedRange,
    FeedRanges,
    Mark,
)
from ticketlake.connectors.teamdynamix.streams.perticket import PerTicketWalk
from ticketlake.connectors.teamdynamix.streams.tenant import TdxStream, TdxTenant
from ticketlake.connectors.together import together
from ticketlake.errors import NotFound, PermissionDenied, SourceError
from ticketlake.records import Batch

APP_FEED = f"GET {ep.APP_FEED}"
TICKET_FEED = f"GET {ep.TICKET_FEED}"
FEED_LIMIT = ep.PER_MINUTE
"""The application-wide feed's budget as the plan prices it (the server's headers correct it
at run time)."""
SAMPLING_SHARE = 0.02
"""A further round of ticket feeds (a window of their budget) is sampled while it costs at most
this share of the feed's duration."""
MORE_ROUNDS = 2
PREVIEW_SAMPLE = 3
"""Ticket feeds a preview samples: with the checks' own feed reads, a handful of calls."""
WORKERS = 4
FLUSH_PAGES = 20
YEAR = 365 * 86400.0
REFUSED_STATUSES = (400, 403, 404, 405, 501)


def feed_refused(exc: SourceError) -> bool:
    """Whether an error means the application-wide feed is not usable for this account."""
    return isinstance(exc, PermissionDenied | NotFound) or exc.status in REFUSED_STATUSES


class EventsStream(TdxStream):
    """ticket_events from the application-wide feed, or per ticket."""

    name = "ticket_events"
    tables = ("ticket_events",)

    def __init__(self, tenant: TdxTenant, *, workers: int = WORKERS) -> None:
        super().__init__(tenant)
        self.workers = workers
        self.mode = "app"
        self.note: str | None = None
        self._ranges: FeedRanges | None = None
        self._since: str | None = None
        self._buffer: list[tuple[list[Any], Mark]] = []
        self._lock = asyncio.Lock()
        self._pages = 0
        self._estimate = 0
        self._plan: dict[str, Any] | None = None
        """A backfill's plan of pages, from the census: what is left of it (``left``: pages,
        low, high) and where the tickets' history starts; kept in the cursor for the pass."""
        self._unlisted = 0
        """Replies the application-wide feed counted (``RepliesCount``) but did not list."""
        self.per_ticket = PerTicketWalk(
            tenant,
            self.name,
            endpoint=f"GET {ep.TICKET_FEED}",
            table="ticket_events",
            fetch=self.api.ticket_feed,
            to_table=self._events,
            mode="tickets",
        )

    def _start(self, ctx: StreamContext) -> FeedRanges:
        if self._ranges is None:
            cursor = (None if ctx.full else ctx.sink.cursor(self.name)) or {}
            if cursor.get("mode") == "tickets":
                self.mode = "tickets"
            elif self.tenant.settings.bulk_feed is False:
                # The checks saw the bulk feed disagree with per-ticket feeds (or refused).
                self.mode = "tickets"
                self.note = "the checks found the application-wide feed unreliable: per ticket"
            self._since = cursor.get("since")
            latest = cursor.get("latest")  # the reading a past pass proved, if any
            if cursor.get("ranges") is not None:
                self._plan = cursor.get("plan")
                pairs = [(lo, hi) for lo, hi in cursor["ranges"]]
                self._ranges = FeedRanges(pairs, newest=cursor.get("newest"), latest=latest)
            else:
                self._ranges = FeedRanges([(self._since, None)], latest=latest)
        return self._ranges

    async def estimate(self, ctx: StreamContext) -> list[CallEstimate]:
        """Probe the first page (reused by the run); fall back per ticket if it is refused."""
        ranges = self._start(ctx)
        if self.mode == "app" and ranges.ranges:
            try:
                page = await self.api.app_feed(ranges.params(ranges.ranges[0]), prime=True)
                if not isinstance(page, dict):
                    raise FeedMisread("the application-wide feed answered without a page")
            except FeedMisread as exc:
                self._fall_back_misread(exc)
            except SourceError as exc:
                if not feed_refused(exc):
                    raise
                self._fall_back(exc)
            else:
                estimates = await self._expected(ctx, page)
                self._estimate = estimates[0].calls
                ctx.reporter.update(total=self._estimate)
                return estimates
        if self.mode == "tickets":
            return await self.per_ticket.estimate(ctx)
        return []

    async def _events(self, entries: list[Any]) -> pa.Table:
        statuses = await self.tenant.status_names()
        table = mapping.events(
            entries, connection=self.tenant.connection, tz=self.tenant.tz, statuses=statuses
        )
        return _ticket_events(table)

    def _fall_back(self, exc: SourceError) -> None:
        self.mode = "tickets"
        self.note = f"application-wide feed refused ({exc.status}): reading feeds per ticket"

    def _fall_back_misread(self, exc: FeedMisread) -> None:
        self.mode = "tickets"
        self.note = f"{exc}: reading feeds per ticket"

    async def _expected(self, ctx: StreamContext, page: dict[str, Any]) -> list[CallEstimate]:
        """The pages this pass will read: for a backfill, the census's feed entries per ticket
        times its tickets (a pass an earlier run planned so: the rest of that plan); for a later
        pass, the first page's density over the time since."""
        if self._plan is not None:
            return self._planned(self._plan)
        census = None
        if self._since is None and "tickets" in ctx.streams and page.get("NextDateTo"):
            census = await self.tenant.census
        if census is not None:
            try:
                return await self._from_census(ctx, census)
            except SourceError as exc:  # the per-ticket feeds are refused: the density it is
                self.note = f"the feed's length was not sampled ({exc.status}): a rough ETA"
        pages = await self._pages_expected(ctx, page)
        return [CallEstimate(APP_FEED, pages, exact=pages == 1, concurrency=self.workers)]

    async def _from_census(self, ctx: StreamContext, census: Census) -> list[CallEstimate]:
        """Sample ticket feeds until the range is narrow enough for the time the feed takes:
        each further round costs one window of the per-ticket feed's budget, spent only while
        that stays within ``SAMPLING_SHARE`` of the feed's own duration."""
        if ctx.preview:  # a few feeds: the checks stay cheap, the range says how unsure
            await census.sample(self._feed_length, PREVIEW_SAMPLE)
            return self._feed_estimates(census)
        await census.sample(self._feed_length, SAMPLE)
        affordable = int(SAMPLING_SHARE * _pages(census.estimate()).value / FEED_LIMIT.calls)
        if min(affordable, MORE_ROUNDS):
            await census.sample(self._feed_length, SAMPLE * min(affordable, MORE_ROUNDS))
        return self._feed_estimates(census)

    async def _feed_length(self, ticket_id: int) -> float:
        """A ticket's feed entries: what the census samples to size the feed."""
        return len(await self.api.ticket_feed(ticket_id))

    def _feed_estimates(self, census: Census) -> list[CallEstimate]:
        pages = _pages(census.estimate())
        left = [round(pages.value), round(pages.low), round(pages.high)]
        self._plan = {"left": left, "oldest": self.tenant.oldest_hint}
        sampled = CallEstimate(TICKET_FEED, len(census.measured), exact=True)
        return [*self._planned(self._plan), sampled]

    def _planned(self, plan: dict[str, Any]) -> list[CallEstimate]:
        """The pages left of the pass's plan."""
        value, low, high = (int(n) for n in plan["left"])
        self._estimate = value
        return [CallEstimate(APP_FEED, value, low=low, high=high, concurrency=self.workers)]

    def _oldest(self) -> float | None:
        """Where the tickets' history starts (an open range's entries end there): as the
        pass's plan found it, else as this run's tickets probe saw it."""
        kept = (self._plan or {}).get("oldest")
        return float(kept) if kept is not None else self.tenant.oldest_hint

    async def _pages_expected(self, ctx: StreamContext, page: dict[str, Any]) -> int:
        """Pages the pass will read: the first page's density (entries per second) over the
        span still to read (since the last pass; for a backfill without a census, since the
        first ticket)."""
        if not page.get("NextDateTo"):
            return 1
        stamps = [parse_instant(e.get("LastUpdatedDate")) for e in page.get("Entries") or []]
        known = [s for s in stamps if s is not None]
        nxt = parse_instant(page["NextDateTo"])
        if not known or nxt is None or max(known) <= nxt:
            return 2
        density = len(known) / (max(known) - nxt)
        since = parse_instant(self._since)
        if since is None and "tickets" in ctx.streams:
            await self.tenant.ticket_estimate  # its probe finds how far back history goes
        floor = since or self.tenant.oldest_hint or max(known) - YEAR
        return max(2, int(density * (max(known) - floor) / PAGE) + 1)

    async def run(self, ctx: StreamContext) -> None:
        """Page the ranges with every worker busy, or read per ticket."""
        ranges = self._start(ctx)
        if self.mode == "app":
            try:
                await self._app_feed(ctx, ranges)
            except FeedMisread as exc:  # pages read so far were within their bounds: kept
                self._fall_back_misread(exc)
            except SourceError as exc:
                if not feed_refused(exc) or self._pages:
                    raise
                self._fall_back(exc)
        if self.mode == "tickets":
            ctx.reporter.update(note=self.note)
            self.per_ticket.note = self.note
            await self.per_ticket.run(ctx)

    async def _app_feed(self, ctx: StreamContext, ranges: FeedRanges) -> None:
        statuses = await self.tenant.status_names()
        moved = asyncio.Event()
        await together(*(self._worker(ctx, ranges, statuses, moved) for _ in range(self.workers)))
        await self._flush(ctx, ranges, statuses, final=True)
        if self._unlisted:
            self.note = (
                f"{self._unlisted} replies not read: the feed lists at most {REPLIES} per entry"
            )
            ctx.reporter.update(note=self.note)

    async def _worker(
        self, ctx: StreamContext, ranges: FeedRanges, statuses: list[str], moved: asyncio.Event
    ) -> None:
        while not ranges.done:
            ranges.oldest = self._oldest()
            r = ranges.take()
            if r is None:
                moved.clear()
                await moved.wait()
                continue
            try:
                await self._page_range(ctx, ranges, r, statuses, moved)
            except BaseException:
                ranges.release(r)
                moved.set()
                raise
        moved.set()

    async def _page_range(
        self,
        ctx: StreamContext,
        ranges: FeedRanges,
        r: FeedRange,
        statuses: list[str],
        moved: asyncio.Event,
    ) -> None:
        while r in ranges.ranges:
            query, latest = ranges.params(r), ranges.latest
            page = await self.api.app_feed(query)
            if not ranges.accept(query, latest, page):
                continue  # the server reads DateFrom/DateTo the other way: ask again
            self._buffer.append((page.get("Entries") or [], ranges.apply(r, page)))
            self._pages += 1
            moved.set()
            left = ranges.pages_left() if ranges.density else self._estimate - self._pages
            ctx.reporter.update(
                done=self._pages,
                total=self._pages + max(0, left),
                remaining={APP_FEED: max(0, left)},
            )
            if len(self._buffer) >= FLUSH_PAGES:
                await self._flush(ctx, ranges, statuses)

    async def _flush(
        self, ctx: StreamContext, ranges: FeedRanges, statuses: list[str], *, final: bool = False
    ) -> None:
        """Write buffered pages with the committed state of the pass (one transaction)."""
        async with self._lock:
            pages, self._buffer = self._buffer, []
            entries = [e for page_entries, _ in pages for e in page_entries]
            self._unlisted += sum(map(_unlisted_replies, entries))
            marks = [mark for _, mark in pages]
            table = await asyncio.to_thread(
                mapping.events,
                entries,
                connection=ctx.connection,
                tz=self.tenant.tz,
                statuses=statuses,
            )
            table = _ticket_events(table)
            ranges_after = ranges.cursor(marks)
            cursor: dict[str, Any] = {"since": self._since, "mode": "app"} | ranges_after
            if self._plan is not None:  # a later run resumes the pass with what is left of it
                self._plan = _less(self._plan, len(pages))
                cursor["plan"] = self._plan
            if final and ranges.done and not ranges_after["ranges"]:
                cursor = {
                    "since": ranges_after["newest"] or self._since,
                    "mode": "app",
                    "ranges": None,
                    "latest": ranges.reading,
                }
            rows = {"ticket_events": table} if table.num_rows else {}
            await ctx.sink.write(Batch(ctx.connection, rows=rows, cursors={self.name: cursor}))
            ranges.commit(marks)
            ctx.reporter.update(rows=table.num_rows)


def _less(plan: dict[str, Any], pages: int) -> dict[str, Any]:
    """``plan`` once ``pages`` more are read (a page is left at least, until the pass ends)."""
    return plan | {"left": [max(1, int(n) - pages) for n in plan["left"]]}


def _pages(entries: Count) -> Count:
    """Feed pages for so many entries: full pages, plus one part-filled page per worker's last
    range (replies travel inside their entries)."""

    def pages(n: float) -> float:
        return math.ceil(n / PAGE) + WORKERS

    return Count(pages(entries.value), pages(entries.low), pages(entries.high))


def _unlisted_replies(entry: Any) -> int:
    """How many of an entry's replies (``RepliesCount``) its ``Replies`` leave out."""
    if not isinstance(entry, dict):
        return 0
    listed, counted = entry.get("Replies"), entry.get("RepliesCount")
    if not isinstance(counted, int) or isinstance(counted, bool):
        return 0
    return max(0, counted - (len(listed) if isinstance(listed, list) else 0))


def _ticket_events(table: pa.Table) -> pa.Table:
    """Entries that belong to a ticket (a feed may carry others, e.g. without an item)."""
    if not table.num_rows:
        return table
    return table.filter(table.column("ticket_id").is_valid())

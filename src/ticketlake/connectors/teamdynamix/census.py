"""A backfill's census of the tenant: how many tickets and time entries it holds, how they are
spread over its history, and how many feed entries a ticket has.

The plan of a backfill has to size what it cannot see before it reads it: TDX offers no ticket
count, no time-entry count and no feed length (reference §3, §4, §9 "no total count"). Scaling
the newest page up to the whole history misleads three ways: the newest tickets' histories are
not finished, a service desk is quiet at night, at weekends and over the holidays, and it grows
over the years. So the census measures the history where it lies, with a few dozen cheap calls:

- the history ``[oldest, now]`` is cut into ``STRATA`` equal slices; in each, one window of a
  week (the slice, if shorter) centred in it. A week takes in every weekday and hour, so the
  weekly rhythm of a desk does not bias the count;
- the tickets *modified* in each window are counted by one ``tickets/search`` (a full answer is
  split in halves and both counted): the tickets of a slice are its window's count times
  slice/window. ModifiedDate, not CreatedDate, because it is what the ticket walk pages by: the
  counts size that walk too (``windows.calls_to_walk``);
- a sample of those tickets, drawn from every slice in proportion to its tickets, have their
  own feeds read (``GET tickets/{id}/feed``, an endpoint the backfill leaves idle when the
  application-wide feed serves it): feed entries per ticket, weighted by status (a closed
  ticket has a longer history than a new one), with a 95 % range from the sample's spread;
- time entries are counted the same way, by ``time/search`` on EntryDate windows.

Every count is a ``Count``: a best value and the range the plan shows when it is unsure.
"""

from __future__ import annotations

import asyncio
import math
import random
import statistics
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ticketlake.connectors.instants import format_ceil, format_floor
from ticketlake.connectors.rows import JsonObject, Rows
from ticketlake.errors import NotFound, PermissionDenied

STRATA = 12
"""Slices of history the census samples (one window each)."""
DAY = 86400.0
WEEK = 7 * DAY
SAMPLE = 60
"""Ticket feeds read per sampling round: one window of that endpoint's documented budget."""
Z95 = 1.96
MIN_WIDTH = 3600.0
"""A window is not split below an hour (a denser hour is counted as its answer says)."""

Segment = tuple[float, float, float]
"""``(lo, hi, rows)``: an estimated number of rows dated in ``(lo, hi]`` (epoch seconds)."""
CountWindow = Callable[[float, float], Awaitable[list[Any]]]
"""``count(lo, hi)``: the rows dated in the window ``[lo, hi)`` (at most the search's
MaxResults)."""
Snap = Callable[[float], float]


@dataclass(frozen=True)
class Count:
    """An estimated count: the best value and a 95 % range (equal to it when exact)."""

    value: float
    low: float
    high: float

    @classmethod
    def exactly(cls, value: float) -> Count:
        """A count known exactly."""
        return cls(value, value, value)

    @property
    def exact(self) -> bool:
        """Whether the range is a single value."""
        return self.low == self.high


@dataclass
class Slice:
    """One slice of history and what its window showed."""

    lo: float
    hi: float
    window: tuple[float, float]
    rows: list[Any] = field(default_factory=list)

    @property
    def scale(self) -> float:
        """Rows of the slice per row of its window."""
        width = self.window[1] - self.window[0]
        return (self.hi - self.lo) / width if width > 0 else 1.0

    @property
    def estimate(self) -> float:
        """Rows dated in the slice."""
        return len(self.rows) * self.scale


def _same(t: float) -> float:
    return t


def whole_day(t: float) -> float:
    """The UTC midnight at or before ``t`` (windows of a search by calendar date)."""
    return math.floor(t / DAY) * DAY


def slices(
    oldest: float, newest: float, strata: int = STRATA, *, snap: Snap = _same
) -> list[Slice]:
    """``strata`` equal slices of ``[oldest, newest]``, each with its centred window (its
    edges put on ``snap``'s grid: whole days for a search by date)."""
    span = max(newest - oldest, 1.0)
    step = span / strata
    out = []
    for k in range(strata):
        lo, hi = oldest + k * step, oldest + (k + 1) * step
        width = min(WEEK, step)
        start = snap(lo + (step - width) / 2)
        end = max(snap(start + width), start + (DAY if snap is not _same else width))
        out.append(Slice(lo, hi, (start, end)))
    return out


async def count_windows(
    found: list[Slice],
    count: CountWindow,
    limit: int,
    *,
    snap: Snap = _same,
    min_width: float = MIN_WIDTH,
) -> None:
    """Fill each slice's rows from its window; a full answer is split in halves (on
    ``snap``'s grid, down to ``min_width``)."""

    async def rows_in(lo: float, hi: float) -> list[Any]:
        rows = await count(lo, hi)
        mid = snap((lo + hi) / 2)
        if len(rows) < limit or hi - lo <= min_width or not lo < mid < hi:
            return rows
        older, newer = await asyncio.gather(rows_in(lo, mid), rows_in(mid, hi))
        return older + newer

    answers = await asyncio.gather(*(rows_in(*s.window) for s in found))
    for s, rows in zip(found, answers, strict=True):
        s.rows = rows


def density(found: Sequence[Slice]) -> list[Segment]:
    """The slices as segments of estimated rows (for replaying a walk over them)."""
    return [(s.lo, s.hi, s.estimate) for s in found]


def total(found: Sequence[Slice]) -> Count:
    """Rows in all slices. The windows cover a share of the history; what they miss of its
    rhythm is small next to the feed sample's spread, so the range is the value."""
    return Count.exactly(round(sum(s.estimate for s in found)))


@dataclass(frozen=True)
class Ticket:
    """A ticket a census window found: enough to sample it and weigh it."""

    id: int
    status: int | None


@dataclass
class TicketCensus:
    """Tickets per slice of history and feed entries per ticket."""

    oldest: float
    newest: float
    found: list[Slice]
    seed: int = 0
    entries: dict[int, int] = field(default_factory=dict)
    """Ticket id -> top-level feed entries, for the sampled tickets."""

    @property
    def tickets(self) -> Count:
        """Tickets in the tenant (modified at some point in its history: all of them)."""
        return total(self.found)

    def density(self) -> list[Segment]:
        """Tickets by ModifiedDate, slice by slice."""
        return density(self.found)

    def draw(self, n: int) -> list[int]:
        """``n`` tickets not sampled yet, from every slice in proportion to its tickets."""
        rng = random.Random(self.seed * 7919 + len(self.entries))
        weights = [s.estimate for s in self.found]
        whole = sum(weights) or 1.0
        picked: list[int] = []
        for s, weight in zip(self.found, weights, strict=True):
            pool = [t.id for t in s.rows if t.id not in self.entries]
            take = min(len(pool), round(n * weight / whole))
            picked += rng.sample(pool, take)
        return picked

    async def sample_feeds(self, feed: Callable[[int], Awaitable[list[Any]]], n: int) -> None:
        """Read the feeds of ``n`` more tickets (concurrently: the budget paces them). A ticket
        gone or hidden since the census is left out; when every one is refused, the refusal
        is raised."""
        ids = self.draw(n)
        answers = await asyncio.gather(*(feed(i) for i in ids), return_exceptions=True)
        refused: list[BaseException] = []
        for ticket_id, entries in zip(ids, answers, strict=True):
            if isinstance(entries, NotFound | PermissionDenied):
                refused.append(entries)
            elif isinstance(entries, BaseException):
                raise entries
            else:
                self.entries[ticket_id] = len(entries)
        if refused and len(refused) == len(ids):
            raise refused[0]

    def feed_entries(self) -> Count:
        """Feed entries in the tenant: the sample's mean per status, weighted by how many
        tickets of each status the windows found (scaled to their slices)."""
        if not self.entries:
            return Count.exactly(0)
        weight: dict[int | None, float] = defaultdict(float)
        for s in self.found:
            for t in s.rows:
                weight[t.status] += s.scale
        status_of = {t.id: t.status for s in self.found for t in s.rows}
        seen: dict[int | None, list[int]] = defaultdict(list)
        for ticket_id, n in self.entries.items():
            seen[status_of.get(ticket_id)].append(n)
        everyone = list(self.entries.values())
        value, variance = 0.0, 0.0
        for status, w in weight.items():
            sample = seen.get(status) or everyone
            value += w * statistics.fmean(sample)
            spread = statistics.variance(sample) if len(sample) > 1 else statistics.fmean(sample)
            variance += w * w * spread / len(sample)
        margin = Z95 * math.sqrt(variance)
        return Count(round(value), max(0, round(value - margin)), round(value + margin))


def ticket_rows(rows: Sequence[JsonObject], tz: Any) -> list[Ticket]:
    """The census's view of search rows: id and status."""
    found = Rows(rows).values(("ID", "StatusID"))
    return [
        Ticket(int(i), s if isinstance(s, int) else None)
        for i, s in zip(found["ID"], found["StatusID"], strict=True)
        if isinstance(i, int)
    ]


async def ticket_census(
    search: Callable[[dict[str, Any]], Awaitable[list[JsonObject]]],
    *,
    oldest: float,
    newest: float,
    limit: int,
    tz: Any,
    seed: int = 0,
) -> TicketCensus:
    """Count the tickets modified in each slice's window (``limit``: the search's MaxResults)."""

    async def count(lo: float, hi: float) -> list[Any]:
        body = {"MaxResults": limit, "ModifiedDateFrom": format_floor(lo),
                "ModifiedDateTo": format_ceil(hi)}  # fmt: skip
        return ticket_rows(await search(body), tz)

    found = slices(oldest, newest)
    await count_windows(found, count, limit)
    return TicketCensus(oldest, newest, found, seed=seed)


async def time_census(
    search: Callable[[dict[str, Any]], Awaitable[list[Any]]],
    *,
    oldest: float,
    newest: float,
    limit: int,
    components: Sequence[int],
) -> list[Slice]:
    """Count the time entries in each slice's window of EntryDate. EntryDate bounds are
    calendar dates, both inclusive (reference §4): a window of whole days ``[lo, hi)`` is
    asked as the dates ``lo`` .. ``hi`` - 1 day."""

    async def count(lo: float, hi: float) -> list[Any]:
        body = {"MaxResults": limit, "Components": list(components),
                "EntryDateFrom": format_floor(lo),
                "EntryDateTo": format_floor(hi - DAY)}  # fmt: skip
        return await search(body)

    found = slices(oldest, newest, snap=whole_day)
    await count_windows(found, count, limit, snap=whole_day, min_width=DAY)
    return found

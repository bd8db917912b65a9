"""A census of a source's history: how many items it holds, how they are spread over time, and
a per-item measure sampled from them, with a few dozen cheap calls.

The plan of a backfill has to size what it cannot see before it reads it. Scaling the newest
page up to the whole history misleads three ways: the newest items' histories are not
finished, a service desk is quiet at night, at weekends and over the holidays, and it grows over
the years. So a census measures the history where it lies:

- the history ``[oldest, now]`` is cut into ``STRATA`` equal slices (``slices``); in each, one
  window of a week (the slice, if shorter) centred in it. A week takes in every weekday and
  hour, so the weekly rhythm of a desk does not bias the count;
- the items dated in each window are counted by one search (``count_windows``: a full answer
  is split in halves and both counted); the items of a slice are its window's count times
  slice/window (``Slice.estimate``), and the slices give the walk's density (``density``, for
  ``WindowWalker.calls_to_walk``);
- a per-item measure (TeamDynamix: feed entries per ticket) is read for a sample of those
  items, drawn from every slice in proportion to its items, and weighted by the items'
  stratum (a closed ticket has a longer history than a new one), with a 95 % range from the
  sample's spread (``Census``).

Every count is a ``Count``: a best value and the range the plan shows when it is unsure. What a
source counts and measures (which search, which date, which stratum) is its own
(``teamdynamix/census.py``).
"""

from __future__ import annotations

import asyncio
import math
import random
import statistics
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ticketlake.errors import NotFound, PermissionDenied

STRATA = 12
"""Slices of history the census samples (one window each)."""
DAY = 86400.0
WEEK = 7 * DAY
Z95 = 1.96
MIN_WIDTH = 3600.0
"""A window is not split below an hour (a denser hour is counted as its answer says)."""

Segment = tuple[float, float, float]
"""``(lo, hi, rows)``: an estimated number of rows dated in ``(lo, hi]`` (epoch seconds)."""
CountWindow = Callable[[float, float], Awaitable[list[Any]]]
"""``count(lo, hi)``: the rows dated in the window ``[lo, hi)`` (at most the search's
limit)."""
Measure = Callable[[int], Awaitable[float]]
"""``measure(item_id)``: the per-item quantity a census samples (TDX: a ticket's feed entries)."""
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


def within(segments: Sequence[Segment], lo: float | None, hi: float) -> float:
    """Rows of ``segments`` dated in ``[lo, hi]`` (``lo`` None: no lower bound), a segment
    cut by a bound counted in proportion: what a walk resumed at ``hi`` still has to read."""
    rows = 0.0
    for start, end, count in segments:
        top, bottom = min(end, hi), start if lo is None else max(start, lo)
        if top > bottom:
            rows += count * (top - bottom) / (end - start)
    return rows


def saved(segments: Sequence[Segment]) -> list[list[float]]:
    """Segments as a cursor keeps them (JSON)."""
    return [[lo, hi, rows] for lo, hi, rows in segments]


def restored(data: Sequence[Sequence[float]]) -> list[Segment]:
    """Segments back from their ``saved`` form."""
    return [(float(lo), float(hi), float(rows)) for lo, hi, rows in data]


def total(found: Sequence[Slice]) -> Count:
    """Rows in all slices. The windows cover a share of the history; what they miss of its
    rhythm is small next to the feed sample's spread, so the range is the value."""
    return Count.exactly(round(sum(s.estimate for s in found)))


@dataclass(frozen=True)
class Item:
    """An item a census window found: enough to sample it and weigh it."""

    id: int
    stratum: Hashable | None
    """What its measure depends on (TDX: a ticket's status); items are weighted per stratum."""


@dataclass
class Census:
    """Items per slice of history (``found``: slices whose rows are ``Item``) and a per-item
    measure read for a sample of them."""

    oldest: float
    newest: float
    found: list[Slice]
    seed: int = 0
    measured: dict[int, float] = field(default_factory=dict)
    """Item id -> its measure, for the sampled items."""

    @property
    def count(self) -> Count:
        """Items in the history (every slice's estimate)."""
        return total(self.found)

    def density(self) -> list[Segment]:
        """Items by date, slice by slice."""
        return density(self.found)

    def draw(self, n: int) -> list[int]:
        """``n`` items not sampled yet, from every slice in proportion to its items."""
        rng = random.Random(self.seed * 7919 + len(self.measured))
        weights = [s.estimate for s in self.found]
        whole = sum(weights) or 1.0
        picked: list[int] = []
        for s, weight in zip(self.found, weights, strict=True):
            pool = [t.id for t in s.rows if t.id not in self.measured]
            take = min(len(pool), round(n * weight / whole))
            picked += rng.sample(pool, take)
        return picked

    async def sample(self, measure: Measure, n: int) -> None:
        """Measure ``n`` more items (concurrently: the budget paces them). An item gone or
        hidden since the census is left out; when every one is refused, the refusal is
        raised."""
        ids = self.draw(n)
        answers = await asyncio.gather(*(measure(i) for i in ids), return_exceptions=True)
        refused: list[BaseException] = []
        for item_id, value in zip(ids, answers, strict=True):
            if isinstance(value, NotFound | PermissionDenied):
                refused.append(value)
            elif isinstance(value, BaseException):
                raise value
            else:
                self.measured[item_id] = value
        if refused and len(refused) == len(ids):
            raise refused[0]

    def estimate(self) -> Count:
        """The measure summed over every item of the history: the sample's mean per stratum,
        weighted by how many items of each stratum the windows found (scaled to their
        slices)."""
        if not self.measured:
            return Count.exactly(0)
        weight: dict[Hashable | None, float] = defaultdict(float)
        for s in self.found:
            for t in s.rows:
                weight[t.stratum] += s.scale
        stratum_of = {t.id: t.stratum for s in self.found for t in s.rows}
        seen: dict[Hashable | None, list[float]] = defaultdict(list)
        for item_id, n in self.measured.items():
            seen[stratum_of.get(item_id)].append(n)
        everyone = list(self.measured.values())
        value, variance = 0.0, 0.0
        for stratum, w in weight.items():
            sample = seen.get(stratum) or everyone
            value += w * statistics.fmean(sample)
            spread = statistics.variance(sample) if len(sample) > 1 else statistics.fmean(sample)
            variance += w * w * spread / len(sample)
        margin = Z95 * math.sqrt(variance)
        return Count(round(value), max(0, round(value - margin)), round(value + margin))

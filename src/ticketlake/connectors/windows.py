"""Self-splitting date windows: reading everything a capped search holds, newest first.

A search that has no paging and stops silently at a row limit (TeamDynamix's ``tickets/search``
and ``time/search`` stop at ``MaxResults``: reference §3.1, §4) can only be read whole in date
windows small enough to come back below the limit. Any connector with such a search gives the
walker a ``fetch(lo, hi, limit)`` and how to read a row's date and identity; the walker does
the rest:

- the walk goes backward from ``hi`` (newest first, so the newest tickets land first) down to
  ``floor`` (an incremental sync's start) or to the beginning of history;
- it first tries the whole remainder in one call (a small tenant or a quiet day costs one call);
- a window that comes back full is not trusted: it is split (its width halved) and asked again;
- the next width adapts to the density seen, aiming at ``fill`` × ``MaxResults`` rows;
- window edges overlap (both bounds are sent inclusive, since inclusivity is UNCONFIRMED) and
  rows seen at the shared edge are dropped the second time (by id and date);
- a window narrower than ``min_width`` that is still full is asked with no limit;
- the server may cut answers below our limit (the cap it honours is UNCONFIRMED), and
  a cut answer looks complete. So an answer of ``SUSPECT`` rows or more, and more rows than any
  answer proven complete so far, is proven by asking its two halves (split at its median
  date): a half that brings a row the whole did not means the server cut it at that many rows.
  From then on that count is the cap, and an answer reaching it is full. What was proven (the
  cap, the largest complete count) is kept in ``Limits`` for the stream's cursor;
- a full answer with rows dated more than ``SLACK`` outside the window asked for means the
  server does not apply the date filter (or reads it in another zone by more than a day): the
  walk stops with a ``SourceError`` instead of splitting windows that can never come back
  right. (An answer that is not full is kept as it is: extra rows cost nothing but storage.)

The walk's state is a small JSON-able ``Walk``: commit it with each window's rows and a killed
sync resumes at the next window.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ticketlake.connectors.instants import format_ceil, format_floor
from ticketlake.errors import SourceError

ORIGIN = 788_918_400.0
"""1995-01-01T00:00:00Z: older than any service-desk history the sources hold (TeamDynamix and
Autotask date from 2001, Teamwork.com from 2007). A window reaching it is the last."""
SLACK = 86400.0
"""How far outside its window a row's date may be before the filter is taken as not applied
(a zone misread shifts dates by hours, never by a day)."""
SAMPLE = 32
"""Rows of each answer whose dates are checked against the window."""
SUSPECT = 100
"""Answers smaller than this are not suspected of a server cut (TeamDynamix's documented
default is 300; no server is known to cut lower)."""

Row = Any
"""One search result, in whatever form the caller's ``fetch`` gives (a dict, its JSON text)."""
Fetch = Callable[[float | None, float, int | None], Awaitable[list[Row]]]
"""``fetch(lo, hi, limit)``: rows dated in [lo, hi] (lo ``None``: no lower bound), at most
``limit`` of them (``None``: all)."""
KeysOf = Callable[[Sequence[Row]], list[Hashable]]
"""The identity of each row (id and date: a row edited between two calls is a new row)."""
DatesOf = Callable[[Sequence[Row]], list[float | None]]
"""The date each row was searched by, as epoch seconds (None when unreadable)."""


@dataclass(frozen=True)
class Walk:
    """Where a backward walk stands: [floor, hi] is still to read."""

    hi: float
    floor: float | None = None
    width: float | None = None
    """The next window's width in seconds; ``None``: try the whole remainder at once."""

    def to_json(self) -> dict[str, Any]:
        """The cursor form."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Walk:
        """Back from the cursor form."""
        return cls(hi=float(data["hi"]), floor=data.get("floor"), width=data.get("width"))


@dataclass
class Limits:
    """What a walk has proven about the server's cut: ``cap`` (rows it cuts answers at, None:
    none seen) and ``proven`` (the most rows an answer was shown complete with)."""

    cap: int | None = None
    proven: int = 0

    def to_json(self) -> dict[str, Any]:
        """The cursor form."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Limits:
        """Back from the cursor form (``None``: nothing proven yet)."""
        data = data or {}
        return cls(cap=data.get("cap"), proven=int(data.get("proven") or 0))


@dataclass(frozen=True)
class Window:
    """One trusted window: its bounds, its new rows, and the walk after it (``None``: done)."""

    lo: float | None
    hi: float
    rows: list[Row]
    next: Walk | None
    calls: int
    """Calls spent on this window, including the ones that came back full."""
    answered: list[Row] | None = None
    """Every row the window's answer held, those already seen at the shared edge included
    (what the source holds in ``[lo, hi]``, for finding rows deleted there)."""


class WindowWalker:
    """Reads a date range through ``fetch`` in self-splitting windows."""

    def __init__(
        self,
        fetch: Fetch,
        *,
        max_results: int,
        dates_of: DatesOf,
        keys_of: KeysOf,
        fill: float = 0.5,
        min_width: float = 1.0,
        initial_width: float = 30 * 86400.0,
        limits: Limits | None = None,
        origin: float = ORIGIN,
        suspect: int = SUSPECT,
        vendor: str = "the vendor",
    ) -> None:
        """``fetch`` reads a window; ``dates_of`` and ``keys_of`` read its rows' dates and
        identities. ``origin``: nothing is older (the last window reaches it); ``suspect``:
        the fewest rows an answer may hold to be suspected of a server cut; ``vendor``: whom
        to tell when the search ignores its date filter."""
        self._fetch = fetch
        self._max = max_results
        self.limits = limits or Limits()
        self._dates_of = dates_of
        self._keys_of = keys_of
        self._fill = fill
        self._min_width = min_width
        self._initial_width = initial_width
        self._origin = origin
        self._suspect_at = suspect
        self._vendor = vendor

    async def windows(self, walk: Walk) -> AsyncIterator[Window]:
        """Yield trusted windows, newest first, until the walk reaches its floor."""
        edge: set[Hashable] = set()
        current: Walk | None = walk
        while current is not None:
            window = await self._next_window(current)
            keys = self._keys_of(window.rows)
            fresh = [r for r, k in zip(window.rows, keys, strict=True) if k not in edge]
            edge = set(keys)
            current = window.next
            yield Window(window.lo, window.hi, fresh, window.next, window.calls, window.rows)

    async def calls_to_walk(self, rows: Sequence[tuple[float, float, float]], walk: Walk) -> int:
        """The calls ``windows(walk)`` will make over a range holding ``rows`` (segments of
        ``(lo, hi, count)``, e.g. a census's estimate): the walk replayed against a stand-in
        search whose rows are spread evenly over each segment. Full answers, splits and
        proofs of a cut happen as they will on the server, so the plan counts them too."""
        dates = sorted(
            lo + (k + 0.5) * (hi - lo) / n
            for lo, hi, count in rows
            if (n := round(count)) > 0
            for k in range(n)
        )

        async def fetch(lo: float | None, hi: float, limit: int | None) -> list[Row]:
            first = 0 if lo is None else bisect.bisect_left(dates, lo)
            newest_first = range(bisect.bisect_right(dates, hi) - 1, first - 1, -1)
            return list(newest_first if limit is None else newest_first[:limit])

        twin = WindowWalker(
            fetch,
            max_results=self._max,
            dates_of=lambda found: [dates[i] for i in found],
            keys_of=list,
            fill=self._fill,
            min_width=self._min_width,
            initial_width=self._initial_width,
            limits=Limits(self.limits.cap, self.limits.proven),
            origin=self._origin,
            suspect=self._suspect_at,
            vendor=self._vendor,
        )
        return sum([w.calls async for w in twin.windows(walk)])

    def first_bounds(self, walk: Walk) -> float | None:
        """The lower bound of the first call ``windows(walk)`` will make (a probe's query)."""
        return self._bounds(walk.hi, walk.floor, walk.width)[0]

    async def _next_window(self, walk: Walk) -> Window:
        width, calls = walk.width, 0
        while True:
            lo, last = self._bounds(walk.hi, walk.floor, width)
            too_narrow = width is not None and width <= self._min_width and not last
            rows = await self._fetch(lo, walk.hi, None if too_narrow else self._max)
            calls += 1
            full = len(rows) >= self.limit
            if not too_narrow and not full and self._suspect(len(rows)):
                full = await self._was_cut(lo, walk.hi, rows)
                calls += 2
            if too_narrow or not full:  # rows outside the window: extra, stored all the same
                following = None
                if not last:
                    assert lo is not None
                    following = Walk(lo, walk.floor, self._adapt(width, len(rows)))
                return Window(lo, walk.hi, rows, following, calls)
            self._check_dates(lo, walk.hi, rows)  # splitting must be able to narrow it
            width = self._split(walk.hi, lo, rows)

    def _check_dates(self, lo: float | None, hi: float, rows: list[Row]) -> None:
        sample = rows[:: max(1, len(rows) // SAMPLE)]
        low = -float("inf") if lo is None else lo - SLACK
        outside = [
            d for d in self._dates_of(sample) if d is not None and not low <= d <= hi + SLACK
        ]
        if outside:
            raise SourceError(
                "the search does not apply its date filter: it answered rows dated outside "
                f"the window asked for ({format_ceil(min(outside))} is not within "
                f"{'the start' if lo is None else format_floor(lo)} .. {format_ceil(hi)})",
                fix=f"the tenant's search ignores its date filters; report it to {self._vendor}",
            )

    @property
    def limit(self) -> int:
        """The rows an answer holds when it is full: our MaxResults, or the server's cap."""
        cap = self.limits.cap
        return self._max if cap is None else min(self._max, cap)

    def _suspect(self, count: int) -> bool:
        cap, proven = self.limits.cap, self.limits.proven
        return cap is None and count >= self._suspect_at and count > proven

    async def _was_cut(self, lo: float | None, hi: float, rows: list[Row]) -> bool:
        """Whether the server cut this answer: ask its halves; a row they bring that the
        whole did not proves the cut (and sets the cap)."""
        dates = [d for d in self._dates_of(rows) if d is not None]
        mid = statistics.median(dates) if dates else None
        if mid is None or mid >= hi or (lo is not None and mid <= lo):
            return False  # cannot be halved: take it as it is
        newer = await self._fetch(mid, hi, self._max)
        older = await self._fetch(lo, mid, self._max)
        known = set(self._keys_of(rows))
        if any(k not in known for k in self._keys_of([*newer, *older])):
            self.limits.cap = len(rows)
            return True
        self.limits.proven = max(self.limits.proven, len(rows))
        return False

    def _bounds(
        self, hi: float, floor: float | None, width: float | None
    ) -> tuple[float | None, bool]:
        bottom = floor if floor is not None else self._origin
        if width is None or hi - width <= bottom:
            return floor, True
        return hi - width, False

    def _split(self, hi: float, lo: float | None, rows: list[Row]) -> float:
        if lo is not None:
            return max(self._min_width, (hi - lo) / 2)
        dates = [d for d in self._dates_of(rows) if d is not None]
        span = hi - min(dates) if dates else self._initial_width
        return max(self._min_width, min(span, self._initial_width * 12) / 2)

    def _adapt(self, width: float | None, count: int) -> float:
        base = width if width is not None else self._initial_width
        if count == 0:
            return base * 4
        return base * min(4.0, max(0.5, self._fill * self.limit / count))

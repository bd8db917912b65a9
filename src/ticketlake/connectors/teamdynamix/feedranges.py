"""Reading the application-wide ticket feed with every worker busy.

The feed pages newest first, ``ReturnCount`` (≤ 100) entries at a time, each page naming the
date of the first entry it left out (``NextDateTo``). Which of ``DateFrom``/``DateTo`` is the
latest bound, and whether a bound includes its own instant, is UNCONFIRMED (reference §3.3: the
docs' words say DateFrom is "the maximum (latest)" date, both "non-inclusive"; the intuitive
reading is the reverse). So nothing here rests on either reading:

- the next page's latest bound is the first millisecond *after* ``NextDateTo``, so the entry
  left out comes back whether the bound is inclusive or not (an entry at the edge may come
  twice; the upsert keeps one);
- every page is checked against the bounds it was asked with (``accept``); a page outside them
  means the server reads the names the other way round: the pass switches reading (kept in the
  cursor) and asks again. A feed that honours neither reading cannot be paged (``FeedMisread``).

One chain of pages is one call at a time,
so a backfill of thousands of pages would be bound by latency, not by the budget. We cut the
date range into ranges ``(lo, hi]`` paged side by side, and cut them finer as workers go idle:

- a worker with nothing to do takes a range nobody owns, or splits the range with the most
  work left: a range open at the bottom (``lo`` = ``None``, history of unknown depth) gives
  away everything below ``hi - chunk``; a bounded range gives away its older half;
- the owner of a split range keeps paging where it was; its page in flight may bring entries
  of the part given away (at most one page of duplicates, de-duplicated by the upsert).

Pages are applied at once (the next page's query needs them) but reach the store in batches:
``apply`` returns a ``Mark`` and ``commit`` records marks once their batch is written. The
cursor holds only committed progress, so a sync killed with pages in memory re-reads them. Bounds
are the server's own date strings, sent back verbatim (no precision lost).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import Any

from ticketlake.connectors.instants import format_after, format_before, parse_instant
from ticketlake.errors import SourceError

PAGE = 100
"""``ReturnCount``'s documented maximum."""
REPLIES = 100
"""``ReplyCount``'s documented maximum: replies to a comment are comments too."""
BOUNDS = ("DateTo", "DateFrom")
"""The two readings, by the parameter taken as the latest bound: ours first, the docs' second."""
SLACK = 0.002
"""Seconds an entry may lie past a bound before the page counts as outside it (rounding)."""


class FeedMisread(SourceError):
    """The application-wide feed answers outside the bounds asked for, under either reading of
    DateFrom/DateTo (or not with a page at all): it cannot be paged."""


@dataclass(eq=False)
class FeedRange:
    """``(lo, hi]`` still to read; ``lo`` ``None``: no lower bound, ``hi`` ``None``: up to now."""

    lo: str | None
    hi: str | None
    owned: bool = False
    deep: bool = False
    """A page of it said more lies below (an open-bottom range may then be split)."""
    committed: str | None = None
    """The upper bound of what the store still lacks of this range."""

    def __post_init__(self) -> None:
        self.committed = self.hi

    @property
    def lo_t(self) -> float | None:
        return parse_instant(self.lo, UTC)

    @property
    def hi_t(self) -> float | None:
        return parse_instant(self.hi, UTC)


class FeedRanges:
    """The ranges of one feed pass, how they are shared out, and the pass's cursor."""

    def __init__(
        self,
        ranges: list[tuple[str | None, str | None]],
        *,
        newest: str | None = None,
        latest: str | None = None,
        chunk_pages: int = 25,
        min_pages: int = 4,
    ) -> None:
        self.ranges = [FeedRange(lo, hi) for lo, hi in ranges]
        self.latest = latest or BOUNDS[0]
        """The parameter this server reads as the latest bound (the other is the earliest)."""
        self.confirmed = latest is not None
        """A bounded page has shown entries inside its bounds: the reading is proven. Until
        then no range is split (a misread bounded range can come back empty, which proves
        nothing), so the first chain of pages finds the reading out."""
        self._switched = self.confirmed
        self.finishing: list[FeedRange] = []
        """Ranges read to the end whose last pages are not committed yet."""
        self.newest = newest
        """The newest LastUpdatedDate committed (the next pass starts there)."""
        self._chunk_pages = chunk_pages
        self._min_pages = min_pages
        self._entries = 0
        self._seconds = 0.0
        self.oldest: float | None = None
        """The oldest ticket date known (epoch s): where an open range's entries must end."""
        self.stuck = 0
        """Pages whose NextDateTo did not move (over 100 entries at one instant)."""

    # Sharing out -----------------------------------------------------------------------
    @property
    def done(self) -> bool:
        """Every range has been read (committed or not)."""
        return not self.ranges

    def pages_left(self) -> int:
        """Pages still to read, estimated from the density seen (0 before it is known)."""
        total = sum(self._pages_left(r) for r in self.ranges)
        return int(total) + len(self.ranges) if total != float("inf") else len(self.ranges)

    @property
    def density(self) -> float | None:
        """Entries per second seen so far (``None`` before a full page with a span)."""
        return self._entries / self._seconds if self._seconds > 0 else None

    def take(self) -> FeedRange | None:
        """A range for an idle worker (marked owned), or ``None`` when none is worth it."""
        for r in self.ranges:
            if not r.owned:
                r.owned = True
                return r
        if not self.confirmed:
            return None
        best = max(self.ranges, key=self._pages_left, default=None)
        if best is None or self._pages_left(best) < 2 * self._min_pages:
            return None
        return self._split(best)

    def _bottom(self, r: FeedRange) -> float | None:
        """Where ``r``'s unread part is thought to end: its lower bound, or for an open one
        the oldest ticket seen (a hint: the range itself stays open, so nothing is lost)."""
        lo = r.lo_t
        if lo is not None:
            return lo
        hi = r.hi_t
        if self.oldest is not None and hi is not None and self.oldest < hi:
            return self.oldest
        return None

    def _pages_left(self, r: FeedRange) -> float:
        hi, bottom, density = r.hi_t, self._bottom(r), self.density
        if hi is None or density is None:
            return 0.0  # not started: nothing known to split
        if bottom is None:
            return float("inf") if r.deep else 0.0
        return density * (hi - bottom) / PAGE

    def _split(self, r: FeedRange) -> FeedRange:
        hi, bottom, density = r.hi_t, self._bottom(r), self.density
        assert hi is not None
        assert density is not None
        mid = hi - self._chunk_pages * PAGE / density if bottom is None else (bottom + hi) / 2
        # The two parts overlap by a millisecond around the cut: an entry at the cut is read
        # whichever way the server takes the bounds (committed == its hi: all still to read).
        given = FeedRange(r.lo, format_after(mid), owned=True)
        r.lo = format_before(mid)
        self.ranges.append(given)
        return given

    def release(self, r: FeedRange) -> None:
        """A worker let go of a range without finishing it (an error): it is up for grabs."""
        r.owned = False

    # Progress ----------------------------------------------------------------------------
    def params(self, r: FeedRange) -> dict[str, Any]:
        """The query of ``r``'s next page, in the pass's current reading of the bounds."""
        query: dict[str, Any] = {"ReturnCount": PAGE, "ReplyCount": REPLIES}
        if r.lo is not None:
            query[_other(self.latest)] = r.lo
        if r.hi is not None:
            query[self.latest] = r.hi
        return query

    def accept(self, query: dict[str, Any], latest: str, page: object) -> bool:
        """Whether ``page`` (asked with ``query`` under the reading ``latest``) lies within its
        bounds. When it does not, the pass takes the other reading and the page is to be asked
        again (``False``); when the other reading fails too, raises ``FeedMisread``."""
        entries = page.get("Entries") if isinstance(page, dict) else False
        if not isinstance(entries, list | None):
            raise FeedMisread("the application-wide feed did not answer with a page of entries")
        lo = parse_instant(query.get(_other(latest)), UTC)
        hi = parse_instant(query.get(latest), UTC)
        stamps = [parse_instant(e.get("LastUpdatedDate"), UTC) for e in entries or ()]
        if all(
            t is None or ((lo is None or t > lo - SLACK) and (hi is None or t < hi + SLACK))
            for t in stamps
        ):
            if (lo is not None or hi is not None) and any(t is not None for t in stamps):
                self.confirmed = True
            return True
        if latest != self.latest:
            return False  # another page already switched the reading: ask again
        if self._switched:
            raise FeedMisread(
                "the application-wide feed answers outside the dates asked for, whichever of "
                "DateFrom/DateTo is taken as the latest bound"
            )
        self.latest, self._switched = _other(latest), True
        return False

    def after(self, r: FeedRange, page: dict[str, Any]) -> str | None:
        """``r``'s new upper bound after ``page``, ``None`` when the range is finished."""
        nxt_t, lo = parse_instant(page.get("NextDateTo"), UTC), r.lo_t
        if nxt_t is None or (lo is not None and nxt_t <= lo):
            return None
        hi = r.hi_t
        if hi is not None and nxt_t + 0.001 >= hi:
            # More than a page of entries within a millisecond: the feed cannot page past them.
            self.stuck += 1
            return format_before(nxt_t)
        return format_after(nxt_t)

    def apply(self, r: FeedRange, page: dict[str, Any]) -> Mark:
        """Move ``r`` past ``page`` (or finish it); learn the density. Commit the mark later."""
        entries = page.get("Entries") or []
        hi_before = r.hi_t if r.hi is not None else _newest_t(entries)
        nxt = self.after(r, page)
        if nxt is None:
            self.ranges.remove(r)
            self.finishing.append(r)
        else:
            nxt_t = parse_instant(nxt, UTC)
            if hi_before is not None and nxt_t is not None and len(entries) >= PAGE:
                self._entries += len(entries)
                self._seconds += max(0.0, hi_before - nxt_t)
            r.hi = nxt
            r.deep = True
        return Mark(r, nxt, _newest(entries))

    def commit(self, marks: list[Mark]) -> None:
        """Record marks whose pages are now in the store (in the order they were applied)."""
        for mark in marks:
            if mark.hi is None:
                if mark.range in self.finishing:
                    self.finishing.remove(mark.range)
            else:
                mark.range.committed = mark.hi
        self.newest = _later(self.newest, *(m.newest for m in marks))

    def cursor(self, pending: list[Mark] | None = None) -> dict[str, Any]:
        """The pass's committed state (as it will be once ``pending`` is committed): the
        ranges the store still lacks and the newest entry it holds."""
        marks = pending or []
        finished = {id(m.range) for m in marks if m.hi is None}
        moved = {id(m.range): m.hi for m in marks if m.hi is not None}
        left = [
            [r.lo, moved.get(id(r), r.committed)]
            for r in self.ranges + self.finishing
            if id(r) not in finished
        ]
        newest = _later(self.newest, *(m.newest for m in marks))
        return {"ranges": left, "newest": newest, "latest": self.reading}

    @property
    def reading(self) -> str | None:
        """The latest-bound parameter once proven (for the cursor), else ``None``."""
        return self.latest if self.confirmed else None


@dataclass(frozen=True)
class Mark:
    """A page applied to a range: the range's new upper bound (None: finished), its newest."""

    range: FeedRange
    hi: str | None
    newest: str | None


def _other(latest: str) -> str:
    return BOUNDS[1] if latest == BOUNDS[0] else BOUNDS[0]


def _later(*stamps: str | None) -> str | None:
    """The latest of some date strings (``None`` ignored)."""
    best, best_t = None, None
    for stamp in stamps:
        t = parse_instant(stamp, UTC)
        if t is not None and (best_t is None or t > best_t):
            best, best_t = stamp, t
    return best


def _newest(entries: list[dict[str, Any]]) -> str | None:
    return _later(*(e.get("LastUpdatedDate") for e in entries))


def _newest_t(entries: list[dict[str, Any]]) -> float | None:
    stamps = [parse_instant(e.get("LastUpdatedDate"), UTC) for e in entries]
    found = [s for s in stamps if s is not None]
    return max(found) if found else None

"""Reading the application-wide ticket feed with every worker busy.

The feed pages newest first, ``ReturnCount`` (≤ 100) entries at a time, each page naming the
next one's ``DateTo`` (``NextDateTo``); ``DateFrom`` bounds it below, exclusive (our reading of
an UNCONFIRMED behaviour, shared with the simulator). One chain of pages is one call at a time,
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

from ticketlake.connectors.teamdynamix.instants import format_exact, parse_instant

PAGE = 100
"""``ReturnCount``'s documented maximum."""


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
        chunk_pages: int = 25,
        min_pages: int = 4,
    ) -> None:
        self.ranges = [FeedRange(lo, hi) for lo, hi in ranges]
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
        cut = format_exact(mid)
        given = FeedRange(r.lo, cut, owned=True)  # committed == cut: all of it is still to read
        r.lo = cut
        self.ranges.append(given)
        return given

    def release(self, r: FeedRange) -> None:
        """A worker let go of a range without finishing it (an error): it is up for grabs."""
        r.owned = False

    # Progress ----------------------------------------------------------------------------
    def params(self, r: FeedRange) -> dict[str, Any]:
        """The query of ``r``'s next page."""
        query: dict[str, Any] = {"ReturnCount": PAGE, "ReplyCount": 0}
        if r.lo is not None:
            query["DateFrom"] = r.lo
        if r.hi is not None:
            query["DateTo"] = r.hi
        return query

    def after(self, r: FeedRange, page: dict[str, Any]) -> str | None:
        """``r``'s new upper bound after ``page``, ``None`` when the range is finished."""
        nxt = page.get("NextDateTo")
        if not nxt:
            return None
        nxt_t, lo = parse_instant(nxt, UTC), r.lo_t
        if nxt_t is None or (lo is not None and nxt_t <= lo):
            return None
        if nxt == r.hi:
            # More than a page of entries at one instant: the feed cannot page past them.
            self.stuck += 1
            return format_exact(nxt_t - 0.001)
        return str(nxt)

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
        return {"ranges": left, "newest": _later(self.newest, *(m.newest for m in marks))}


@dataclass(frozen=True)
class Mark:
    """A page applied to a range: the range's new upper bound (None: finished), its newest."""

    range: FeedRange
    hi: str | None
    newest: str | None


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

"""A list read in update order, each page asked afresh from the last update read.

Teamwork lists stop at 50,000 records a request (reference B3: "chain ``updatedAfter`` using
the last record's ``updatedAt``"), and page numbers are not stable while records change (an
edited record moves to the end of an ``updatedAt`` order, shifting every later page by one).
So a pass asks for the records updated *at or after* a second ``after``, in ``updatedAt``
order, and after each page asks again from the newest second that page held:

- bounds are inclusive (the second ``after`` itself is asked again: records sharing it with the
  page's last one are not lost), and what a page brings again is dropped by (id, date);
- a page whose records all share the second it was asked from made no progress: the same ask's
  next page follows (so any number of records in one second is read);
- no ask reaches more than a page, so the 50,000 cap is never met;
- each page is committed with the pass's state (``Chain``), so a sync killed anywhere resumes
  with the same ask: nothing lost, and what is read twice is upserted;
- the next pass starts at the newest update this one read, less an overlap
  (``connectors/incremental.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ticketlake.connectors import incremental
from ticketlake.connectors.teamwork.rows import epoch

DateOf = Callable[[dict[str, Any]], object]
"""A record's update date as the API wrote it."""
OVERLAP = 600.0
"""Seconds re-read below the last pass's newest update (edits committed out of order)."""


@dataclass(frozen=True)
class Chain:
    """Where a pass stands: page ``page`` of the records updated at or after ``after``."""

    after: int | None
    """Whole epoch seconds (None: from the beginning)."""
    page: int = 1
    newest: float | None = None
    """The newest update read so far in this pass."""
    seen: tuple[tuple[Any, Any], ...] = ()
    """(id, date) of the records at the second asked from (dropped when read again)."""

    def to_json(self) -> dict[str, Any]:
        """The cursor form of a pass in progress."""
        state = {**asdict(self), "seen": [list(s) for s in self.seen]}
        return {"pass": state}

    @classmethod
    def of(cls, cursor: dict[str, Any] | None) -> Chain:
        """This run's pass: the interrupted one, or a new one after the last ``since``."""
        if cursor and cursor.get("pass"):
            p = cursor["pass"]
            seen = tuple(tuple(s) for s in p.get("seen") or ())
            return cls(p.get("after"), int(p.get("page") or 1), p.get("newest"), seen)
        since = cursor.get("since") if cursor else None
        start = incremental.floor(since, OVERLAP)
        return cls(None if start is None else math.floor(start))

    def finished(self, since: float | None) -> dict[str, Any]:
        """The cursor of a finished pass (``since``: the last pass's, kept if none read)."""
        newest = self.newest if self.newest is not None else since
        return {"since": newest}


def fresh(chain: Chain, rows: Sequence[dict[str, Any]], date: DateOf) -> list[dict[str, Any]]:
    """The rows of a page the pass has not read yet."""
    seen = set(chain.seen)
    return [r for r in rows if (r.get("id"), date(r)) not in seen]


def advance(
    chain: Chain, rows: Sequence[dict[str, Any]], date: DateOf, has_more: bool
) -> Chain | None:
    """The pass after a page of ``rows`` (dated by ``date``); None when it is done."""
    dates = [d for d in (epoch(date(r)) for r in rows) if d is not None]
    newest = newest_of(chain, rows, date)
    if not has_more:
        return None
    last = math.floor(max(dates)) if dates else None
    if last is None or (chain.after is not None and last <= chain.after):
        return Chain(chain.after, chain.page + 1, newest, chain.seen)
    at_last = tuple(
        (r.get("id"), date(r))
        for r in rows
        if (d := epoch(date(r))) is not None and math.floor(d) == last
    )
    return Chain(last, 1, newest, at_last)


def newest_of(chain: Chain, rows: Sequence[dict[str, Any]], date: DateOf) -> float | None:
    """The newest update read, this page included."""
    dates = [d for d in (epoch(date(r)) for r in rows) if d is not None]
    return max([*dates, *([chain.newest] if chain.newest is not None else [])], default=None)

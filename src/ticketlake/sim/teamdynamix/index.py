"""Compact per-ticket indexes, so a million tickets fit in memory without their bodies.

Built once at start-up by generating every ticket; afterwards a ticket is regenerated from
(seed, index) whenever it is served. Only these arrays (a few dozen bytes per ticket) and the
feed index (16 bytes per feed entry) stay resident.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from ticketlake.sim.teamdynamix.lifecycle import Life

REF_SLOTS = 256
"""Feed refs are ``ticket index * 256 + position in the ticket's events``."""


def _sorted_pair(keys: array[int], refs: array[int]) -> tuple[array[int], array[int]]:
    """``keys`` ascending and ``refs`` in the same order (pyarrow: no per-item objects)."""
    n = len(keys)
    if n == 0:
        return keys, refs
    k = pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(keys)])
    r = pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(refs)])
    order = pc.sort_indices(k)
    out_k, out_r = array("q"), array("q")
    out_k.frombytes(pc.take(k, order).buffers()[1].to_pybytes()[: n * 8])
    out_r.frombytes(pc.take(r, order).buffers()[1].to_pybytes()[: n * 8])
    return out_k, out_r


class TicketIndex:
    """Per-ticket columns (by ticket index) and the tenant-wide feed, ordered by time."""

    def __init__(self, count: int, life_of: Callable[[int], Life]) -> None:
        self.count = count
        self.created = array("q")
        self.modified = array("q")
        self.status = array("b")
        self.account = array("i")
        self.group = array("b")
        self.type = array("b")
        self.priority = array("b")
        self.source = array("b")
        self.requester = array("i")
        self.responsible = array("i")
        feed_ms, feed_ref = array("q"), array("q")
        for i in range(count):
            life = life_of(i)
            self._append(life)
            for pos, e in enumerate(life.events):
                feed_ms.append(e.updated_ms)
                feed_ref.append(i * REF_SLOTS + pos)
        self.feed_ms, self.feed_ref = _sorted_pair(feed_ms, feed_ref)
        self.extra_feed: list[tuple[int, int]] = []
        """(ms, ref) of entries added or moved by touch, sorted by ms."""
        self.moved: dict[int, int] = {}
        """ref -> LastUpdatedDate (ms) of entries that a later reply moved."""

    def _append(self, life: Life) -> None:
        p = life.p
        self.created.append(p.created_ms)
        self.modified.append(life.modified_ms)
        self.status.append(life.status)
        self.account.append(p.account_id)
        self.group.append(life.group)
        self.type.append(p.type)
        self.priority.append(p.priority)
        self.source.append(p.source)
        self.requester.append(p.requester)
        self.responsible.append(life.responsible)

    def update(self, i: int, life: Life) -> None:
        """Refresh ticket ``i``'s columns after it changed."""
        self.modified[i] = life.modified_ms
        self.status[i] = life.status
        self.group[i] = life.group
        self.responsible[i] = life.responsible

    def add_feed(self, ms: int, i: int, pos: int) -> None:
        """Index a feed entry added after start-up."""
        bisect.insort(self.extra_feed, (ms, i * REF_SLOTS + pos))

    def move_feed(self, ms: int, i: int, pos: int) -> None:
        """A reply made entry ``pos`` of ticket ``i`` newer: it is found at ``ms`` now."""
        ref = i * REF_SLOTS + pos
        self.moved[ref] = ms
        bisect.insort(self.extra_feed, (ms, ref))

    def created_range(self, lo_ms: int | None, hi_ms: int | None) -> range:
        """Ticket indexes created within [lo_ms, hi_ms] (creation time grows with index)."""
        lo = 0 if lo_ms is None else bisect.bisect_left(self.created, lo_ms)
        hi = self.count if hi_ms is None else bisect.bisect_right(self.created, hi_ms)
        return range(lo, max(lo, hi))

    def feed_newest_first(
        self, after_ms: int | None, upto_ms: int | None
    ) -> Iterator[tuple[int, int]]:
        """(ms, ref) of feed entries with after_ms < ms <= upto_ms, newest first."""
        base = self._desc(self.feed_ms, self.feed_ref, after_ms, upto_ms)
        extra_ms = array("q", (m for m, _ in self.extra_feed))
        extra_ref = array("q", (r for _, r in self.extra_feed))
        extra = self._desc(extra_ms, extra_ref, after_ms, upto_ms)
        a, b = next(base, None), next(extra, None)
        while a is not None or b is not None:
            if b is None or (a is not None and a[0] >= b[0]):
                assert a is not None
                found, a = a, next(base, None)
            else:
                found, b = b, next(extra, None)
            if self.moved.get(found[1], found[0]) == found[0]:  # not where a reply moved it from
                yield found

    @staticmethod
    def _desc(ms: array[int], ref: array[int], after: int | None,
              upto: int | None) -> Iterator[tuple[int, int]]:  # fmt: skip
        hi = len(ms) if upto is None else bisect.bisect_right(ms, upto)
        lo = 0 if after is None else bisect.bisect_right(ms, after)
        for k in range(hi - 1, lo - 1, -1):
            yield ms[k], ref[k]

"""Sharing the application-wide feed out between workers, and its resumable cursor."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from typing import Any

from ticketlake.connectors.teamdynamix.feedranges import PAGE, FeedRanges
from ticketlake.connectors.teamdynamix.instants import parse_instant

NOW = 1_767_225_600.0


def stamp(t: float) -> str:
    moment = datetime.fromtimestamp(t, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Feed:
    """The paging rule of the brief: newest first, DateFrom exclusive, DateTo inclusive."""

    def __init__(self, count: int, days: float = 300, seed: int = 5) -> None:
        rng = random.Random(seed)
        self.entries = [
            {"ID": i, "LastUpdatedDate": stamp(NOW - (rng.random() ** 2) * days * 86400)}
            for i in range(count)
        ]
        self.entries.sort(key=lambda e: e["LastUpdatedDate"], reverse=True)
        self.times = [parse_instant(e["LastUpdatedDate"]) or 0.0 for e in self.entries]
        self.calls = 0

    def page(self, params: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        lo = parse_instant(params.get("DateFrom"))
        hi = parse_instant(params.get("DateTo"))
        match = [
            e
            for e, t in zip(self.entries, self.times, strict=True)
            if (lo is None or t > lo) and (hi is None or t <= hi)
        ]
        count = params["ReturnCount"]
        nxt = match[count]["LastUpdatedDate"] if len(match) > count else None
        return {"Entries": match[:count], "NextDateTo": nxt}


async def drain(
    feed: Feed, ranges: FeedRanges, workers: int, stop_after: int | None = None
) -> set[int]:
    seen: set[int] = set()
    wake = asyncio.Event()
    pages = 0

    async def worker() -> None:
        nonlocal wake, pages
        while not ranges.done:
            r = ranges.take()
            if r is None:
                waiter = wake
                await waiter.wait()
                continue
            while r in ranges.ranges:
                if stop_after is not None and pages >= stop_after:
                    return
                page = feed.page(ranges.params(r))
                await asyncio.sleep(0)  # other workers run while this page is "in flight"
                seen.update(e["ID"] for e in page["Entries"])
                ranges.commit([ranges.apply(r, page)])
                pages += 1
                wake.set()
                wake = asyncio.Event()

    await asyncio.gather(*(worker() for _ in range(workers)))
    return seen


def test_one_worker_reads_every_entry_with_the_fewest_pages() -> None:
    feed = Feed(1000)
    seen = asyncio.run(drain(feed, FeedRanges([(None, None)]), workers=1))
    assert seen == set(range(1000))
    assert feed.calls == 1000 // PAGE  # the 10th page says there is no next one


def test_many_workers_read_every_entry_with_few_extra_pages() -> None:
    feed = Feed(5000)
    ranges = FeedRanges([(None, None)])
    seen = asyncio.run(drain(feed, ranges, workers=8))
    assert seen == set(range(5000))
    assert ranges.done
    # 50 full pages; each split range ends in one partial page.
    assert feed.calls <= 5000 // PAGE + 20


def test_workers_all_get_work_once_the_first_page_is_in() -> None:
    ranges = FeedRanges([(None, None)])
    feed = Feed(5000)
    first = ranges.take()
    assert first is not None
    assert ranges.take() is None  # nothing known yet to split
    page = feed.page(ranges.params(first))
    ranges.apply(first, page)
    ranges.apply(first, feed.page(ranges.params(first)))  # a second page gives a density
    taken = [ranges.take() for _ in range(3)]  # the three other workers of four
    assert all(t is not None for t in taken)


def test_an_incremental_pass_with_nothing_new_costs_one_call() -> None:
    feed = Feed(300)
    newest = feed.entries[0]["LastUpdatedDate"]
    seen = asyncio.run(drain(feed, FeedRanges([(newest, None)]), workers=4))
    assert seen == set()
    assert feed.calls == 1


def test_the_cursor_keeps_pages_that_are_applied_but_not_committed() -> None:
    feed = Feed(1000)
    ranges = FeedRanges([(None, None)])
    r = ranges.take()
    assert r is not None
    first = ranges.apply(r, feed.page(ranges.params(r)))
    ranges.commit([first])
    ranges.apply(r, feed.page(ranges.params(r)))  # in memory only
    assert ranges.cursor()["ranges"] == [[None, first.hi]]
    assert r.hi != first.hi


def test_a_finished_range_stays_in_the_cursor_until_its_last_page_is_committed() -> None:
    feed = Feed(50)
    ranges = FeedRanges([(None, None)])
    r = ranges.take()
    assert r is not None
    last = ranges.apply(r, feed.page(ranges.params(r)))
    assert ranges.done
    assert ranges.cursor()["ranges"] == [[None, None]]
    ranges.commit([last])
    assert ranges.cursor() == {"ranges": [], "newest": feed.entries[0]["LastUpdatedDate"]}


def test_a_pass_resumed_from_its_cursor_reads_what_was_left() -> None:
    feed = Feed(3000)
    ranges = FeedRanges([(None, None)])
    first = asyncio.run(drain(feed, ranges, workers=4, stop_after=12))
    cursor = ranges.cursor()
    resumed = FeedRanges([tuple(r) for r in cursor["ranges"]], newest=cursor["newest"])
    for r in resumed.ranges:
        r.owned = False
    second = asyncio.run(drain(feed, resumed, workers=4))
    assert first | second == set(range(3000))


def test_the_cursor_remembers_the_newest_entry_for_the_next_pass() -> None:
    feed = Feed(500)
    ranges = FeedRanges([(None, None)])
    asyncio.run(drain(feed, ranges, workers=2))
    assert ranges.newest == feed.entries[0]["LastUpdatedDate"]


def test_knowing_the_oldest_ticket_halves_open_ranges_instead_of_chunking() -> None:
    feed = Feed(20000)
    chunked = FeedRanges([(None, None)])
    asyncio.run(drain(feed, chunked, workers=4))
    chunk_calls = feed.calls
    feed.calls = 0
    halved = FeedRanges([(None, None)])
    halved.oldest = min(parse_instant(e["LastUpdatedDate"]) or 0.0 for e in feed.entries) - 1
    seen = asyncio.run(drain(feed, halved, workers=4))
    assert seen == set(range(20000))
    assert feed.calls <= chunk_calls
    assert feed.calls <= 20000 // PAGE * 1.05  # at most 5 % of pages beyond the minimum

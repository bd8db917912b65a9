"""Sharing the application-wide feed out between workers, and its resumable cursor."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from typing import Any

import pytest

from ticketlake.connectors.instants import parse_instant
from ticketlake.connectors.teamdynamix.feedranges import PAGE, FeedMisread, FeedRanges

NOW = 1_767_225_600.0


def stamp(t: float) -> str:
    moment = datetime.fromtimestamp(t, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


READINGS = ("ours", "exclusive", "doc")
"""The simulator's readings of the UNCONFIRMED bounds (``Readings.feed_bounds``)."""


class Feed:
    """A feed, newest first. ``ours``: DateFrom is the earliest bound (exclusive), DateTo the
    latest (inclusive); ``exclusive``: DateTo exclusive too; ``doc``: DateFrom is the latest
    bound, DateTo the earliest, both exclusive; ``ignored``: no bound is applied."""

    def __init__(self, count: int, days: float = 300, seed: int = 5, reading: str = "ours"):
        rng = random.Random(seed)
        self.entries = [
            {"ID": i, "LastUpdatedDate": stamp(NOW - (rng.random() ** 2) * days * 86400)}
            for i in range(count)
        ]
        self.entries.sort(key=lambda e: e["LastUpdatedDate"], reverse=True)
        self.times = [parse_instant(e["LastUpdatedDate"]) or 0.0 for e in self.entries]
        self.calls = 0
        self.reading = reading

    def page(self, params: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        earliest, latest = (
            ("DateTo", "DateFrom") if self.reading == "doc" else ("DateFrom", "DateTo")
        )
        lo = parse_instant(params.get(earliest))
        hi = parse_instant(params.get(latest))
        if self.reading == "ignored":
            lo = hi = None
        inclusive = self.reading == "ours"
        match = [
            e
            for e, t in zip(self.entries, self.times, strict=True)
            if (lo is None or t > lo) and (hi is None or t < hi or (inclusive and t == hi))
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
                query, latest = ranges.params(r), ranges.latest
                page = feed.page(query)
                await asyncio.sleep(0)  # other workers run while this page is "in flight"
                if not ranges.accept(query, latest, page):
                    continue
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
    for _ in range(2):  # a second page gives a density, and proves the reading of the bounds
        query = ranges.params(first)
        page = feed.page(query)
        assert ranges.accept(query, ranges.latest, page)
        ranges.apply(first, page)
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
    assert ranges.cursor() == {
        "ranges": [],
        "newest": feed.entries[0]["LastUpdatedDate"],
        "latest": None,  # one unbounded page proves no reading of the bounds
    }


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


@pytest.mark.parametrize("reading", READINGS)
def test_every_reading_of_the_bounds_gives_every_entry(reading: str) -> None:
    feed = Feed(3000, reading=reading)
    ranges = FeedRanges([(None, None)])
    seen = asyncio.run(drain(feed, ranges, workers=4))
    assert seen == set(range(3000))
    assert ranges.latest == ("DateFrom" if reading == "doc" else "DateTo")
    assert feed.calls <= 3000 // PAGE + 12  # splits, and for the docs' reading one switch


def test_one_worker_on_the_docs_reading_pays_one_call_to_learn_it() -> None:
    feed = Feed(1000, reading="doc")
    seen = asyncio.run(drain(feed, FeedRanges([(None, None)]), workers=1))
    assert seen == set(range(1000))
    assert feed.calls == 1000 // PAGE + 1


def test_an_incremental_pass_learns_the_docs_reading_from_its_lower_bound() -> None:
    feed = Feed(1000, reading="doc")
    since = feed.entries[150]["LastUpdatedDate"]
    seen = asyncio.run(drain(feed, FeedRanges([(since, None)]), workers=2))
    assert seen == {e["ID"] for e in feed.entries[:150]}


def test_the_reading_learned_is_kept_for_the_next_pass() -> None:
    feed = Feed(500, reading="doc")
    ranges = FeedRanges([(None, None)])
    asyncio.run(drain(feed, ranges, workers=2))
    cursor = ranges.cursor()
    feed.calls = 0
    following = FeedRanges([(cursor["newest"], None)], latest=cursor["latest"])
    assert asyncio.run(drain(feed, following, workers=2)) == set()
    assert feed.calls == 1  # asked the right way at once


def test_entries_sharing_the_omitted_entrys_millisecond_are_not_lost() -> None:
    feed = Feed(450, reading="exclusive")
    for e in feed.entries[95:110]:  # a burst around the first page's edge
        e["LastUpdatedDate"] = feed.entries[100]["LastUpdatedDate"]
    feed.times = [parse_instant(e["LastUpdatedDate"]) or 0.0 for e in feed.entries]
    seen = asyncio.run(drain(feed, FeedRanges([(None, None)]), workers=1))
    assert seen == set(range(450))


def test_a_feed_that_ignores_its_bounds_cannot_be_paged() -> None:
    feed = Feed(1000, reading="ignored")
    with pytest.raises(FeedMisread, match="whichever of DateFrom/DateTo"):
        asyncio.run(drain(feed, FeedRanges([(None, None)]), workers=1))


def test_an_answer_that_is_not_a_page_cannot_be_paged() -> None:
    ranges = FeedRanges([(None, None)])
    for answer in ({"Entries": {"not": "a list"}}, [{"ID": 1}], None):
        with pytest.raises(FeedMisread, match="page of entries"):
            ranges.accept({}, ranges.latest, answer)

"""TeamDynamix's census for a backfill's plan: the tickets and time entries a tenant holds over
its history, and how many feed entries a ticket has (the method: ``connectors/census.py``).

TDX offers no ticket count, no time-entry count and no feed length (reference §3, §4, §9 "no
total count"), so each is measured where it lies:

- the tickets *modified* in each slice's window are counted by one ``tickets/search``.
  ModifiedDate, not CreatedDate, because it is what the ticket walk pages by: the counts size
  that walk too (``WindowWalker.calls_to_walk``);
- a sample of those tickets have their own feeds read (``GET tickets/{id}/feed``, an endpoint
  the backfill leaves idle when the application-wide feed serves it): feed entries per
  ticket, stratified by status (a closed ticket has a longer history than a new one);
- time entries are counted the same way, by ``time/search`` on EntryDate windows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from ticketlake.connectors.census import DAY, Census, Item, Slice, count_windows, slices, whole_day
from ticketlake.connectors.instants import format_ceil, format_floor
from ticketlake.connectors.rows import JsonObject, Rows

SAMPLE = 60
"""Ticket feeds read per sampling round: one window of that endpoint's documented budget."""


def ticket_rows(rows: Sequence[JsonObject], tz: Any) -> list[Item]:
    """The census's view of search rows: id, and status as the stratum."""
    found = Rows(rows).values(("ID", "StatusID"))
    return [
        Item(int(i), s if isinstance(s, int) else None)
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
) -> Census:
    """Count the tickets modified in each slice's window (``limit``: the search's MaxResults)."""

    async def count(lo: float, hi: float) -> list[Any]:
        body = {"MaxResults": limit, "ModifiedDateFrom": format_floor(lo),
                "ModifiedDateTo": format_ceil(hi)}  # fmt: skip
        return ticket_rows(await search(body), tz)

    found = slices(oldest, newest)
    await count_windows(found, count, limit)
    return Census(oldest, newest, found, seed=seed)


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

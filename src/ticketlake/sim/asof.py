"""The data's "now" of a simulated tenant, and how far back its history goes."""

from __future__ import annotations

import datetime as dt


def resolve_as_of(as_of: dt.datetime | None) -> dt.datetime:
    """``as_of`` as an aware UTC datetime (today 00:00 UTC when unset; zone-less is UTC)."""
    if as_of is None:
        today = dt.datetime.now(dt.UTC).date()
        return dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
    if as_of.tzinfo is None:
        return as_of.replace(tzinfo=dt.UTC)
    return as_of.astimezone(dt.UTC)


def history_days(tickets: int, days: int | None) -> int:
    """The span of ticket history in days: ``days`` when given, else growing with the number
    of tickets (60 days to 3 years)."""
    if days is not None:
        return max(1, days)
    return int(min(3 * 365, max(60, tickets / 80)))

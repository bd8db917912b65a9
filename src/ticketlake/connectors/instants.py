"""Source timestamps as the extraction steers by them: ISO strings in, epoch seconds out, and
back to the ISO bounds a date filter is sent.

The columnar mapping (``timestamps.py``) parses whole columns for the store; this module parses
the few dates the streams steer by (a window's modified date, a feed page's last update).
Zone-less values are in the zone the caller names (TeamDynamix: the tenant's, reference §7.5;
Autotask: UTC, reference A10). A date in year 1 means "no date": it is .NET's
``DateTime.MinValue``, which .NET-built APIs (TeamDynamix, Autotask) send for an unset date,
and no service-desk record is dated then.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, tzinfo

SENTINEL_YEAR = 1


def parse_instant(text: object, tz: tzinfo = UTC) -> float | None:
    """Epoch seconds of an ISO date string (zone-less: in ``tz``); ``None`` for null, empty,
    the year-1 sentinel or garbage."""
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.year <= SENTINEL_YEAR:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.timestamp()


def format_floor(epoch: float) -> str:
    """An ISO UTC string at or before ``epoch`` (whole seconds: a lower bound stays inclusive)."""
    return _iso(math.floor(epoch))


def format_ceil(epoch: float) -> str:
    """An ISO UTC string at or after ``epoch`` (whole seconds: an upper bound stays inclusive)."""
    return _iso(math.ceil(epoch))


def format_after(epoch: float) -> str:
    """The first whole millisecond after ``epoch``, as an ISO UTC string (a bound that takes in
    ``epoch`` itself whether the server reads it as inclusive or not)."""
    return _iso_ms(math.floor(epoch * 1000) + 1)


def format_before(epoch: float) -> str:
    """The last whole millisecond before ``epoch``, as an ISO UTC string."""
    return _iso_ms(math.ceil(epoch * 1000) - 1)


def _iso_ms(ms: int) -> str:
    moment = datetime.fromtimestamp(ms // 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

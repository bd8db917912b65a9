"""TeamDynamix timestamps as the extraction walks them: epoch seconds in, ISO strings out.

The columnar mapping parses timestamps for the store; this module parses the few dates the
streams steer by (a window's ModifiedDate, a feed page's LastUpdatedDate). Zone-less values
are in the tenant's time zone (reference §7.5); the ``0001-01-01`` sentinels mean "no date".
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, tzinfo

SENTINEL_YEAR = 1


def parse_instant(text: object, tz: tzinfo = UTC) -> float | None:
    """Epoch seconds of a TDX date string; ``None`` for null, empty, sentinel or garbage."""
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

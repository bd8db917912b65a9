"""Working hours: technicians act Monday to Friday, 08:00-18:00 in the tenant's time zone."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

MINUTE, HOUR = 60_000, 3_600_000


def business(ms: int, tz: ZoneInfo) -> int:
    """The first moment at or after ``ms`` within working hours (Mon-Fri 08:00-18:00 local).

    Technicians act in working hours: a ticket raised on Friday evening waits until Monday.
    """
    opening = _next_opening(ms // HOUR, tz)
    return ms if opening is None else opening + ms % (45 * MINUTE)


@lru_cache(maxsize=65_536)
def _next_opening(hour: int, tz: ZoneInfo) -> int | None:
    """``None`` when the hour is a working hour, else when the next working day opens (ms)."""
    local = dt.datetime.fromtimestamp(hour * 3600, tz)
    if local.weekday() < 5 and 8 <= local.hour < 18:
        return None
    day = local.date() if local.hour < 8 else local.date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return int(dt.datetime.combine(day, dt.time(8), tz).timestamp() * 1000)

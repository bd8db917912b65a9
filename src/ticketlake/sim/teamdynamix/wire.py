"""TeamDynamix wire conventions: dates, sentinels and JSON.

Internally every instant is an ``int`` of milliseconds since the Unix epoch ("ms"), rounded the
way SQL Server ``datetime`` rounds (to .000/.003/.007), so served values carry 0-3 fractional
digits. A few reference-data dates carry 100 ns precision ("ticks") and so up to 7 digits, the
way .NET serializes ``datetime2`` values (trailing zeros trimmed).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

# HTTP dates and JSON are every simulator's: re-exported for the TDX modules and tests.
from ticketlake.sim.responses import dumps as dumps
from ticketlake.sim.responses import rfc1123 as rfc1123

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
EMPTY_DATE = "0001-01-01T05:00:00Z"
"""The sentinel TDX serves for an unset DateTime (seen on User, Asset, Ticket)."""
EMPTY_DATE_MIDNIGHT = "0001-01-01T00:00:00Z"
"""The other sentinel seen on real payloads (User.ReportTimeAfterDate, User.EndDate)."""
EMPTY_DATE_LOCAL = "0001-01-01T00:00:00"
"""Sentinel for the zone-less time-entry dates (our reading)."""
NONE_NAME = "None"

TICKS_PER_MS = 10_000
MS_PER_DAY = 86_400_000
_SQL_DATETIME_ROUND = (0, 0, 3, 3, 3, 7, 7, 7, 7, 10)


def sql_datetime(ms: int) -> int:
    """Round ``ms`` the way SQL Server ``datetime`` stores it (1/300 s steps)."""
    r = ms % 10
    return ms - r + _SQL_DATETIME_ROUND[r]


@lru_cache(maxsize=8192)
def _day(day: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()


def _clock(seconds_of_day: int) -> str:
    h, rem = divmod(seconds_of_day, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"


def fmt_ticks(ticks: int, suffix: str = "Z") -> str:
    """Format 100 ns ticks since the epoch like .NET: 0-7 fractional digits, zeros trimmed."""
    seconds, frac = divmod(ticks, 10_000_000)
    day, sod = divmod(seconds, 86_400)
    text = f"{_day(day)}T{_clock(sod)}"
    if frac:
        text += "." + f"{frac:07d}".rstrip("0")
    return text + suffix


def fmt_ms(ms: int) -> str:
    """Format an instant in UTC with a ``Z`` suffix."""
    return fmt_ticks(ms * TICKS_PER_MS)


def fmt_opt_ms(ms: int | None, sentinel: str = EMPTY_DATE) -> str:
    """Format an optional instant; unset becomes TDX's sentinel date."""
    return sentinel if ms is None else fmt_ms(ms)


def fmt_local_ms(ms: int, tz: ZoneInfo) -> str:
    """Format an instant as wall-clock time in ``tz`` with NO zone suffix (time entries)."""
    seconds, rem = divmod(ms, 1000)
    local = dt.datetime.fromtimestamp(seconds, tz).replace(tzinfo=None)
    naive_epoch = int((local - dt.datetime(1970, 1, 1)).total_seconds())
    return fmt_ticks(naive_epoch * 10_000_000 + rem * TICKS_PER_MS, suffix="")


def fmt_date(ms: int, tz: ZoneInfo) -> str:
    """A calendar date (the day ``ms`` falls on in ``tz``) as ``YYYY-MM-DDT00:00:00Z``."""
    local = dt.datetime.fromtimestamp(ms / 1000, tz)
    return f"{local.date().isoformat()}T00:00:00Z"


def parse_instant(value: object, tz: ZoneInfo) -> int | None:
    """Parse a request date to ticks; ``None`` for null/empty. Zone-less means tenant time.

    Raises ``ValueError`` for text that is not a date.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    frac_digits = ""
    head = text
    if "." in text:
        head, rest = text.split(".", 1)
        i = 0
        while i < len(rest) and rest[i].isdigit():
            i += 1
        frac_digits, zone = rest[:i], rest[i:]
        head += zone
    try:
        parsed = dt.datetime.fromisoformat(head)
    except ValueError as exc:
        raise ValueError(f"not a date: {value!r}") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    seconds = int(parsed.timestamp())
    frac = int((frac_digits + "0000000")[:7]) if frac_digits else 0
    return seconds * 10_000_000 + frac


def ticks_to_ms_ceil(ticks: int) -> int:
    """The first whole millisecond at or after ``ticks``."""
    return -((-ticks) // TICKS_PER_MS)


def ticks_to_ms_floor(ticks: int) -> int:
    """The last whole millisecond at or before ``ticks``."""
    return ticks // TICKS_PER_MS

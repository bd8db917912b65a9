"""Autotask's wire conventions: UTC times, ``{"errors": [...]}`` bodies, camelCase JSON.

Internally every instant is an ``int`` of milliseconds since the Unix epoch ("ms"). The API
serves all times in UTC as ``yyyy-mm-ddThh:mm:ss.fffZ`` (reference A10, django-autotask's
fixtures); date-only fields carry midnight.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from starlette.responses import Response

from ticketlake.sim.responses import json_response

DAY_MS = 86_400_000


class ApiError(Exception):
    """An error answer: HTTP status and the ``errors`` messages (or ``{"Message"}``, .NET's
    own form for routing errors such as 404 and 405)."""

    def __init__(self, status: int, message: str, *, dotnet: bool = False) -> None:
        super().__init__(message)
        self.status, self.message, self.dotnet = status, message, dotnet

    def response(self) -> Response:
        """The error as Autotask answers it."""
        body = {"Message": self.message} if self.dotnet else {"errors": [self.message]}
        return json_response(body, self.status)


@lru_cache(maxsize=16_384)
def _day(day: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()


def fmt(ms: int | None) -> str | None:
    """An instant as ``2026-10-30T14:05:09.123Z`` (None stays null)."""
    if ms is None:
        return None
    day, rest = divmod(ms, DAY_MS)
    seconds, milli = divmod(rest, 1000)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{_day(day)}T{h:02d}:{m:02d}:{s:02d}.{milli:03d}Z"


def fmt_date(ms: int) -> str:
    """A date-only field: the UTC day of ``ms`` at midnight."""
    return f"{_day(ms // DAY_MS)}T00:00:00.000Z"


def parse(value: object) -> int:
    """A time sent by a client (``yyyy-mm-ddThh:mm:ss.ms``, zone-less = UTC) as ms.

    Raises ``ValueError`` for anything that is not a time.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if text[-1] in "Zz":
        text = text[:-1] + "+00:00"
    parsed = dt.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return int(parsed.timestamp() * 1000)

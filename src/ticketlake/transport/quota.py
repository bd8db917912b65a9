"""What a response says about its endpoint's budget: ``X-RateLimit-Limit/Remaining/Reset``.

Both spellings in use are read, ``X-RateLimit-*`` and ``X-Rate-Limit-*`` (Teamwork.com's own
scripts read the first, its Desk and Spaces guides document the second: reference B5); when a
response carries both, the first wins.

TeamDynamix documents the reset as an RFC 1123 date (``Wed, 28 Mar 2018 16:08:14 GMT``); other
APIs send epoch seconds or a number of seconds to wait, so all three are read. Times are turned
into *client* clock time with the skew learnt from ``Date`` headers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

LIMIT = "x-ratelimit-limit"
REMAINING = "x-ratelimit-remaining"
RESET = "x-ratelimit-reset"
SPELLINGS = {"x-rate-limit-limit": LIMIT, "x-rate-limit-remaining": REMAINING,
             "x-rate-limit-reset": RESET}  # fmt: skip
"""The other spelling of each header, read as the first."""

# A bare number at least this large is an epoch timestamp, not a delay: 1e9 s is 2001-09-09,
# and no API asks a client to wait 31 years.
_EPOCH_SECONDS = 1e9
_EPOCH_MILLIS = 1e12


@dataclass(frozen=True)
class Quota:
    """The server's view of one endpoint's budget, with the reset in client clock time."""

    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None
    clock_known: bool = True
    """Whether the reset was turned into our time with a skew learnt from ``Date`` headers
    (False: the server's clock is assumed to be ours, so the reset may be off by seconds)."""


def parse_http_date(value: str) -> float | None:
    """Parse an HTTP date (RFC 1123, and the RFC 850/asctime forms) into epoch seconds."""
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:  # asctime carries no zone; HTTP dates are always GMT
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def parse_reset(value: str, *, server_now: float) -> float | None:
    """Parse a reset header into *server* epoch seconds.

    Accepts an HTTP date, epoch seconds, epoch milliseconds, or a delay in seconds counted from
    ``server_now``. Returns None when the value is none of these.
    """
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        return parse_http_date(text)
    if not math.isfinite(number) or number < 0:
        return None
    if number >= _EPOCH_MILLIS:
        return number / 1000.0
    if number >= _EPOCH_SECONDS:
        return number
    return server_now + number


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        return max(0, int(float(raw.strip())))
    except ValueError:
        return None


def quota_from_headers(
    headers: Mapping[str, str], *, now: float, offset: float, clock_known: bool = True
) -> Quota | None:
    """Read the rate-limit headers of a response received at client time ``now``.

    ``offset`` is the server's clock minus ours (``clock_known``: learnt, not assumed 0).
    Returns None when no rate-limit header is present (the endpoint is not rate limited, or
    does not say).
    """
    lowered = {SPELLINGS.get(k.lower(), k.lower()): v for k, v in headers.items()}
    lowered |= {k.lower(): v for k, v in headers.items() if k.lower() in (LIMIT, REMAINING, RESET)}
    if not any(name in lowered for name in (LIMIT, REMAINING, RESET)):
        return None
    reset_at = None
    if RESET in lowered:
        server_reset = parse_reset(lowered[RESET], server_now=now + offset)
        if server_reset is not None:
            reset_at = server_reset - offset
    return Quota(
        limit=_int_header(lowered, LIMIT),
        remaining=_int_header(lowered, REMAINING),
        reset_at=reset_at,
        clock_known=clock_known,
    )


def retry_after(headers: Mapping[str, str], *, now: float, offset: float) -> float | None:
    """The client time a ``Retry-After`` header (delay or HTTP date) asks to wait until.

    TeamDynamix documents none; other sources send it with their 429s.
    """
    raw = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if raw is None:
        return None
    text = raw.strip()
    if text.replace(".", "", 1).isdigit():
        return now + float(text)
    server_time = parse_http_date(text)
    return None if server_time is None else server_time - offset


def format_http_date(epoch: float) -> str:
    """Format epoch seconds as an RFC 1123 date (for logs and tests)."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")

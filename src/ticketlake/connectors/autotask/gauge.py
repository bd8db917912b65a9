"""The tenant's usage of its hourly threshold, as the tenant budget reads it.

``GET V1.0/ThresholdInformation`` answers ``{externalRequestThreshold,
requestThresholdTimeframe, currentTimeframeRequestCount}`` (reference A8): the threshold, its
timeframe in minutes, and the requests every integration made in it. It counts against the
threshold and the thread limit like any call, so it is read alone and sparingly: by the tenant
budget (``transport/rolling.py``) under its lock, without a permit of its own (the budget
counts it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ticketlake.connectors.autotask.endpoints import THRESHOLD_INFORMATION
from ticketlake.errors import RateLimited, SourceError
from ticketlake.transport.rolling import Usage

if TYPE_CHECKING:
    from ticketlake.transport import Transport

BUSY_FIX = (
    "the tenant's API is refusing calls as over its threshold, which other integrations spent; "
    "see Admin > Extensions & Integrations > Other Extensions & Tools > API Activity by Hour "
    "in Autotask, and sync again once the hour has passed (it resumes where it stopped)"
)


def usage(body: Any) -> Usage:
    """A ``ThresholdInformation`` answer as a ``Usage`` (timeframe minutes to seconds)."""
    fields = {str(k).lower(): v for k, v in body.items()} if isinstance(body, dict) else {}
    used = _number(fields.get("currenttimeframerequestcount"))
    if used is None:
        raise SourceError(
            "ThresholdInformation did not say how many requests the tenant made",
            endpoint=THRESHOLD_INFORMATION,
            excerpt=str(body)[:200],
        )
    limit = _number(fields.get("externalrequestthreshold"))
    minutes = _number(fields.get("requestthresholdtimeframe"))
    return Usage(int(used), int(limit) if limit else None, minutes * 60 if minutes else None)


async def read_usage(transport: Transport, headers: dict[str, str]) -> Usage:
    """Read the tenant's usage once (the caller counts the call)."""
    try:
        body = await transport.json(
            "GET", THRESHOLD_INFORMATION, authenticate=False, headers=headers, budgeted=False
        )
    except RateLimited as exc:
        raise RateLimited(
            "Autotask refused calls as too many for the tenant",
            endpoint=exc.endpoint,
            status=exc.status,
            excerpt=exc.excerpt,
            fix=BUSY_FIX,
        ) from None
    return usage(body)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None

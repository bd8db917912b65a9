"""Threshold headroom: how much of the tenant's hour its other integrations already use.

Autotask allows a tenant 10,000 API requests in any 60 minutes, shared by every integration
the MSP runs; past it the whole tenant's API is suspended and its administrators e-mailed
(reference A8). The connection's budget (``transport/rolling.py``) takes at most its share of
the hour and less when the others leave less, keeping the tenant below a ceiling. The check
reads ``ThresholdInformation`` once, alone, as the run's first authenticated call
(``access.py``): its count is every integration's requests of the last 60 minutes, ticketlake's
own (that call and the budget's first reading) among them. What the budget will allow is the
budget's own figure, so the check and the sync cannot disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.autotask.endpoints import THRESHOLD
from ticketlake.connectors.autotask.spec import THRESHOLD_FIX
from ticketlake.errors import SourceError
from ticketlake.readable import duration
from ticketlake.transport.rolling import RollingPolicy

if TYPE_CHECKING:
    from ticketlake.connectors.autotask.checks.context import CheckContext

CEILING = RollingPolicy().ceiling
"""The share of its threshold the tenant budget never takes the tenant past."""
SLOWER = "the data will be complete, but the sync waits while the tenant is this busy"
NOTHING_NOW = (
    "nothing can be read while the tenant stays this busy: a sync waits for room (and gives up "
    "after 3 hours, to resume later where it stopped)"
)


@dataclass(frozen=True)
class Headroom:
    """The tenant's hour as ``ThresholdInformation`` showed it, and ticketlake's part of it."""

    threshold: int
    """Requests the tenant may make in ``minutes`` (10,000)."""
    minutes: int
    used: int
    """Requests of every integration in the last ``minutes``."""
    ours: int
    """Of which ticketlake's own, as its budget counted them when the answer came."""
    allowance: int
    """The connection's share of the hour, in requests."""
    rate: int
    """Requests an hour the budget allows now: the share, or less when the others leave
    less below the tenant's ceiling."""

    @property
    def others(self) -> int:
        """What the tenant's other integrations used of the hour."""
        return max(0, self.used - self.ours)

    def percent(self, part: int) -> str:
        """``part`` as a share of the threshold: ``85 %``."""
        return f"{100 * part / self.threshold:.0f} %" if self.threshold else "-"


async def current(ctx: CheckContext) -> Headroom:
    """The first call's ``ThresholdInformation`` (its evidence noted) with the tenant
    budget's view when it came: our calls counted, our share, the room it allows."""
    usage = await ctx.first_call()
    if isinstance(usage, SourceError):
        raise usage
    threshold = usage.limit or THRESHOLD
    minutes = round(usage.period / 60) if usage.period else 60
    allowance = math.floor(threshold * ctx.settings.share)
    ours, cap, room = ctx.found.budget or (0, allowance, allowance)
    return Headroom(threshold, minutes, usage.used, ours, cap, room)


async def check_headroom(ctx: CheckContext) -> Outcome:
    """Warn when the others leave less than the connection's share of the hour."""
    room = await current(ctx)
    used = (
        f"other integrations used {room.others:,} of the tenant's {room.threshold:,} requests "
        f"in the last {room.minutes} minutes ({room.percent(room.others)})"
    )
    share = f"{room.allowance:,} an hour ({room.percent(room.allowance)})"
    if room.rate >= room.allowance:
        return passed(f"{used}: ticketlake's share of {share} is free")
    if room.rate == 0:
        return failed(
            f"{used}: past {100 * CEILING:.0f} % of the threshold, which ticketlake never takes "
            "the tenant beyond, so it makes no call until they use less",
            THRESHOLD_FIX, None, impact=NOTHING_NOW,
        )  # fmt: skip
    return warned(
        f"{used}: below {100 * CEILING:.0f} % of the threshold, which ticketlake never takes the "
        f"tenant beyond, they leave it {room.rate:,} an hour, less than its share of {share}",
        THRESHOLD_FIX, None, impact=await _slower(ctx, room),
    )  # fmt: skip


async def _slower(ctx: CheckContext, room: Headroom) -> str:
    """What the busy hour means for the first sync: the same data, later."""
    calls = await ctx.planned_calls()
    if not calls or not room.rate:
        return SLOWER
    at_share = duration(calls / room.allowance * 3600)
    now = duration(calls / room.rate * 3600)
    return (
        f"the data will be complete, but the backfill's {calls:,} calls need about {now} of "
        f"tenant budget at {room.rate:,} an hour instead of {at_share} at the full share, "
        "while the tenant stays this busy"
    )

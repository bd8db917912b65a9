"""Autotask onboarding checks: every part of seed 002's API-user setup, verified by name.

``run`` is what ``ticketlake.checks.run_checks`` finds for an ``autotask`` connection. It runs
every check in order (a check whose prerequisite did not pass is skipped, never run), each
with the calls it made as evidence and, when it does not pass, what to do and the step of
seed 002 that does it. Checks only read: every call goes through the connector's transport,
its allow-list (queries, counts and GETs; no write is in it, and no check tries one to learn
what the level may do) and the tenant's budget at the connection's share, a handful of calls
per endpoint. The report ends with a preview of the first sync: its plan, its ETA, and the
hours of tenant budget it needs at the connection's share (``preview.py``).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ticketlake.checks import CheckOptions, CheckReport, OnResult
from ticketlake.checks.outcome import Outcome
from ticketlake.checks.runner import Check, run_all
from ticketlake.connectors.autotask.checks import access, areas, headroom, history, privilege
from ticketlake.connectors.autotask.checks.context import CheckContext
from ticketlake.connectors.autotask.checks.preview import preview
from ticketlake.connectors.autotask.settings import AutotaskSettings
from ticketlake.connectors.autotask.spec import THRESHOLD_FIX
from ticketlake.connectors.autotask.transport import autotask_transport
from ticketlake.connectors.autotask.zone import ZoneFinder
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.transport import InMemoryBudgets
from ticketlake.transport.rolling import RollingPolicy

if TYPE_CHECKING:
    from ticketlake.catalog.connection import Connection

__all__ = ["CHECKS", "CHECK_IDS", "run", "run_settings"]

CHECK_WAIT = 60.0
"""Seconds a check's call may wait for the tenant's budget (a sync waits up to hours)."""


def _area(area: areas.Area) -> Check[CheckContext]:
    async def check(ctx: CheckContext) -> Outcome:
        return await areas.check_area(ctx, area)

    return Check(area.id, area.title, check, ("threshold",), fix=area.fix, step=area.step)


CHECKS: tuple[Check[CheckContext], ...] = (
    Check("zone", "Zone found for the API user name", access.check_zone,
          fix=access.USERNAME_FIX, step=204),
    Check("tracking-identifier", "API tracking identifier accepted", access.check_tracking,
          ("zone",), fix=access.TRACKING_FIX, step=205),
    Check("authentication", "Authentication", access.check_authentication,
          ("tracking-identifier",), fix=access.SECRET_FIX, step=204),
    Check("threshold", "Threshold headroom", headroom.check_headroom, ("authentication",),
          fix=THRESHOLD_FIX),
    _area(areas.ADMIN),
    Check("api-only", "API-only user", privilege.check_api_only, ("admin",),
          fix=privilege.API_ONLY_FIX, step=104),
    _area(areas.TIMESHEET),
    _area(areas.SERVICE_DESK),
    Check("ticket-history", "Ticket history (status changes)", history.check_history,
          ("service-desk",), fix=areas.SERVICE_DESK.fix, step=110),
    _area(areas.CRM),
    Check("least-privilege", "Least privilege", privilege.check_least_privilege,
          ("api-only",), fix=privilege.WRITE_FIX, step=106),
)  # fmt: skip
"""The checks, in the order they run."""

CHECK_IDS = tuple(c.id for c in CHECKS)


async def run_settings(
    settings: ConnectionSettings,
    options: CheckOptions,
    on_result: OnResult,
    *,
    network: NetworkPolicy | None = None,
) -> CheckReport:
    """Run every check on ``settings`` (from the catalog or from flags); ``network``: the
    allowances its URLs were accepted under, checked again before the first call."""
    started = datetime.now(UTC)
    at = AutotaskSettings.from_connection(settings)
    discovery = ZoneFinder(_discovered_at(settings, at), clock=options.clock,
                           http_transport=options.http_transport)  # fmt: skip
    transport = autotask_transport(
        at, clock=options.clock, http_transport=options.http_transport, budgets=_budgets()
    )
    async with transport:
        ctx = CheckContext(settings, transport, discovery, network=network)
        results = await run_all(CHECKS, ctx, on_result)
        shown = await preview(ctx, results)
    return CheckReport.ended(settings, results, shown, started)


def _budgets() -> InMemoryBudgets:
    """The checks' budgets: the sync's pacing, but a call that would wait for the tenant's
    other integrations to slow down fails at once instead of waiting hours (the threshold
    check then says how busy the tenant is)."""
    return InMemoryBudgets(rolling=RollingPolicy(max_wait=CHECK_WAIT))


def _discovered_at(settings: ConnectionSettings, at: AutotaskSettings) -> AutotaskSettings:
    """Where the zone check looks the user up: the discovery host given, else a pinned zone
    (every zone answers zone information: the user name is proved where the customer pointed,
    never on Autotask's bootstrap host behind their back), else the bootstrap host."""
    if at.zone_url and not settings.value("discovery_url"):
        return dataclasses.replace(at, discovery_url=at.zone_url)
    return at


async def run(connection: Connection, options: CheckOptions, on_result: OnResult) -> CheckReport:
    """The seam's entry point: a saved connection, its secrets read (and audited) for checks."""
    settings = connection.to_settings(purpose="check")
    return await run_settings(settings, options, on_result, network=connection.network)

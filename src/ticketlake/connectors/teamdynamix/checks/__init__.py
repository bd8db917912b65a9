"""TeamDynamix onboarding checks: every step of the integration guide, verified by name.

``run`` is what ``ticketlake.checks.run_checks`` finds for a ``teamdynamix`` connection. It runs
every check in order (a check whose prerequisite did not pass is skipped, never run), each
with the calls it made as evidence and, when it does not pass, what to do and the guide step
that does it. Checks read only: every call goes through the connector's allow-list and the
transport's read-only guard, a few calls per endpoint. The report ends with a preview of what
a first sync will bring and how long it will take (``preview.py``), and records whether the
sync may read the application-wide feed (``feed_verdict``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ticketlake.checks import CheckOptions, CheckReport, CheckResult, CheckStatus, OnResult
from ticketlake.checks.runner import Check, run_all
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamdynamix.auth import TdxAuth
from ticketlake.connectors.teamdynamix.checks import (
    access,
    directory,
    feeds,
    object_attributes,
    privilege,
    reference,
    surveys,
    tickets,
)
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.checks.preview import backfill_of, preview
from ticketlake.connectors.teamdynamix.settings import TdxSettings, feed_verdict
from ticketlake.connectors.teamdynamix.spec import RATE_LIMIT_FIX
from ticketlake.connectors.teamdynamix.transport import tdx_transport
from ticketlake.errors import SourceError
from ticketlake.transport import Transport

if TYPE_CHECKING:
    from ticketlake.catalog.connection import Connection

logger = logging.getLogger("ticketlake.checks")

__all__ = ["CHECKS", "CHECK_IDS", "feed_verdict", "run", "run_settings"]


CHECKS: tuple[Check[CheckContext], ...] = (
    Check("base-url", "Base URL is a TeamDynamix Web API", access.check_base_url,
          fix=access.BASE_URL_FIX, step=5),
    Check("auth", "Authentication", access.check_auth, ("base-url",),
          fix=access.LOGIN_FIX, step=5),
    Check("identity", "Identity: an active service account", access.check_identity,
          ("auth",), fix=access.INACTIVE_FIX, step=3),
    Check("application", "Ticketing application", access.check_application, ("auth",),
          fix=access.APP_FIX, step=6),
    Check("app-assignment", "Service account assigned to the application",
          access.check_assignment, ("identity", "application"), fix=access.ASSIGN_FIX, step=4),
    Check("ticket-search", "Ticket search", tickets.check_search, ("app-assignment",),
          fix=access.ASSIGN_FIX, step=4),
    Check("ticket-read", "Single ticket with custom attributes", tickets.check_read,
          ("ticket-search",), fix=access.ASSIGN_FIX, step=4),
    Check("ticket-feed", "Ticket feed", feeds.check_ticket_feed, ("ticket-read",),
          fix=feeds.FEED_FIX, step=6),
    Check("app-feed", "Application-wide feed", feeds.check_app_feed, ("ticket-feed",),
          fix=feeds.APP_FEED_FIX, step=6),
    Check("feed-agreement", "Application-wide feed agrees with ticket feeds",
          feeds.check_agreement, ("ticket-feed", "app-feed"), fix=feeds.DISAGREE_FIX, step=6),
    Check("time-entries", "Time entries", directory.check_time, ("auth",),
          fix=directory.TIME_FIX, step=3),
    Check("people", "People", directory.check_people, ("auth",),
          fix=directory.PEOPLE_FIX, step=2),
    Check("groups", "Groups", directory.check_groups, ("people",),
          fix=directory.GROUPS_FIX, step=2),
    Check("reference-lists", "Reference lists", reference.check_lists, ("app-assignment",),
          fix=reference.LISTS_FIX, step=2),
    Check("custom-attributes", "Custom attribute definitions", reference.check_attributes,
          ("app-assignment",), fix=reference.ATTRIBUTES_FIX, step=1),
    Check("object-attributes", "Custom attributes of people, accounts and locations",
          object_attributes.check_object_attributes, ("people", "reference-lists"),
          fix=object_attributes.FIX, step=2),
    Check("visibility", "Accts/Depts visibility: every ticket", tickets.check_visibility,
          ("ticket-search",), fix=tickets.VISIBILITY_FIX, step=2),
    Check("report", "Ticket report for details in bulk", reference.check_report, ("auth",),
          fix=reference.REPORT_FIX, step=6),
    Check("survey-report", "Survey responses (conditional)", surveys.check_survey_report,
          ("auth",), fix=surveys.SURVEY_FIX, step=6),
    Check("least-privilege", "Least privilege", privilege.check_least_privilege,
          ("identity",), fix=privilege.PERMISSIONS_FIX, step=2),
    Check("rate-limits", "Rate limits", privilege.check_rate_limits, ("base-url",),
          fix=RATE_LIMIT_FIX, step=6),
)  # fmt: skip
"""The checks, in the order they run."""

CHECK_IDS = tuple(c.id for c in CHECKS)


def _transport(tdx: TdxSettings, auth: TdxAuth, options: CheckOptions) -> Transport:
    return tdx_transport(tdx, auth, clock=options.clock, http_transport=options.http_transport)


async def run_settings(
    settings: ConnectionSettings,
    options: CheckOptions,
    on_result: OnResult,
    *,
    network: NetworkPolicy | None = None,
) -> CheckReport:
    """Run every check on ``settings`` (from the catalog or from flags); ``network``: the
    allowances its base URL was accepted under, checked again before the first call."""
    started = datetime.now(UTC)
    tdx = TdxSettings.from_connection(settings)
    auth = TdxAuth(tdx)
    expected = options.expected_tickets or _expected(settings)
    async with _transport(tdx, auth, options) as transport:
        ctx = CheckContext(tdx, transport, auth, expected_tickets=expected, network=network)
        results = await run_all(CHECKS, ctx, on_result)
        shown = await _preview(ctx, results)
    return CheckReport.ended(settings, results, shown, started)


async def run(connection: Connection, options: CheckOptions, on_result: OnResult) -> CheckReport:
    """The seam's entry point: a saved connection, its secrets read (and audited) for checks."""
    settings = connection.to_settings(purpose="check")
    return await run_settings(settings, options, on_result, network=connection.network)


async def _preview(ctx: CheckContext, results: list[CheckResult]) -> dict[str, object]:
    needed = {"auth", "ticket-search"}
    blocked = [r.title for r in results if r.id in needed and r.status is not CheckStatus.PASS]
    if blocked:
        return preview(ctx, None, f"not estimated: {', '.join(blocked)} did not pass")
    try:
        backfill = await backfill_of(ctx)
    except SourceError as exc:
        return preview(ctx, None, f"not estimated: {exc.brief}")
    except Exception as exc:  # a stream's estimate failed unexpectedly: the checks still stand
        logger.exception("estimating the first sync failed")
        return preview(ctx, None, f"not estimated: internal error ({type(exc).__name__})")
    return preview(ctx, backfill)


def _expected(settings: ConnectionSettings) -> int | None:
    raw = settings.value("expected_ticket_count")
    try:
        return int(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None

"""Teamwork.com onboarding checks: every setting of seed 003's connection panel, verified by
name, each with its evidence and, when it does not pass, the setting that fixes it.

``run`` is what ``ticketlake.checks.run_checks`` finds for a ``teamwork`` connection. An OAuth
2.0 connection first shows how its last "Save and authorize" ended (client ID, redirect URL,
client secret, Accept: ``access.py``); then every connection signs in (site name, region,
credentials), and reads what its API type and version need (``scope.py``). Checks only read,
through the connector's own API and transport (``context.py``). The report ends with a preview
of the first sync: what it reads, its plan and its ETA (``preview.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ticketlake.checks import CheckOptions, CheckReport, OnResult
from ticketlake.checks.runner import Check, run_all
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamwork.checks import access, scope
from ticketlake.connectors.teamwork.checks import guide as g
from ticketlake.connectors.teamwork.checks.context import CheckContext
from ticketlake.connectors.teamwork.checks.preview import preview

if TYPE_CHECKING:
    from ticketlake.catalog.connection import Connection

__all__ = ["AUTHORIZATION", "CHECKS", "run", "run_settings"]

AUTHORIZATION: Check[CheckContext] = Check(
    "authorization",
    "Authorized with Teamwork.com (OAuth 2.0)",
    access.check_authorization,
    fix="Press Save and authorize again.",
    step=g.SIGN_IN,
)
CHECKS: tuple[Check[CheckContext], ...] = (
    Check(
        "sign-in",
        "Site name, region and credentials",
        access.check_sign_in,
        ("authorization",),
        fix=access.SITE_FIX,
        step=g.SITE_NAME,
    ),
    Check(
        "api-type",
        "API type enabled on the site",
        scope.check_api_type,
        ("sign-in",),
        step=g.API_TYPE,
    ),
    Check("api-version", "API version", scope.check_api_version, ("api-type",), step=g.API_VERSION),
    Check(
        "permissions",
        "Permissions of the key's user",
        scope.check_permissions,
        ("sign-in",),
        step=g.KEY_STEPS,
    ),
)
"""The checks every connection runs, in order (OAuth 2.0 ones run ``AUTHORIZATION`` first)."""


async def run_settings(
    settings: ConnectionSettings,
    options: CheckOptions,
    on_result: OnResult,
    *,
    network: NetworkPolicy,
) -> CheckReport:
    """Run every check on ``settings``; ``network``: the switches its URLs were saved under."""
    started = datetime.now(UTC)
    checks = CHECKS
    if settings.value("auth_type") == "oauth2":
        checks = (AUTHORIZATION, *CHECKS)
    ctx = CheckContext(settings, network, options)
    try:
        results = await run_all(checks, ctx, on_result)
        shown = await preview(ctx, results)
    finally:
        await ctx.aclose()
    return CheckReport.ended(settings, results, shown, started)


async def run(connection: Connection, options: CheckOptions, on_result: OnResult) -> CheckReport:
    """The seam's entry point: a saved connection, its secrets read (and audited) for checks."""
    settings = connection.to_settings(purpose="check")
    return await run_settings(settings, options, on_result, network=connection.network)

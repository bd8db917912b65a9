"""Satisfaction survey responses: conditional in the integration guide, read only through a
Report Builder report (TeamDynamix has no survey API, reference §8).

Without ``survey_report_id`` the check passes and says "not configured", what enables it, and
which reports the account can read that look like surveys. With one, it reads the report's
definition (``withData=false``: no rows, one call) and says which columns the sync will use.
"""

from __future__ import annotations

from typing import Any

from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.checks.commands import edit_set
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.mapping_surveys import ROLE_NAMES, survey_columns
from ticketlake.errors import ConfigError, SourceError

SET_SURVEY_REPORT = (
    "To read survey responses, build a Report Builder report over them (a response ID or the "
    "ticket ID, the respondent, the date completed and the answers), share it with the "
    "service account, and name it: " + edit_set("survey_report_id=REPORT_ID") + "."
)
SURVEY_FIX = (
    "Share the survey report with the service account in Report Builder and check its ID, or "
    "stop reading survey responses: " + edit_set("survey_report_id=") + "."
)
NO_TICKET = "its responses cannot be joined to tickets: add the ticket ID column"
NOT_STORED = "no survey responses will be stored"


async def check_survey_report(ctx: CheckContext) -> Outcome:
    """Not configured (and what enables it), or the named report and the columns it gives."""
    report_id = ctx.settings.survey_report_id
    if report_id is None:
        found = await _surveys_listed(ctx)
        return passed(f"not configured: survey responses are not read{found}. {SET_SURVEY_REPORT}")
    try:
        report = await ctx.call(
            "GET", ep.REPORT, path={"id": report_id}, params={"withData": "false"}
        )
    except SourceError as exc:
        if exc.status not in (401, 403, 404):
            raise
        return failed(
            f"survey report {report_id} is not readable by the service account (HTTP {exc.status})",
            SURVEY_FIX,
            6,
            impact=NOT_STORED,
        )
    if not isinstance(report, dict):
        return failed(
            f"survey report {report_id} did not come back as a report",
            SURVEY_FIX,
            6,
            impact=NOT_STORED,
        )
    try:
        columns = survey_columns(report)
    except ConfigError as exc:
        return failed(f"{exc.message}; {exc.fix}", SURVEY_FIX, 6, impact=NOT_STORED)
    name = str(report.get("Name") or f"report {report_id}")
    recognised = ", ".join(ROLE_NAMES[r] for r in ROLE_NAMES if r in columns.roles)
    said = (
        f"survey report {report_id} ({name}): {recognised} and "
        f"{len(columns.answers)} answer column(s)"
    )
    if "ticket_id" not in columns.roles:
        return warned(
            f"{said}; {NO_TICKET}",
            SURVEY_FIX,
            6,
            impact="responses are stored without their ticket, so satisfaction cannot be "
            "told per ticket, group or technician",
        )
    return passed(said)


async def _surveys_listed(ctx: CheckContext) -> str:
    """Reports the account can read whose name or source speaks of surveys."""
    try:
        reports = await ctx.call("GET", ep.REPORTS)
    except SourceError:
        return ""
    found = [r for r in reports if _about_surveys(r)] if isinstance(reports, list) else []
    if not found:
        return ""
    shown = ", ".join(f"{r['ID']} ({r.get('Name') or 'unnamed'})" for r in found[:5])
    return f"; reports the account can read that look like surveys: {shown}"


def _about_surveys(report: Any) -> bool:
    if not isinstance(report, dict) or not isinstance(report.get("ID"), int):
        return False
    text = f"{report.get('Name') or ''} {report.get('ReportSourceName') or ''}".lower()
    return "survey" in text

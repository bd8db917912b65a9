"""Reference data: the ticket lists, custom attribute definitions, and the configured report.

These are the lists the sync's reference stream reads (statuses, types, priorities, impacts,
urgencies, sources, forms, accounts, locations), the attribute definitions that turn choice ids
into labels, and, when the connection names one, the Report Builder report the sync reads
ticket details from in bulk: it must carry the ticket id and the custom attributes, or the
store would lack them.
"""

from __future__ import annotations

from typing import Any

from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.base import CallEstimate
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.checks.commands import edit_set
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.checks.preview import replanned
from ticketlake.connectors.teamdynamix.mapping import has_description, report_details
from ticketlake.connectors.teamdynamix.streams.details import GET_REPORT, GET_TICKET, DetailsStream
from ticketlake.connectors.teamdynamix.streams.tenant import REF_LISTS, TICKET_COMPONENT
from ticketlake.errors import ConfigError, SourceError
from ticketlake.readable import duration

DETAILS = DetailsStream.name
"""The stream that reads ticket details (the report, or one call per ticket)."""

LISTS: dict[str, str] = dict(REF_LISTS) | {"account": ep.ACCOUNTS, "location": ep.LOCATIONS}

LISTS_FIX = (
    "The service account's security role needs View All Types and View All Accts/Depts, and "
    "the IT Tickets application role from Step 1, so ticket statuses, types and the other "
    "lists can be read."
)
ATTRIBUTES_FIX = (
    "Custom attribute definitions come from api/attributes/custom; the service account needs "
    "the IT Tickets application role (Step 1). Protected or inactive attributes are left out "
    "by TeamDynamix and cannot be read through the API."
)
REPORT_FIX = (
    "In Report Builder, share the ticket report with the service account and include the "
    "ticket ID column, the Description column and every custom attribute column the analyses "
    "need; or clear the report ID to read details one ticket at a time (slower): "
    + edit_set("report_id=")
    + "."
)
SET_REPORT = (
    "To read details in bulk, set a Report Builder ticket report with the ticket ID, "
    "Description and custom attribute columns: "
    + edit_set("report_id=REPORT_ID")
    + " (where its ID is found: docs/onboarding.md, Report ID)."
)
NO_DESCRIPTIONS = "every ticket's description will be empty"


async def check_lists(ctx: CheckContext) -> Outcome:
    """Every reference list the sync reads, one call each."""
    sizes: dict[str, int] = {}
    refused: list[str] = []
    for kind, template in LISTS.items():
        try:
            sizes[kind] = len(await ctx.api.small_list(template))
        except SourceError as exc:
            if exc.status not in (401, 403, 404):
                raise
            refused.append(f"{kind} (HTTP {exc.status})")
    if refused:
        return failed(f"refused: {', '.join(refused)}", LISTS_FIX, 2)
    if not sizes.get("status"):
        return failed("the application has no ticket statuses visible", LISTS_FIX, 2)
    shown = ", ".join(f"{n} {kind}" for kind, n in sizes.items())
    return passed(f"read {shown}")


async def check_attributes(ctx: CheckContext) -> Outcome:
    """``GET attributes/custom`` for tickets of the application, and the read ticket's fit."""
    params = {"componentId": TICKET_COMPONENT, "associatedTypeId": 0, "appId": ctx.app_id}
    defs = [
        d for d in await ctx.api.small_list(ep.CUSTOM_ATTRIBUTES, params) if isinstance(d, dict)
    ]
    ctx.found.attribute_defs = defs
    known = {d.get("ID") for d in defs}
    used = [a for a in (ctx.found.ticket or {}).get("Attributes") or [] if isinstance(a, dict)]
    unknown = [str(a.get("Name") or a.get("ID")) for a in used if a.get("ID") not in known]
    if unknown:
        return warned(
            f"{len(defs)} definitions, but ticket attributes {', '.join(unknown)} are not "
            "among them (their choice labels cannot be resolved)",
            ATTRIBUTES_FIX,
            1,
            impact=f"{', '.join(unknown)} will hold choice ids where labels belong",
        )
    return passed(f"{len(defs)} ticket attribute definition(s)")


async def check_report(ctx: CheckContext) -> Outcome:
    """The configured report exists, has a ticket id column, the description and the custom
    attributes; with none configured, what one would save and where to find its ID."""
    report_id = ctx.settings.report_id
    if report_id is None:
        return await _without_report(ctx)
    report = await ctx.call("GET", ep.REPORT, path={"id": report_id}, params={"withData": "false"})
    if not isinstance(report, dict):
        return failed(f"report {report_id} did not come back as a report", REPORT_FIX, 6)
    try:
        report_details(report | {"DataRows": []}, attribute_defs=ctx.found.attribute_defs or ())
    except ConfigError as exc:
        return failed(exc.message, REPORT_FIX, 6)
    carried = _attribute_columns(report)
    defs = ctx.found.attribute_defs or []
    missing = [str(d.get("Name") or d.get("ID")) for d in defs if str(d.get("ID")) not in carried]
    if defs and len(missing) == len(defs):
        return failed(f"report {report_id} carries none of the custom attributes", REPORT_FIX, 6)
    lacks = ([] if has_description(report) else ["a Description column"]) + (
        [f"custom attributes {', '.join(missing)}"] if missing else []
    )
    if lacks:
        return warned(
            f"report {report_id} lacks {' and '.join(lacks)}",
            REPORT_FIX,
            6,
            impact=_lacking(has_description(report), missing),
        )
    return passed(
        f"report {report_id} carries the ticket id, the description and {len(carried)} attribute(s)"
    )


def _lacking(described: bool, missing: list[str]) -> str:
    said = [] if described else [NO_DESCRIPTIONS]
    if missing:
        said.append(f"tickets will have no {', '.join(missing)}")
    return "; ".join(said)


async def _without_report(ctx: CheckContext) -> Outcome:
    """No report: details take one call per ticket. Say what a report would save (the plan's
    two ETAs) and which reports the account can read."""
    said = "no report configured: ticket details are read one ticket per call"
    saving = _report_saving(ctx)
    listed = await _reports_listed(ctx)
    return passed(f"{said}{saving}{listed}. {SET_REPORT}")


def _report_saving(ctx: CheckContext) -> str:
    """The backfill's ETA now and with a report, from the plan the visibility check made
    (none when it did not run: no calls are made for this)."""
    backfill = ctx.found.backfill
    if backfill is None:
        return ""
    if GET_TICKET not in {e.endpoint for e in backfill.estimates.get(DETAILS, [])}:
        return ""
    bulk = replanned(ctx, backfill, DETAILS, CallEstimate(GET_REPORT, 1, exact=True))
    if backfill.plan.eta <= bulk.eta:
        return ""
    with_report = f"about {duration(bulk.eta)}" if bulk.eta else "no rate-limit wait"
    took = duration(backfill.plan.eta)
    return f", so a backfill takes about {took} (with a report: {with_report})"


async def _reports_listed(ctx: CheckContext) -> str:
    """The ticket reports the account can read, by ID and name (``GET api/reports``)."""
    try:
        reports = await ctx.call("GET", ep.REPORTS)
    except SourceError:
        return ""
    listed = reports if isinstance(reports, list) else []
    mine = [
        r
        for r in listed
        if isinstance(r, dict)
        and isinstance(r.get("ID"), int)
        and str(r.get("ReportSourceName") or "Tickets").lower() == "tickets"
    ]
    if not mine:
        return "; the account can read no ticket report yet"
    shown = ", ".join(f"{r['ID']} ({r.get('Name') or 'unnamed'})" for r in mine[:5])
    more = f" and {len(mine) - 5} more" if len(mine) > 5 else ""
    return f"; ticket reports the account can read: {shown}{more}"


def _attribute_columns(report: dict[str, Any]) -> set[str]:
    columns = report.get("DisplayedColumns") or []
    return {
        str(c.get("ColumnName"))
        for c in columns
        if isinstance(c, dict) and str(c.get("ColumnName") or "").isdigit()
    }

"""Time entries, people and groups: the data areas beside the tickets.

Time entries live in the TDTimeExpense application (reference §4) and are in scope only where
worklog reporting is wanted: out of scope, a refusal is a warning, never a failure. People
come from ``people/search`` (Step 2's "View People from Accts/Depts"); groups from
``groups/search`` and each group's members.
"""

from __future__ import annotations

from ticketlake.checks.commands import recheck
from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.teamdynamix.checks.commands import edit_set
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.errors import SourceError

TIME_SAMPLE = 5
PEOPLE_CAP = 5000
"""People counted for the preview in one call; past this the preview says "at least"."""

TIME_FIX = (
    "Time entries need the TDTimeExpense (Time & Expense) application: give the service "
    "account access to it (TDAdmin, Users and Roles, Users, the account's Applications tab), "
    "or, if worklog reporting is not wanted, take time entries out of scope with "
    + edit_set("time_entries=false")
    + "."
)
TIME_OUT_OF_SCOPE_FIX = (
    "Time entries are out of scope for this connection, so the sync will not read them; if "
    "worklog hours are wanted, enable TDTimeExpense for the service account and bring them "
    "into scope with " + edit_set("time_entries=true") + "."
)
PEOPLE_APP_FIX = (
    "People are read through the TDPeople (People) application: in TDAdmin, Users and Roles, "
    "Users, open the service account, and on its Applications tab check People (TDPeople). "
    "Save, then run " + recheck() + "."
)
PEOPLE_PERMISSION_FIX = (
    "Give the service account's security role (Step 2) the View People from Accts/Depts "
    "permission (and View All Accts/Depts) so requesters and technicians can be named, then "
    "run " + recheck() + "."
)
PEOPLE_FIX = (
    "People need both the TDPeople (People) application on the service account's Applications "
    "tab and the View People from Accts/Depts permission in its security role (Step 2); "
    "TeamDynamix's answer in the evidence says which is missing. Then run " + recheck() + "."
)
GROUPS_FIX = (
    "Groups are read through TDPeople: give the service account access to the People "
    "application and the View People from Accts/Depts permission in its security role, then "
    "run " + recheck() + "."
)
NO_PEOPLE = "requesters and technicians will be stored as ids, without names or e-mail"


async def check_time(ctx: CheckContext) -> Outcome:
    """``POST time/search``: readable when in scope; a refusal out of scope only warns."""
    in_scope = ctx.settings.time_entries
    try:
        rows = await ctx.api.search_time({"MaxResults": TIME_SAMPLE})
    except SourceError as exc:
        if exc.status not in (401, 403, 404):
            raise
        ctx.found.time_readable = False
        refused = f"time/search refused (HTTP {exc.status})"
        if in_scope:
            return failed(f"{refused}; time entries are in scope", TIME_FIX, 3)
        return warned(
            f"{refused}; time entries are out of scope",
            TIME_OUT_OF_SCOPE_FIX,
            3,
            impact="no time entries will be stored, so the report has no worklog hours",
        )
    ctx.found.time_readable = True
    if not in_scope:
        return passed(f"readable ({len(rows)} sampled), but out of scope: the sync skips them")
    return passed(f"time entries readable ({len(rows)} sampled)")


async def check_people(ctx: CheckContext) -> Outcome:
    """``POST people/search``: people are readable (and counted for the preview). A refusal
    names what TeamDynamix said is missing: the TDPeople application or the permission."""
    try:
        rows = await ctx.api.search_people({"MaxResults": PEOPLE_CAP, "IsActive": None})
    except SourceError as exc:
        if exc.status not in (401, 403):
            raise
        return _people_refused(exc)
    ctx.found.people = len(rows)
    ctx.found.people_capped = len(rows) >= PEOPLE_CAP
    if not rows:
        return failed("the people search returns nobody", PEOPLE_PERMISSION_FIX, 2,
                      impact=NO_PEOPLE)  # fmt: skip
    more = "at least " if ctx.found.people_capped else ""
    return passed(f"{more}{len(rows)} people readable")


def _people_refused(exc: SourceError) -> Outcome:
    said = exc.excerpt.lower()
    refused = f"people/search refused (HTTP {exc.status})"
    if "application" in said:
        why = "the account does not have the TDPeople (People) application"
        return failed(f"{refused}: {why}", PEOPLE_APP_FIX, 3, impact=NO_PEOPLE)
    if "permission" in said:
        why = "its security role lacks a permission to view people"
        return failed(f"{refused}: {why}", PEOPLE_PERMISSION_FIX, 2, impact=NO_PEOPLE)
    return failed(refused, PEOPLE_FIX, 2, impact=NO_PEOPLE)


async def check_groups(ctx: CheckContext) -> Outcome:
    """``POST groups/search`` and one group's members."""
    groups = await ctx.api.search_groups({"IsActive": None})
    ids = [g["ID"] for g in groups if isinstance(g, dict) and isinstance(g.get("ID"), int)]
    ctx.found.groups = len(ids)
    if not ids:
        return warned(
            "the groups search returns no groups",
            GROUPS_FIX,
            2,
            impact="no groups will be stored: tickets keep their group ids, without names",
        )
    members = await ctx.api.group_members(ids[0])
    return passed(f"{len(ids)} groups readable; group {ids[0]} has {len(members)} member(s)")

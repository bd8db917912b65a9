"""Least privilege and the rate limits: what the account may do beyond reading, and how much
of the tenant's budget the checks met already spent by someone else.

The guide asks for no create, update, delete or administrative access (Steps 1 and 2: every
application permission unchecked, only four view permissions in the global role) and for no
application beyond those read. ``auth/getuser`` lists the account's ``Applications``,
``OrgApplications`` (with ``IsAdministrator``), ``Permissions`` and ``SecurityRoleName``.
"""

from __future__ import annotations

import re
from typing import Any

from ticketlake.checks import Evidence
from ticketlake.checks.outcome import Outcome, passed, warned
from ticketlake.connectors.teamdynamix.checks.access import is_ticketing
from ticketlake.connectors.teamdynamix.checks.commands import edit_set
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.settings import ADMIN
from ticketlake.connectors.teamdynamix.spec import RATE_LIMIT_FIX
from ticketlake.sync.plan import lower_limits

WRITE_WORDS = (
    "create", "add", "edit", "update", "modify", "delete", "remove", "manage", "admin",
    "administer", "administrators", "approve", "import", "move", "merge", "assign",
)  # fmt: skip
"""Words in a permission name that mean more than viewing (the guide's list in Step 2)."""
UNNEEDED_APPS = ("admin", "project", "asset", "cmdb", "portfolio", "knowledge", "finance")
"""Application names the integration never reads (the guide defers assets, CMDB, projects,
portfolio and the knowledge base); TDAdmin is administrative."""

PERMISSIONS_FIX = (
    "Remove every create, edit, delete, manage and administrative permission from the service "
    "account's security role: it needs only View All Accts/Depts, View All Types, View People "
    "from Accts/Depts and View all requests belonging to assigned Accts/Depts."
)
APP_ROLE_FIX = (
    "Give the service account the read-only IT Tickets application role (all permission "
    "checkboxes unchecked), not an administrator role."
)
APPS_FIX = (
    "Remove the applications the integration does not read from the service account's "
    "Applications tab; keep IT Tickets (and Time & Expense if worklog hours are in scope)."
)
MORE_THAN_READING = (
    "the data is complete; the risk is the account's: whoever holds its credentials can change "
    "TeamDynamix, although ticketlake only reads"
)
ADMIN_LOGIN_FIX = (
    "The admin service account (BEID + WebServicesKey) can administer the organization; use "
    "it only if approved, otherwise a username/password service account with read-only roles: "
    + edit_set("auth_mode=password", "username=USER")
    + " (it asks for the password)."
)


def _texts(raw: Any) -> list[str]:
    if not isinstance(raw, list):
        return []
    named = (x.get("Name") if isinstance(x, dict) else x for x in raw)
    return [str(n) for n in named if n is not None and str(n)]


def _write_permissions(user: dict[str, Any]) -> list[str]:
    """Permissions that do more than view ("View all requests belonging to assigned ..." is
    a view permission, though it says "assigned")."""
    names = _texts(user.get("Permissions"))
    return [
        p
        for p in names
        if not p.strip().lower().startswith("view")
        and set(re.findall(r"[a-z]+", p.lower())) & set(WRITE_WORDS)
    ]


def _admin_app_roles(user: dict[str, Any]) -> list[str]:
    roles = user.get("OrgApplications")
    if not isinstance(roles, list):
        return []
    return [
        str(r.get("Name") or r.get("AppID") or "an unnamed application")
        for r in roles
        if isinstance(r, dict) and r.get("IsAdministrator")
    ]


def _unneeded_apps(user: dict[str, Any], app_id: int | None, time_in_scope: bool) -> list[str]:
    """Standard applications the integration never uses, and ticketing applications other
    than the configured one (``app_id`` ``None``: the configured one is not known to be right,
    so another may be the one meant)."""
    words = UNNEEDED_APPS + (() if time_in_scope else ("time",))
    extra = [a for a in _texts(user.get("Applications")) if any(w in a.lower() for w in words)]
    for role in user.get("OrgApplications") or []:
        if not isinstance(role, dict) or role.get("IsAdministrator"):
            continue  # reported as an administrator role
        kind = str(role.get("SystemClass") or "").lower()
        other_tickets = app_id is not None and "ticket" in kind and role.get("ID") != app_id
        if other_tickets or any(w in kind for w in words):
            extra.append(str(role.get("Name") or role.get("ID") or "an unnamed application"))
    return sorted(set(extra))


async def check_least_privilege(ctx: CheckContext) -> Outcome:
    """Warn on write or administrative permissions and on applications not needed."""
    if ctx.found.user_evidence is not None:
        ctx.note(ctx.found.user_evidence)  # judged from the identity check's getuser answer
    found = _excess(ctx)
    if not found:
        return passed("no write or administrative permission, no application beyond those read")
    summary = "; ".join(text for text, _, _ in found)
    fixes = " ".join(dict.fromkeys(fix for _, fix, _ in found))
    return warned(summary, fixes, found[0][2], impact=MORE_THAN_READING)


def _excess(ctx: CheckContext) -> list[tuple[str, str, int]]:
    """(what, fix, step) for each privilege beyond reading, most serious first."""
    user = ctx.found.user or {}
    found: list[tuple[str, str, int]] = []
    if ctx.settings.auth_mode == ADMIN:
        found.append(("logged in as the admin service account", ADMIN_LOGIN_FIX, 5))
    writes = _write_permissions(user)
    role = str(user.get("SecurityRoleName") or "")
    if writes or "admin" in role.lower():
        # Every permission to remove, none cut: the administrator acts on this list.
        shown = f"remove {', '.join(writes)}" if writes else "its permissions are not listed"
        named = f"role {role}" if role else "its security role"
        found.append((f"{named} may write or administer: {shown}", PERMISSIONS_FIX, 2))
    admin_roles = _admin_app_roles(user)
    if admin_roles:
        found.append((f"administrator of {', '.join(admin_roles)}", APP_ROLE_FIX, 1))
    app = ctx.found.application
    confirmed = ctx.app_id if app is not None and is_ticketing(app) else None
    extra = _unneeded_apps(user, confirmed, ctx.settings.time_entries)
    if extra:
        found.append((f"applications not needed: {', '.join(extra)}", APPS_FIX, 4))
    return found


async def check_rate_limits(ctx: CheckContext) -> Outcome:
    """Throttled answers, or limits below the documented ones: the sync will be slower."""
    stats = ctx.transport.stats
    total = stats.total()
    busiest = max(stats.items(), key=lambda kv: kv[1].calls, default=None)
    most = f"; at most {busiest[1].calls} on {busiest[0]}" if busiest else ""
    lower = _busiest_first(
        ctx, lower_limits(ctx.transport.endpoints, ctx.transport.limits_in_force())
    )
    if not total.throttled and not lower:
        return passed(f"{total.calls} calls, none throttled{most}")
    problems = []
    if total.throttled:
        problems.append(
            f"{total.throttled} of {total.calls} calls were throttled (HTTP 429): another "
            "client spends this address's budget"
        )
        _note_throttled(ctx)
    if lower:
        examples = ", ".join(f"{key} {seen} (documented {doc})" for key, seen, doc in lower[:3])
        problems.append(
            f"{len(lower)} endpoint(s) announce lower limits than documented, e.g. {examples} "
            "(the ETA uses the announced limits)"
        )
        for key, seen, doc in lower:
            method, _, template = key.partition(" ")
            ctx.note(
                Evidence(method, template, None, f"X-RateLimit-Limit: {seen} (documented {doc})")
            )
    return warned(
        "; ".join(problems) + "; a sync will take longer",
        RATE_LIMIT_FIX,
        6,
        impact="the data is complete; the sync takes longer (its ETA counts the lower limits)",
    )


def _busiest_first(ctx: CheckContext, lower: list[tuple[str, int, int]]) -> list[Any]:
    """The endpoints a backfill leans on most come first (they set its duration)."""
    plan = ctx.found.backfill.plan.endpoints if ctx.found.backfill else ()
    calls = {e.endpoint: e.calls for e in plan}
    return sorted(lower, key=lambda item: -calls.get(item[0], 0))


def _note_throttled(ctx: CheckContext) -> None:
    for key, s in ctx.transport.stats.items():
        if s.throttled:
            method, _, template = key.partition(" ")
            excerpt = f"{s.throttled} of {s.calls} answers were HTTP 429"
            ctx.note(Evidence(method, template, 429, excerpt, round(s.wait_seconds * 1000, 1)))

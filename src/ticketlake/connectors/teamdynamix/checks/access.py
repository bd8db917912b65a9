"""Getting in: the base URL, the login, who the account is, and the ticketing application.

Steps cited are the TeamDynamix integration guide's (``spec.STEPS``): the base URL and the
credentials come from Step 5 (API authentication), the account's state from Step 3 (the
dedicated service account), the application from Step 4 (assignment) and Step 6 (the appId
the reads use).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ticketlake.checks import Evidence
from ticketlake.connectors.netguard import UnsafeURL, guard_url
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.checks.runner import Outcome, failed, passed, warned
from ticketlake.connectors.teamdynamix.settings import ADMIN
from ticketlake.connectors.teamdynamix.spec import is_sandbox
from ticketlake.errors import AuthError, SourceError

BASE_URL_FIX = (
    "Use your tenant's Web API base URL: https://yourorg.teamdynamix.com/TDWebApi for "
    "production or .../SBTDWebApi for the sandbox (the URL in front of api/auth in the "
    "guide's login call), then `ticketlake connections edit NAME`."
)
LOGIN_FIX = (
    "The tenant refused the service account's user name and password. Confirm them with the "
    "guide's api/auth call, then re-enter them with `ticketlake connections edit NAME`. If the "
    "account signs in through SSO only it has no TeamDynamix password and the API will not "
    "accept it: use the dedicated service account of Step 3 (or have an administrator set a "
    "TeamDynamix password)."
)
ADMIN_FIX = (
    "The tenant refused the BEID and WebServicesKey. Copy both from TDAdmin's organization "
    "detail page (needs the Add BE Administrators permission), confirm them with the guide's "
    "api/auth/loginadmin call, then re-enter them with `ticketlake connections edit NAME`."
)
SSO_FIX = (
    "The API does not accept single sign-on logins. Use the dedicated TeamDynamix service "
    "account with a TeamDynamix password (an administrator sets one), not a person's SSO login."
)
INACTIVE_FIX = (
    "Set the service account to Active in TDAdmin (Users and Roles, Users): an inactive "
    "account cannot authenticate."
)
PERSON_FIX = (
    "Create a dedicated service account for the integration (e.g. CIO Analytics) so access "
    "is auditable and can be rotated or revoked without depending on a person's account."
)
APP_FIX = (
    "Set the connection's ticketing application ID to the appId of IT Tickets (TDAdmin, "
    "Applications); the guide's ticket search replaces APP_ID with it."
)
ASSIGN_FIX = (
    "In TDAdmin open the service account, Applications tab: check IT Tickets (not only Client "
    "Portal), give it the read-only application role from Step 1, save, and retest."
)

_SSO_WORDS = ("single sign", "sso", "external authentication", "identity provider")
_INACTIVE_WORDS = ("inactive", "not active", "disabled", "deactivated")


async def check_base_url(ctx: CheckContext) -> Outcome:
    """Still safe to send credentials to (DNS may have changed since the URL was saved),
    reachable, and answering like a TDX Web API: ``auth/getuser`` without a token is 401."""
    where = "sandbox" if is_sandbox(ctx.settings.base_url) else "production"
    if ctx.network is not None:
        try:
            await asyncio.to_thread(guard_url, ctx.settings.base_url.rstrip("/"), ctx.network)
        except UnsafeURL as exc:
            return failed(f"credentials will not be sent there: the URL {exc}", BASE_URL_FIX, 5)
    try:
        answer = await ctx.call("GET", ep.GET_USER, authenticate=False)
    except SourceError as exc:
        return _judge_probe(exc, where)
    if isinstance(answer, dict) and "UID" in answer:
        return passed(f"a TeamDynamix Web API ({where}) answered")
    return failed("the URL answers, but not like a TeamDynamix Web API", BASE_URL_FIX, 5)


def _judge_probe(exc: SourceError, where: str) -> Outcome:
    if exc.status in (401, 403):
        return passed(
            f"a TeamDynamix Web API ({where}) answered: it asks for a token (HTTP {exc.status})"
        )
    if exc.status is None:
        return failed(f"no answer from the base URL: {exc.message}", BASE_URL_FIX, 5)
    if exc.status == 404:
        return failed("no Web API at this path (HTTP 404)", BASE_URL_FIX, 5)
    if 300 <= exc.status < 400:
        return failed(f"the URL redirects (HTTP {exc.status})", BASE_URL_FIX, 5)
    return failed(f"the URL answers HTTP {exc.status}, not a TDX Web API", BASE_URL_FIX, 5)


async def check_auth(ctx: CheckContext) -> Outcome:
    """Log in by the connection's mode; the token is withheld from the evidence."""
    admin = ctx.settings.auth_mode == ADMIN
    template = ep.LOGIN_ADMIN if admin else ep.LOGIN
    mode = "BEID + WebServicesKey (api/auth/loginadmin)" if admin else "user name + password"
    started = time.perf_counter()
    try:
        await ctx.auth.refresh(ctx.transport)
    except AuthError as exc:
        ctx.note(_login_evidence(template, exc.status, exc.excerpt, started))
        return _refused(exc, admin)
    except SourceError as exc:
        ctx.note(_login_evidence(template, exc.status, exc.excerpt, started))
        raise
    hours = (ctx.auth.expires_at - ctx.transport.server_now()) / 3600
    ctx.note(
        _login_evidence(template, 200, f"(a JWT, withheld; expires in {hours:.1f} h)", started)
    )
    return passed(f"logged in with {mode}; the token expires in {hours:.1f} h")


def _login_evidence(template: str, status: int | None, excerpt: str, started: float) -> Evidence:
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    return Evidence("POST", template, status, excerpt, elapsed)


def _refused(exc: AuthError, admin: bool) -> Outcome:
    text = exc.excerpt.lower()
    status = f"HTTP {exc.status}" if exc.status is not None else "no token"
    if exc.status is None:  # answered 2xx, but not with a JWT
        return failed("the login answered without a token", BASE_URL_FIX, 5)
    if any(w in text for w in _SSO_WORDS):
        return failed(f"login refused ({status}): an SSO-only account", SSO_FIX, 3)
    if any(w in text for w in _INACTIVE_WORDS):
        return failed(f"login refused ({status}): the account is inactive", INACTIVE_FIX, 3)
    what = "BEID / WebServicesKey" if admin else "user name / password"
    return failed(f"login refused ({status}): {what}", ADMIN_FIX if admin else LOGIN_FIX, 5)


async def check_identity(ctx: CheckContext) -> Outcome:
    """``auth/getuser``: an active, dedicated, non-SSO service account."""
    user = await ctx.call("GET", ep.GET_USER)
    if not isinstance(user, dict):
        return failed("auth/getuser did not return a user", BASE_URL_FIX, 5)
    ctx.found.user = user
    ctx.found.user_evidence = ctx.last_evidence
    who = f"{user.get('UserName') or user.get('FullName') or '(unnamed)'}"
    if user.get("IsActive") is False:
        return failed(f"{who} is inactive", INACTIVE_FIX, 3)
    if _sso_only(user):
        return failed(f"{who} signs in through single sign-on", SSO_FIX, 3)
    if ctx.settings.auth_mode != ADMIN and _looks_personal(user):
        return warned(f"{who} looks like a person's account, not a service account", PERSON_FIX, 3)
    return passed(f"{who}: active service account")


def _sso_only(user: dict[str, Any]) -> bool:
    """The account authenticates through an external provider (SSO), not TDX's own login."""
    provider = user.get("AuthenticationProviderID")
    return isinstance(provider, int) and provider > 0


def _looks_personal(user: dict[str, Any]) -> bool:
    """An employee's own user account rather than an integration identity."""
    return bool(user.get("IsEmployee")) and user.get("TypeID") == 1


async def check_application(ctx: CheckContext) -> Outcome:
    """``api/applications``: the configured appId exists and is a ticketing application."""
    apps = await ctx.call("GET", ep.APPLICATIONS)
    listed = [a for a in apps if isinstance(a, dict)] if isinstance(apps, list) else []
    ticketing = [a for a in listed if is_ticketing(a)]
    known = ", ".join(f"{a.get('AppID')} {a.get('Name')}" for a in ticketing) or "none"
    mine = next((a for a in listed if _app_id(a) == ctx.app_id), None)
    if mine is None:
        return failed(
            f"no application {ctx.app_id} visible to the account (ticketing: {known})", APP_FIX, 6
        )
    ctx.found.application = mine
    if not is_ticketing(mine):
        kind = mine.get("Type") or mine.get("AppClass") or "non-ticketing"
        return failed(
            f"application {ctx.app_id} ({mine.get('Name')}) is {kind}, not ticketing "
            f"(ticketing: {known})",
            APP_FIX,
            6,
        )
    if mine.get("IsActive") is False:
        return failed(f"application {ctx.app_id} ({mine.get('Name')}) is inactive", APP_FIX, 6)
    return passed(f"{ctx.app_id} is {mine.get('Name')}, a ticketing application")


async def check_assignment(ctx: CheckContext) -> Outcome:
    """The account is assigned to the ticketing application (getuser's ``OrgApplications``).

    When getuser does not list it, one ticket search confirms (an account may reach an
    application through a path getuser does not show; the refusal is the proof).
    """
    name = (ctx.found.application or {}).get("Name") or ctx.app_id
    if ctx.settings.auth_mode == ADMIN:
        return passed("the admin service account reaches every application")
    roles = (ctx.found.user or {}).get("OrgApplications")
    mine = [r for r in roles or [] if isinstance(r, dict) and _app_id(r) == ctx.app_id]
    if mine:
        role = mine[0].get("SecurityRoleName") or "no application role"
        return passed(f"assigned to {name} with role {role}")
    try:
        await ctx.api.search_tickets({"MaxResults": 1})
    except SourceError as exc:
        if exc.status in (401, 403):
            return failed(
                f"not assigned to {name}: getuser does not list it and ticket searches are "
                f"refused (HTTP {exc.status})",
                ASSIGN_FIX,
                4,
            )
        raise
    return passed(f"getuser does not list {name}, but ticket searches work")


def _app_id(app: dict[str, Any]) -> int | None:
    raw = app.get("AppID") or app.get("ID")
    return raw if isinstance(raw, int) else None


def is_ticketing(app: dict[str, Any]) -> bool:
    """Whether an ``OrgApplication`` is a ticketing application (its type or class says so)."""
    kind = " ".join(str(app.get(k) or "") for k in ("Type", "AppClass", "SystemClass")).lower()
    return "ticket" in kind

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
from ticketlake.checks.commands import recheck
from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.netguard import UnsafeURL, guard_url
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.checks.commands import edit_secrets, edit_set
from ticketlake.connectors.teamdynamix.checks.context import CheckContext
from ticketlake.connectors.teamdynamix.settings import ADMIN
from ticketlake.connectors.teamdynamix.spec import is_sandbox
from ticketlake.errors import AuthError, SourceError

BASE_URL_FIX = (
    "Use your tenant's Web API base URL: https://yourorg.teamdynamix.com/TDWebApi for "
    "production or .../SBTDWebApi for the sandbox (the URL in front of api/auth in the "
    "guide's login call): "
    + edit_set("base_url=https://yourorg.teamdynamix.com/TDWebApi")
    + " (a new base URL asks for the secrets again, so they are never sent to another host)."
)
LOGIN_FIX = (
    "TeamDynamix answers a wrong password and an account that signs in through single sign-on "
    "(SSO) only the same way. To tell which: in TDAdmin, Users and Roles, Users, open the "
    "account. If its authentication provider is your SSO provider, not TeamDynamix, it has no "
    "TeamDynamix password and the API cannot use it: use the dedicated service account of "
    "Step 3, or have an administrator set a TeamDynamix password for it. Otherwise the user "
    "name or password is wrong: confirm them with the guide's api/auth call, then re-enter the "
    "password with "
    + edit_secrets("password")
    + " (a user name with "
    + edit_set("username=USER")
    + ", which asks for the password too)."
)
ADMIN_FIX = (
    "The tenant refused the BEID and WebServicesKey. Copy both from TDAdmin's organization "
    "detail page (needs the Add BE Administrators permission), confirm them with the guide's "
    "api/auth/loginadmin call, then re-enter them with "
    + edit_secrets("beid", "web_services_key")
    + "."
)
SSO_FIX = (
    "The API does not accept single sign-on logins. Use the dedicated TeamDynamix service "
    "account with a TeamDynamix password (an administrator sets one), not a person's SSO "
    "login: " + edit_set("username=USER") + " (it asks for the password too)."
)
INACTIVE_FIX = (
    "Set the service account to Active in TDAdmin (Users and Roles, Users): an inactive "
    "account cannot authenticate. Then run " + recheck() + "."
)
PERSON_FIX = (
    "Create a dedicated service account for the integration (e.g. CIO Analytics) so access "
    "is auditable and can be rotated or revoked without depending on a person's account."
)


def app_fix(app_id: str = "APP_ID") -> str:
    """Set the ticketing application's ID (``app_id``, when known)."""
    return (
        "Set the connection's ticketing application ID to the appId of IT Tickets (TDAdmin, "
        "Applications; the guide's ticket search replaces APP_ID with it): "
        + edit_set(f"app_id={app_id}")
        + "."
    )


APP_FIX = app_fix()
ASSIGN_FIX = (
    "In TDAdmin open the service account, Applications tab: check IT Tickets (not only Client "
    "Portal), give it the read-only application role from Step 1, save, then run " + recheck() + "."
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
    if admin:
        return failed(f"login refused ({status}): BEID / WebServicesKey", ADMIN_FIX, 5)
    # Reference §1: an SSO-only account has no TeamDynamix password, and the login answers it
    # exactly as it answers a wrong password. Both causes are named, and how to tell them apart.
    return failed(
        f"login refused ({status}): the user name or password is wrong, or the account signs "
        "in through single sign-on only and has no TeamDynamix password (TeamDynamix answers "
        "both alike)",
        LOGIN_FIX,
        5,
    )


async def check_identity(ctx: CheckContext) -> Outcome:
    """``auth/getuser``: an active, dedicated service account."""
    user = await ctx.call("GET", ep.GET_USER)
    if not isinstance(user, dict):
        return failed("auth/getuser did not return a user", BASE_URL_FIX, 5)
    ctx.found.user = user
    ctx.found.user_evidence = ctx.last_evidence
    who = f"{user.get('UserName') or user.get('FullName') or 'The account'}"
    if user.get("IsActive") is False:
        return failed(f"{who} is inactive", INACTIVE_FIX, 3)
    if ctx.settings.auth_mode != ADMIN and _looks_personal(user):
        sso = ", signing in through single sign-on" if _sso_linked(user) else ""
        return warned(
            f"{who} looks like a person's account{sso}, not a service account",
            PERSON_FIX,
            3,
            impact="the data is complete, but it is read as a person whose access changes "
            "when their job does",
        )
    if _sso_linked(user):
        return passed(
            f"{who}: active service account; it names a single sign-on provider, and its "
            "TeamDynamix password works for the API"
        )
    return passed(f"{who}: active service account")


def _sso_linked(user: dict[str, Any]) -> bool:
    """The account names an external authentication provider (SSO). Its API login worked, so
    it also has a TeamDynamix password (reference §1): not a failure, only a sign of a
    person's account."""
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
    known = ", ".join(_named_app(a) for a in ticketing) or "none"
    fix = _app_fix(ticketing)
    mine = next((a for a in listed if _app_id(a) == ctx.app_id), None)
    if mine is None:
        return failed(
            f"no application {ctx.app_id} visible to the account (ticketing: {known})", fix, 6
        )
    ctx.found.application = mine
    name = mine.get("Name") or "unnamed"
    if not is_ticketing(mine):
        kind = mine.get("Type") or mine.get("AppClass") or "non-ticketing"
        return failed(
            f"application {ctx.app_id} ({name}) is {kind}, not ticketing (ticketing: {known})",
            fix,
            6,
        )
    if mine.get("IsActive") is False:
        return failed(f"application {ctx.app_id} ({name}) is inactive", fix, 6)
    return passed(f"{ctx.app_id} is {name}, a ticketing application")


def _named_app(app: dict[str, Any]) -> str:
    return f"{_app_id(app) or '(no ID)'} {app.get('Name') or '(unnamed)'}"


def _app_fix(ticketing: list[dict[str, Any]]) -> str:
    """``APP_FIX`` with the one ticketing application's ID filled in, when there is one."""
    ids = [i for i in (_app_id(a) for a in ticketing) if i is not None]
    return app_fix(str(ids[0])) if len(ids) == 1 else APP_FIX


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

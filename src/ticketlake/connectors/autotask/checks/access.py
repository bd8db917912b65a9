"""Getting in: the zone, the tracking identifier, the secret, and an API-only user.

Autotask's status codes mislead (reference A2): an unknown user name answers 500, a wrong
secret 401, an unknown integration code 500 again. The zone lookup tells the first apart: it
needs no credentials and finds a zone only for a user name Autotask knows. Once it has, a 500
to the first authenticated call points at the tracking identifier, and a 401 at the secret
(or at a user Autotask will not let in: inactive, or not API-only).

The first authenticated call is ``GET ThresholdInformation``: it proves the credentials and,
read before ticketlake has spent anything this run, shows what the tenant's other integrations
use of the hour (``headroom.py`` judges the same answer).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import orjson

from ticketlake.checks.commands import recheck
from ticketlake.checks.outcome import Outcome, failed, passed
from ticketlake.connectors.autotask.checks.commands import edit_secrets, edit_set
from ticketlake.connectors.netguard import UnsafeURL, guard_url
from ticketlake.errors import SourceError

if TYPE_CHECKING:
    from ticketlake.connectors.autotask.checks.context import CheckContext

USERNAME_FIX = (
    "Copy the user name Autotask generated for the API user (Admin, Account Settings & Users, "
    "Resources/Users, the API user: its credentials) and enter it with "
    + edit_set("api_username=USER")
    + " (it asks for the secret and tracking identifier again, so they are never sent for "
    "another user)."
)
ZONE_FIX = (
    "Clear the zone override so ticketlake uses the zone Autotask names for the API user: "
    + edit_set("zone_url=")
    + " (it asks for the secret and tracking identifier again)."
)
TRACKING_FIX = (
    "Open the API user in Autotask (Admin, Account Settings & Users, Resources/Users). Under "
    "API Tracking Identifier choose Custom (Internal Integration): ticketlake is no listed "
    "Integration Vendor, and a vendor's identifier belongs to that vendor. Copy the identifier "
    "Autotask generates, save the user, then enter the identifier with "
    + edit_secrets("api_tracking_identifier")
    + "."
)
SECRET_FIX = (
    "Re-enter the secret Autotask generated for the API user with "
    + edit_secrets("api_secret")
    + " (if it is lost, generate a new one on the API user and enter that). If the secret is "
    "right, open the API user (Admin, Account Settings & Users, Resources/Users): it must be "
    "Active (API user, step 3) and have a security level copied from API User (system) "
    "(API-only) (Security level, step 4); then run " + recheck() + "."
)
UNREACHABLE_FIX = (
    "Let this machine reach Autotask over HTTPS (a proxy or firewall may block "
    "webservices*.autotask.net), or correct a discovery host or zone set by hand with "
    + edit_set("discovery_url=", "zone_url=")
    + " (it asks for the secret and tracking identifier again); then run "
    + recheck()
    + "."
)
URL_FIX = (
    "Point the connection at Autotask's hosts again: clear the zone override and the discovery "
    "host with " + edit_set("zone_url=", "discovery_url=") + " (it asks for the secret and "
    "tracking identifier again), or re-save it with the network switch its host needs "
    "(--allow-private-network for a tenant on your own network)."
)


async def check_zone(ctx: CheckContext) -> Outcome:
    """``V1.0/zoneInformation?user=``: Autotask finds the API user's zone (which proves the
    user name), and a pinned zone is that zone."""
    unsafe = await _unsafe_url(ctx)
    if unsafe:
        return failed(f"credentials will not be sent there: {unsafe}", URL_FIX, None)
    user = ctx.username
    try:
        zone = await ctx.zone()
    except SourceError as exc:
        if exc.status is None:
            where = ctx.discovery.settings.discovery_url
            return failed(f"no answer from {where}: {exc.brief}", UNREACHABLE_FIX, None)
        if exc.status == 500:
            return failed(
                f"Autotask finds no zone for the user name {user} ({answered(exc)}): it is not "
                "the user name of an API user of this tenant",
                USERNAME_FIX,
                204,
            )
        raise
    name = zone.name or "a zone"
    pinned = ctx.settings.zone_url
    if pinned and _normal(pinned) != _normal(zone.url):
        return failed(
            f"the zone pinned ({pinned}) is not the API user's: Autotask says its database is "
            f"in {name} ({zone.url})",
            ZONE_FIX,
            None,
        )
    how = "the zone pinned" if pinned else "found by the user name"
    return passed(f"{user} is an API user in {name} ({zone.url}, {how})")


async def _unsafe_url(ctx: CheckContext) -> str:
    """Why a URL the connection sends credentials to may not receive them now (DNS may
    have changed since it was saved); "" when both may."""
    if ctx.network is None:
        return ""
    for url in {ctx.discovery.settings.discovery_url, ctx.settings.zone_url} - {None}:
        try:
            await asyncio.to_thread(guard_url, str(url).rstrip("/"), ctx.network)
        except UnsafeURL as exc:
            return f"{url}: {exc}"
    return ""


def _normal(url: str) -> str:
    return url.strip().rstrip("/").lower()


def answered(exc: SourceError) -> str:
    """``HTTP 500, "what Autotask said"`` (its ``{"errors": [...]}`` or ``{"Message": ...}``
    in one line), or only the status when the answer said nothing."""
    said = autotask_said(exc.excerpt)
    return f'HTTP {exc.status}, "{said}"' if said else f"HTTP {exc.status}"


def autotask_said(excerpt: str) -> str:
    """The messages of an Autotask error body excerpt, joined; the excerpt itself when it is
    not one (or is cut short)."""
    try:
        body: Any = orjson.loads(excerpt)
    except orjson.JSONDecodeError:
        return excerpt.strip()
    if isinstance(body, dict):
        errors = body.get("errors") or body.get("Message") or body.get("message")
        if isinstance(errors, list):
            return " ".join(str(e) for e in errors)
        if errors:
            return str(errors)
    return excerpt.strip()


async def check_tracking(ctx: CheckContext) -> Outcome:
    """The first authenticated call is not refused for its ``ApiIntegrationCode``: Autotask
    answers 500 to an unknown one (A2), and the zone check proved the user name."""
    answer = await ctx.first_call()
    if isinstance(answer, SourceError):
        if answer.status == 500:
            return failed(
                f"Autotask refused the first authenticated call ({answered(answer)}) although it "
                "knows the user name (the zone was found): it does not accept the tracking "
                "identifier sent as ApiIntegrationCode",
                TRACKING_FIX,
                205,
            )
        if answer.status == 401:
            return passed(
                "not refused for it: Autotask answers an unknown tracking identifier with HTTP "
                "500; this call got 401, which is about the secret (next check)"
            )
        raise answer
    return passed("accepted (sent as ApiIntegrationCode on every call)")


async def check_authentication(ctx: CheckContext) -> Outcome:
    """The same call, judged for the user name and secret: 401 is a wrong secret, or a user
    Autotask does not let in (inactive, or not API-only: Autotask answers all three alike)."""
    answer = await ctx.first_call()
    if isinstance(answer, SourceError):
        if answer.status == 401:
            return failed(
                f"Autotask refused the credentials ({answered(answer)}): the secret is wrong, or "
                "the API user is inactive or its security level is not API-only (Autotask "
                "answers these alike)",
                SECRET_FIX,
                204,
            )
        raise answer
    return passed("the user name, secret and tracking identifier are accepted")

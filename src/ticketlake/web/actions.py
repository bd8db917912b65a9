"""What operators and customers can do, shared by the pages and the JSON API.

Connection changes go through the catalog's own submission rules (``ticketlake.catalog``:
validation with the SSRF guard, secrets re-entered when the address they go to changes), which
audit them; the web's own actions (invites, started tests and syncs) go to the web audit log.
Actors are ``web:operator:NAME`` or ``web:invite:ID`` (a customer has no account; the invite is
who they are).
"""

from __future__ import annotations

from collections.abc import Mapping

from ticketlake.catalog import Connection, apply_edit, plan_edit, submit_new
from ticketlake.catalog.submission import NAME, NAME_RULE
from ticketlake.connectors.spec import SOURCES
from ticketlake.errors import ValidationError
from ticketlake.web.checkruns import CheckRun
from ticketlake.web.context import WebContext
from ticketlake.web.invites import Invite

MAX_INVITE_HOURS = 30 * 24


class NameTaken(ValidationError):
    """The name belongs to a connection of another source (the API answers 409)."""


def operator_actor(name: str) -> str:
    """How an operator appears in the audit logs."""
    return f"web:operator:{name}"


def invite_actor(invite: Invite) -> str:
    """How a customer appears in the audit logs."""
    return f"web:invite:{invite.id}"


def create_invite(
    ctx: WebContext, operator: str, source: str, connection: str, hours: float
) -> tuple[str, Invite]:
    """A new invite and its link; ``ValidationError`` for a bad source, name or lifetime."""
    errors: dict[str, str] = {}
    if source not in SOURCES:
        errors["source"] = f"must be one of: {', '.join(SOURCES)}"
    if not NAME.match(connection):
        errors["connection"] = f"must be {NAME_RULE}"
    if not 1 <= hours <= MAX_INVITE_HOURS:
        errors["hours"] = f"must be between 1 and {MAX_INVITE_HOURS}"
    if errors:
        raise ValidationError(errors)
    if ctx.catalog.exists(connection) and ctx.catalog.get(connection).source != source:
        raise NameTaken({"connection": "a connection of another source already has this name"})
    token, invite = ctx.invites.create(source, connection, operator, ttl=hours * 3600)
    ctx.audit.record(
        operator_actor(operator), "invite created", connection, f"invite {invite.id} ({source})"
    )
    return f"{ctx.settings.base_url}/i/{token}", invite


def revoke_invite(ctx: WebContext, operator: str, invite_id: str) -> bool:
    """Revoke an invite and end the customer sessions opened with it."""
    invite = ctx.invites.get(invite_id)
    if invite is None or not ctx.invites.revoke(invite_id):
        return False
    ctx.sessions.end_all("customer", invite_id)
    ctx.audit.record(
        operator_actor(operator), "invite revoked", invite.connection, f"invite {invite.id}"
    )
    return True


def remove_connection(ctx: WebContext, operator: str, name: str) -> bool:
    """Delete a connection (and its secrets); its invites are revoked with it."""
    if not ctx.catalog.exists(name):
        return False
    ctx.catalog.remove(name, actor=operator_actor(operator))
    for invite in ctx.invites.for_connection(name):
        revoke_invite(ctx, operator, invite.id)
    return True


def start_sync(ctx: WebContext, operator: str, name: str) -> bool:
    """Start a sync in the background; False when one is already running."""
    started = ctx.syncs.start(name, operator_actor(operator))
    if started:
        ctx.audit.record(operator_actor(operator), "sync started", name)
    return started


def start_checks(ctx: WebContext, actor: str, name: str) -> CheckRun:
    """Verify a connection in the background (results appear as each check completes)."""
    ctx.audit.record(actor, "test started", name)
    return ctx.checks.start(name, actor)


def save_connection(ctx: WebContext, invite: Invite, values: Mapping[str, object]) -> Connection:
    """Validate and store what a customer submitted for their invite's connection.

    A secret left out keeps its stored value, unless a field that decides where or as whom it
    is sent changed: then it must be typed again. Nothing is saved on any error.
    """
    catalog, actor = ctx.catalog, invite_actor(invite)
    if not catalog.exists(invite.connection):
        return submit_new(
            catalog, invite.source, invite.connection, values, policy=ctx.policy, actor=actor
        )
    if catalog.get(invite.connection).source != invite.source:
        raise ValidationError({"source": "this connection belongs to another source"})
    edit = plan_edit(catalog, invite.connection, values, policy=ctx.policy)
    if not (edit.changed or edit.reentered or edit.drop or edit.reenter):
        return edit.connection  # "Save and test" with nothing changed: just test again
    return apply_edit(catalog, edit, actor=actor)

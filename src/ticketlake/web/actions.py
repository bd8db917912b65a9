"""What operators and customers can do, shared by the pages and the JSON API.

Connection changes go through the catalog's own submission rules (``ticketlake.catalog``:
validation with the SSRF guard, secrets re-entered when the address they go to changes), which
audit them; the web's own actions (invites, started tests and syncs) go to the web audit log.
Actors are ``web:operator:NAME`` or ``web:invite:ID`` (a customer has no account; the invite is
who they are).
"""

from __future__ import annotations

from collections.abc import Mapping

from ticketlake.catalog import Connection, SyncRun, apply_edit, plan_edit, submit_new
from ticketlake.connectors.spec import SOURCES
from ticketlake.errors import ValidationError
from ticketlake.web import names
from ticketlake.web.checkruns import CheckRun
from ticketlake.web.context import WebContext
from ticketlake.web.invites import Invite
from ticketlake.web.pages import when
from ticketlake.web.views import last_report, stored

MAX_INVITE_HOURS = 30 * 24
PROVISIONABLE = ("teamdynamix",)
"""Sources whose integration account ticketlake can set up (``ticketlake.provision``)."""


class Conflict(ValidationError):
    """A submission that clashes with what exists (the API answers 409)."""


class NameTaken(Conflict):
    """The name belongs to a connection of another source."""


class ExistingConnection(Conflict):
    """An invite for a connection that exists, not confirmed: its holder could change it."""


def operator_actor(name: str) -> str:
    """How an operator appears in the audit logs."""
    return f"web:operator:{name}"


def invite_actor(invite: Invite) -> str:
    """How a customer appears in the audit logs."""
    return f"web:invite:{invite.id}"


def create_invite(
    ctx: WebContext,
    operator: str,
    source: str,
    connection: str,
    hours: float,
    *,
    existing: bool = False,
    provision: bool = False,
) -> tuple[str, Invite]:
    """A new invite and its link; ``ValidationError`` for a bad source, name or lifetime.

    An invite for a connection that already exists lets its holder change that connection's
    settings and secrets: ``ExistingConnection`` unless ``existing`` confirms it is meant.
    ``provision`` offers "let ticketlake set up the account" (TeamDynamix only)."""
    errors: dict[str, str] = {}
    if source not in SOURCES:
        errors["source"] = f"must be one of: {', '.join(SOURCES)}"
    problem = names.explain(connection)
    if problem:
        errors["connection"] = problem
    if not 1 <= hours <= MAX_INVITE_HOURS:
        errors["hours"] = f"must be between 1 and {MAX_INVITE_HOURS}"
    if errors:
        raise ValidationError(errors)
    if provision and source not in PROVISIONABLE:
        raise Conflict({"provision": "only a TeamDynamix account can be set up by ticketlake"})
    replaces = _replaces(ctx, source, connection, confirmed=existing)
    token, invite = ctx.invites.create(
        source, connection, operator, ttl=hours * 3600, provision=provision
    )
    detail = f"invite {invite.id} ({source})"
    if provision:
        detail += ", offering to set up the account with the admin key"
    if replaces:
        detail += " for the existing connection, confirmed by the operator"
    ctx.audit.record(operator_actor(operator), "invite created", connection, detail)
    return f"{ctx.settings.base_url}/i/{token}", invite


def _replaces(ctx: WebContext, source: str, connection: str, *, confirmed: bool) -> bool:
    """Whether the invite is for an existing connection; raises when that connection is of
    another source, or when it exists and the operator has not confirmed."""
    if not ctx.catalog.exists(connection):
        return False
    if ctx.catalog.get(connection).source != source:
        raise NameTaken({"connection": "a connection of another source already has this name"})
    if not confirmed:
        raise ExistingConnection({"connection": existing_warning(ctx, connection)})
    return True


def existing_warning(ctx: WebContext, connection: str) -> str:
    """What an invite for an existing connection would hand over, in a sentence or two."""
    catalog = ctx.catalog
    tested = last_report(catalog, connection)
    found = stored(catalog.history.runs(connection, limit=5))
    state = "It is not verified yet"
    if tested is not None and tested.ok:
        state = f"It passed its checks on {when(tested.at)}"
    if found is not None and found.tickets:
        state += f" and the store holds {found.tickets:,} of its tickets"
    return (
        f"A connection named {connection} already exists. {state}. Whoever holds this invite "
        "can change its settings and replace its secrets (point it at another tenant or "
        "account, for instance), and later syncs would read from there. Create the invite "
        "only if its customer is meant to change it."
    )


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
    """Start a sync in the background; False when one is already running (here, or in any
    process that holds the connection's lease, e.g. ``ticketlake sync NAME`` in a terminal)."""
    if running_run(ctx, name) is not None:
        return False
    started = ctx.syncs.start(name, operator_actor(operator))
    if started:
        ctx.audit.record(operator_actor(operator), "sync started", name)
    return started


def running_run(ctx: WebContext, name: str) -> SyncRun | None:
    """The connection's sync run that is running now, wherever it was started."""
    runs = ctx.catalog.history.runs(name, limit=1)
    return runs[0] if runs and runs[0].status == "running" else None


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

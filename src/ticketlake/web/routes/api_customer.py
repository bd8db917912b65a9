"""The customer half of the JSON API, and check runs (seen by operators and by the invite
whose connection they verify — nobody else)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from ticketlake.connectors.spec import spec_for
from ticketlake.secret import Secret
from ticketlake.web import actions
from ticketlake.web.context import customer_api, optional_customer, optional_operator, web
from ticketlake.web.invites import Invite
from ticketlake.web.schemas import (
    CheckRunOut,
    ConnectionIn,
    ConnectionOut,
    InviteOut,
    InviteSession,
    form_out,
    problems,
)

router = APIRouter(responses=problems(401, 403, 404, 422))
Customer = Annotated[Invite, Depends(customer_api)]
MAX_WAIT = 25.0


@router.get("/invite", response_model=InviteSession, tags=["customer"])
def invite_session(request: Request, invite: Customer) -> InviteSession:
    """This browser's invite, its connection (no secret values) and its form."""
    ctx = web(request)
    saved = ctx.catalog.exists(invite.connection)
    return InviteSession(
        invite=InviteOut.of(invite, ctx.settings.clock()),
        connection=ConnectionOut.of(ctx.catalog.get(invite.connection)) if saved else None,
        form=form_out(spec_for(invite.source)),
    )


@router.put("/invite/connection", response_model=ConnectionOut, tags=["customer"])
def save_connection(request: Request, invite: Customer, body: ConnectionIn) -> ConnectionOut:
    """Save the invite's connection; a secret left out keeps its stored value unless the
    address it is sent to changed. Nothing is saved when any field is invalid (422)."""
    overlap = set(body.values) & set(body.secrets)
    if overlap:
        raise HTTPException(422, "a field is given both as a value and as a secret")
    values: dict[str, object] = {**body.values}
    values.update({k: Secret(v) for k, v in body.secrets.items()})
    return ConnectionOut.of(actions.save_connection(web(request), invite, values))


@router.post("/invite/check-runs", response_model=CheckRunOut, status_code=202, tags=["customer"])
async def start_checks(request: Request, invite: Customer) -> CheckRunOut:
    """Verify the saved connection; poll the run for results as they complete."""
    ctx = web(request)
    if not ctx.catalog.exists(invite.connection):
        raise HTTPException(404, "save the connection first")
    run = actions.start_checks(ctx, actions.invite_actor(invite), invite.connection)
    return CheckRunOut.of(run)


@router.get("/check-runs/{run_id}", response_model=CheckRunOut, tags=["checks"])
async def check_run(
    request: Request,
    run_id: Annotated[str, Path(pattern=r"^[0-9a-f]{16}$")],
    after: Annotated[int, Query(ge=0, le=10_000)] = 0,
    wait: Annotated[float, Query(ge=0, le=MAX_WAIT)] = 0,
) -> CheckRunOut:
    """A check run's results after the first ``after``; with ``wait``, hold the answer up to
    that many seconds until a new result arrives or the run ends (long polling)."""
    ctx = web(request)
    operator = optional_operator(request)
    invite = optional_customer(request)
    if operator is None and invite is None:
        raise HTTPException(401, "log in or open your invite link first")
    run = ctx.checks.get(run_id)
    # An invite sees only runs of its own connection; another's run looks like no run at all.
    if run is None or (
        operator is None and invite is not None and run.connection != invite.connection
    ):
        raise HTTPException(404, "no such check run")
    if wait:
        await ctx.checks.wait(run, after, wait)
    return CheckRunOut.of(run, after)

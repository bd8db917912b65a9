"""The operator half of the JSON API (session cookie; unsafe methods need X-CSRF-Token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response

from ticketlake.catalog.submission import NAME
from ticketlake.connectors.spec import SOURCES, spec_for
from ticketlake.web import actions
from ticketlake.web.context import WebContext, operator_api, web
from ticketlake.web.schemas import (
    CheckRunOut,
    ConnectionDetail,
    ConnectionOut,
    FormOut,
    InviteCreated,
    InviteIn,
    InviteOut,
    ReportOut,
    SourceName,
    SyncRunOut,
    SyncStarted,
    form_out,
    problems,
)

router = APIRouter(responses=problems(401, 403, 404, 409, 422), tags=["operator"])
Operator = Annotated[str, Depends(operator_api)]
Name = Annotated[str, Path(pattern=NAME.pattern, max_length=63)]
InviteId = Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")]
Source = Annotated[SourceName, Path()]


def _known(ctx: WebContext, name: str) -> None:
    if not ctx.catalog.exists(name):
        raise HTTPException(404, "no such connection")


@router.get("/sources", response_model=list[str])
def sources(operator: Operator) -> list[str]:
    """The source types a connection can be made for."""
    return list(SOURCES)


@router.get("/sources/{source}/form", response_model=FormOut)
def source_form(operator: Operator, source: Source) -> FormOut:
    """The connection form of a source type (fields, conditions, help, setup steps)."""
    return form_out(spec_for(source))


@router.get("/connections", response_model=list[ConnectionOut])
def connections(request: Request, operator: Operator) -> list[ConnectionOut]:
    """Every connection (settings and which secrets are stored; never a secret)."""
    catalog = web(request).catalog
    return [ConnectionOut.of(catalog.get(s.name)) for s in catalog.summaries()]


@router.get("/connections/{name}", response_model=ConnectionDetail)
def connection(request: Request, operator: Operator, name: Name) -> ConnectionDetail:
    """One connection with its last report, sync runs and invites."""
    ctx = web(request)
    _known(ctx, name)
    reports = ctx.catalog.history.reports(name, limit=1)
    now = ctx.settings.clock()
    return ConnectionDetail(
        **ConnectionOut.of(ctx.catalog.get(name)).model_dump(),
        syncing=ctx.syncs.running(name) or actions.running_run(ctx, name) is not None,
        last_report=ReportOut.of(reports[0]) if reports else None,
        sync_runs=[SyncRunOut.of(r) for r in ctx.catalog.history.runs(name)],
        invites=[InviteOut.of(i, now) for i in ctx.invites.for_connection(name)],
    )


@router.delete("/connections/{name}", status_code=204)
def remove(request: Request, operator: Operator, name: Name) -> Response:
    """Delete a connection and its secrets; its invites are revoked."""
    if not actions.remove_connection(web(request), operator, name):
        raise HTTPException(404, "no such connection")
    return Response(status_code=204)


@router.post("/connections/{name}/syncs", response_model=SyncStarted, status_code=202)
async def start_sync(request: Request, operator: Operator, name: Name) -> SyncStarted:
    """Start a sync in the background."""
    ctx = web(request)
    _known(ctx, name)
    if not actions.start_sync(ctx, operator, name):
        raise HTTPException(409, "a sync of this connection is already running")
    return SyncStarted(started=True, detail="sync started")


@router.get("/connections/{name}/syncs", response_model=list[SyncRunOut])
def sync_runs(request: Request, operator: Operator, name: Name) -> list[SyncRunOut]:
    """The connection's newest sync runs (rows, calls, 429s, duration)."""
    ctx = web(request)
    _known(ctx, name)
    return [SyncRunOut.of(r) for r in ctx.catalog.history.runs(name)]


@router.post("/connections/{name}/check-runs", response_model=CheckRunOut, status_code=202)
async def start_checks(request: Request, operator: Operator, name: Name) -> CheckRunOut:
    """Verify the connection again; poll the run for results."""
    ctx = web(request)
    _known(ctx, name)
    return CheckRunOut.of(actions.start_checks(ctx, actions.operator_actor(operator), name))


@router.get("/invites", response_model=list[InviteOut])
def invites(request: Request, operator: Operator) -> list[InviteOut]:
    """Every invite, newest first (never its link)."""
    ctx = web(request)
    now = ctx.settings.clock()
    return [InviteOut.of(i, now) for i in ctx.invites.all()]


@router.post("/invites", response_model=InviteCreated, status_code=201)
def create_invite(request: Request, operator: Operator, body: InviteIn) -> InviteCreated:
    """Create an invite; its link is in this answer only."""
    ctx = web(request)
    link, invite = actions.create_invite(
        ctx,
        operator,
        body.source,
        body.connection,
        body.hours,
        existing=body.existing,
        provision=body.provision,
    )
    return InviteCreated(invite=InviteOut.of(invite, ctx.settings.clock()), link=link)


@router.delete("/invites/{invite_id}", status_code=204)
def revoke_invite(request: Request, operator: Operator, invite_id: InviteId) -> Response:
    """Revoke an invite and sign out whoever opened it."""
    if not actions.revoke_invite(web(request), operator, invite_id):
        raise HTTPException(404, "no such invite, or it is already revoked")
    return Response(status_code=204)

"""Operator pages: connections with their status, reports and syncs; invites."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ticketlake.catalog import Connection
from ticketlake.catalog.submission import NAME, NAME_RULE
from ticketlake.connectors.spec import SOURCES, spec_for
from ticketlake.errors import TicketlakeError, ValidationError
from ticketlake.scale.status import on_workers
from ticketlake.web import actions, names
from ticketlake.web.context import WebContext, operator_page, web
from ticketlake.web.live import live_sync
from ticketlake.web.pages import render
from ticketlake.web.views import audit_trail, last_report, overview, stored

router = APIRouter()
Operator = Annotated[str, Depends(operator_page)]


def _dashboard(
    request: Request,
    operator: str,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
    confirm: bool = False,
) -> HTMLResponse:
    ctx = web(request)
    now = ctx.settings.clock()
    catalog = ctx.catalog
    context = {
        "operator": operator,
        "connections": [
            overview(catalog, s.name, ctx.syncs.running(s.name)) for s in catalog.summaries()
        ],
        "workers": on_workers(catalog),
        "invites": [(i, i.state(now)) for i in ctx.invites.all()],
        "sources": [(s, spec_for(s).title) for s in SOURCES],
        "errors": errors or {},
        "form": form or {"source": "teamdynamix", "connection": "", "hours": "168"},
        "confirm_existing": confirm,
        "name_rule": NAME_RULE,
        "name_pattern": names.HTML_PATTERN,
    }
    return render(request, "connections.html", context, binding="operator", status=status)


@router.get("/connections")
def connections(request: Request, operator: Operator) -> HTMLResponse:
    """Every connection with its verification and sync status, and every invite."""
    return _dashboard(request, operator)


@router.post("/invites")
def create_invite(
    request: Request,
    operator: Operator,
    source: Annotated[str, Form(max_length=40)],
    connection: Annotated[str, Form(max_length=100)],
    hours: Annotated[str, Form(max_length=10)] = "168",
    existing: Annotated[str, Form(max_length=10)] = "",
    provision: Annotated[str, Form(max_length=10)] = "",
) -> HTMLResponse:
    """Create an invite and show its link (this once). An invite for a connection that
    exists needs the operator's explicit confirmation (``existing``: the ticked box)."""
    ctx = web(request)
    form = {"source": source, "connection": connection.strip(), "hours": hours,
            "provision": provision}  # fmt: skip
    try:
        link, invite = actions.create_invite(
            ctx,
            operator,
            source,
            connection.strip(),
            float(hours or "0"),
            existing=existing == "confirmed",
            provision=provision == "offered",
        )
    except ValueError:
        return _dashboard(
            request, operator, errors={"hours": "must be a number"}, form=form, status=422
        )
    except ValidationError as exc:
        status = 409 if isinstance(exc, actions.Conflict) else 422
        confirm = isinstance(exc, actions.ExistingConnection)
        return _dashboard(
            request, operator, errors=exc.errors, form=form, status=status, confirm=confirm
        )
    context = {
        "operator": operator,
        "invite": invite,
        "link": link,
        "title": spec_for(invite.source).title,
    }
    return render(request, "invite_created.html", context, binding="operator", status=201)


@router.post("/invites/{invite_id}/revoke")
def revoke_invite(request: Request, operator: Operator, invite_id: str) -> Response:
    """Revoke an invite (its link stops working; a customer using it is signed out)."""
    if not actions.revoke_invite(web(request), operator, invite_id):
        raise HTTPException(404, "no such invite, or it is already revoked")
    return RedirectResponse("/connections", status_code=303)


def _connection_or_404(ctx: WebContext, name: str) -> Connection:
    if not NAME.match(name) or not ctx.catalog.exists(name):
        raise HTTPException(404, "no such connection (has the customer saved it yet?)")
    return ctx.catalog.get(name)


@router.get("/connections/{name}")
def connection(request: Request, operator: Operator, name: str) -> HTMLResponse:
    """One connection: settings (never secrets), last report, sync runs, invites, audit."""
    ctx = web(request)
    conn = _connection_or_404(ctx, name)
    now = ctx.settings.clock()
    runs = ctx.catalog.history.runs(name)
    running = actions.running_run(ctx, name)
    context = {
        "operator": operator,
        "conn": conn,
        "labels": {f.name: f.label for f in conn.spec.fields},
        "tested": last_report(ctx.catalog, name),
        "runs": runs,
        "stored": stored(runs),
        "syncing": ctx.syncs.running(name) or running is not None,
        "running": running,
        "live": live_sync(running),
        "sync_error": ctx.syncs.last_error.get(name, ""),
        "invites": [(i, i.state(now)) for i in ctx.invites.for_connection(name)],
        "audit": audit_trail(ctx.catalog, ctx.audit, name),
        "notice": request.query_params.get("notice", ""),
    }
    return render(request, "connection.html", context, binding="operator")


@router.post("/connections/{name}/sync")
async def start_sync(request: Request, operator: Operator, name: str) -> Response:
    """Start a sync (one at a time per connection)."""
    ctx = web(request)
    _connection_or_404(ctx, name)
    started = actions.start_sync(ctx, operator, name)
    notice = "sync-started" if started else "sync-running"
    return RedirectResponse(f"/connections/{name}?notice={notice}", status_code=303)


@router.post("/connections/{name}/check")
async def start_checks(request: Request, operator: Operator, name: str) -> Response:
    """Verify the connection again."""
    ctx = web(request)
    _connection_or_404(ctx, name)
    run = actions.start_checks(ctx, actions.operator_actor(operator), name)
    return RedirectResponse(f"/check-runs/{run.id}", status_code=303)


@router.post("/connections/{name}/remove")
def remove(
    request: Request,
    operator: Operator,
    name: str,
    confirm: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Delete the connection and its secrets (typing its name confirms)."""
    ctx = web(request)
    _connection_or_404(ctx, name)
    if confirm.strip() != name:
        return RedirectResponse(f"/connections/{name}?notice=confirm-remove", status_code=303)
    actions.remove_connection(ctx, operator, name)
    return RedirectResponse("/connections", status_code=303)


@router.get("/check-runs/{run_id}")
def check_run(request: Request, operator: Operator, run_id: str) -> HTMLResponse:
    """A verification as it runs (operator view)."""
    run = web(request).checks.get(run_id)
    if run is None:
        raise HTTPException(404, "no such check run (runs are kept while the server runs)")
    context = {"operator": operator, "run": run, "back": f"/connections/{run.connection}"}
    return render(request, "checks.html", context, binding="operator")


def _script_hashes(html: str) -> str:
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    )


def _no_report(
    request: Request, operator: str, conn: Connection, *, problem: str = "", status: int = 404
) -> HTMLResponse:
    """What to do when there is no report to show: a page, never a bare error."""
    ctx = web(request)
    runs = ctx.catalog.history.runs(conn.name, limit=1)
    context = {
        "operator": operator,
        "conn": conn,
        "problem": problem,
        "syncing": ctx.syncs.running(conn.name),
        "last_run": runs[0] if runs else None,
    }
    return render(request, "no_report.html", context, binding="operator", status=status)


@router.get("/connections/{name}/report")
def report(request: Request, operator: Operator, name: str) -> HTMLResponse:
    """The connection's report, as generated (self-contained)."""
    ctx = web(request)
    conn = _connection_or_404(ctx, name)
    try:
        html = ctx.services.reporter.render(name)
    except TicketlakeError as exc:  # e.g. the store is busy or unreachable: say so and why
        return _no_report(request, operator, conn, problem=str(exc), status=503)
    if html is None:
        return _no_report(request, operator, conn)
    ctx.audit.record(actions.operator_actor(operator), "report opened", name)
    # The report carries its own inline script and style: allow exactly those scripts (by
    # hash) and sandbox the page, so it can never act as our origin.
    scripts = _script_hashes(html) or "'none'"
    policy = (
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'none'; sandbox allow-scripts"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})

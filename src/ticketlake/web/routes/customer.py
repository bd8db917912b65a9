"""Customer pages: an invite link, the connection form, and the live verification.

A customer has no account: the invite they opened is who they are, and every page acts on
that invite's connection only — no page takes a connection name from the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ticketlake.connectors.spec import spec_for
from ticketlake.errors import ValidationError
from ticketlake.secret import Secret
from ticketlake.web import actions, cookies
from ticketlake.web.authorizations import callback_url
from ticketlake.web.context import customer_page, web
from ticketlake.web.forms import Secrets, read_form, rebound, states
from ticketlake.web.invites import Invite, InviteRefused
from ticketlake.web.pages import render
from ticketlake.web.sessions import CUSTOMER_TTL
from ticketlake.web.views import last_report

router = APIRouter()
Customer = Annotated[Invite, Depends(customer_page)]


def _refused(request: Request, exc: InviteRefused) -> HTMLResponse:
    context = {"message": f"{exc.message} Ask your operator for a new invite link."}
    return render(request, "error.html", context, binding="pre", status=410)


@router.get("/i/{token}")
def landing(request: Request, token: str) -> HTMLResponse:
    """What the invite is for, and a button to begin (a GET never uses up the invite, so
    link previews and mail scanners cannot spend it)."""
    ctx = web(request)
    try:
        invite = ctx.invites.by_token(token)
    except InviteRefused as exc:
        return _refused(request, exc)
    context = {"invite": invite, "title": spec_for(invite.source).title, "token": token}
    return render(request, "invite_landing.html", context, binding="pre")


@router.post("/i/{token}")
def claim(request: Request, token: str) -> Response:
    """Use the invite (once) and open this browser's session for it."""
    ctx = web(request)
    try:
        invite = ctx.invites.claim(token)
    except InviteRefused as exc:
        return _refused(request, exc)
    session = ctx.sessions.create("customer", invite.id, CUSTOMER_TTL)
    ctx.audit.record(actions.invite_actor(invite), "invite opened", invite.connection)
    response = RedirectResponse("/connect", status_code=303)
    cookies.put(
        response,
        cookies.CUSTOMER_COOKIE,
        session.token,
        secure=ctx.secure,
        max_age=int(CUSTOMER_TTL),
        same_site="strict",
    )
    return response


def _form_page(
    request: Request,
    invite: Invite,
    values: Mapping[str, object],
    errors: Mapping[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The form with ``values`` (a refused submission's, secrets included as ``Secret``:
    never shown, but the page says they must be typed again)."""
    ctx = web(request)
    spec = spec_for(invite.source)
    saved = ctx.catalog.exists(invite.connection)
    conn = ctx.catalog.get(invite.connection) if saved else None
    secrets = Secrets(
        stored=conn.secret_fields if conn else frozenset(),
        typed=frozenset(k for k, v in values.items() if isinstance(v, Secret)),
        rebound=rebound(spec, conn.settings, values) if conn and errors else (),
    )
    shown = {k: v for k, v in values.items() if not isinstance(v, Secret)}
    context: dict[str, Any] = {
        "invite": invite,
        "spec": spec,
        "fields": states(spec, shown, secrets=secrets, errors=errors),
        "errors": errors or {},
        "saved": saved,
        "tested": last_report(ctx.catalog, invite.connection) if saved else None,
        "oauth": invite.source == "teamwork",
        "redirect_url": callback_url(ctx.settings.base_url),
    }
    return render(request, "connect.html", context, binding="customer", status=status)


@router.get("/connect")
def connect(request: Request, invite: Customer) -> HTMLResponse:
    """The connection form, filled with what is saved (never a secret)."""
    catalog = web(request).catalog
    saved = catalog.exists(invite.connection)
    return _form_page(request, invite, catalog.get(invite.connection).settings if saved else {})


@router.post("/connect")
async def save(request: Request, invite: Customer) -> Response:
    """Save and test: validate, store (secrets encrypted), then run the checks."""
    ctx = web(request)
    spec = spec_for(invite.source)
    form = await request.form()
    data = {k: [str(v) for v in form.getlist(k)] for k in form}
    values = read_form(spec, data)
    try:
        actions.save_connection(ctx, invite, values)
    except ValidationError as exc:
        return _form_page(request, invite, values, exc.errors, status=422)
    run = actions.start_checks(ctx, actions.invite_actor(invite), invite.connection)
    return RedirectResponse(f"/connect/checks/{run.id}", status_code=303)


@router.get("/connect/checks/{run_id}")
def checks(request: Request, invite: Customer, run_id: str) -> HTMLResponse:
    """The verification as it runs: each check appears as it completes."""
    run = web(request).checks.get(run_id)
    if run is None or run.connection != invite.connection:
        raise HTTPException(404, "no such check run")
    set_up = request.query_params.get("set-up", "")
    context = {"invite": invite, "run": run, "back": "/connect",
               "set_up": int(set_up) if set_up.isdigit() else None}  # fmt: skip
    return render(request, "checks.html", context, binding="customer")


@router.post("/connect/done")
def done(request: Request, invite: Customer) -> Response:
    """Sign out of the invite session (the invite's link cannot be used again)."""
    ctx = web(request)
    token = cookies.read(request, cookies.CUSTOMER_COOKIE, ctx.secure)
    if token:
        ctx.sessions.end(token)
    ctx.audit.record(actions.invite_actor(invite), "finished", invite.connection)
    response = render(
        request, "error.html", {"message": "Thank you. You can close this page."}, binding="pre"
    )
    cookies.clear(response, cookies.CUSTOMER_COOKIE, secure=ctx.secure)
    return response

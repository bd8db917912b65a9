"""OAuth 2.0 "Save and authorize" for a customer's Teamwork.com connection.

``POST /connect/authorize`` saves the form exactly as "Save and test" does, asks the launchpad
whether it will take the app's client ID and this server's redirect URL, and sends the
customer there (a page that moves on by itself: our pages may only post forms to ourselves).
Teamwork sends them back to ``GET /connect/oauth/callback``, where the ``state`` finds the
authorization, the code is exchanged server-side, the token is stored encrypted (or the
refusal noted), and the checks start. No page shows a code, a token or the client secret.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ticketlake.catalog import Connection
from ticketlake.connectors.netguard import UnsafeURL
from ticketlake.connectors.spec import spec_for
from ticketlake.connectors.teamwork import oauth
from ticketlake.errors import ConfigError, SourceError, ValidationError
from ticketlake.web import actions, cookies
from ticketlake.web.authorizations import (
    AUTHORIZE_COOKIE,
    CALLBACK_PATH,
    Authorizations,
    callback_url,
)
from ticketlake.web.context import WebContext, customer_page, web
from ticketlake.web.forms import read_form
from ticketlake.web.invites import Invite
from ticketlake.web.pages import Binding, render
from ticketlake.web.routes.customer import _form_page

router = APIRouter()
Customer = Annotated[Invite, Depends(customer_page)]
TRANSPORT = "teamwork_oauth_transport"
"""``app.state`` attribute: an ``httpx`` transport for the launchpad (tests: the simulator)."""


def pending(request: Request) -> Authorizations:
    """The server's authorizations under way (made on first use)."""
    state = request.app.state
    if not hasattr(state, "teamwork_authorizations"):
        state.teamwork_authorizations = Authorizations(web(request).settings.clock)
    found: Authorizations = state.teamwork_authorizations
    return found


def _http(request: Request) -> httpx.AsyncClient:
    return oauth.client(getattr(request.app.state, TRANSPORT, None))


def _app(ctx: WebContext, conn: Connection) -> oauth.OAuthApp:
    """The connection's app, its URLs judged under the switches it was saved with (and this
    server's resolver)."""
    settings = conn.to_settings(purpose="authorize")
    policy = dataclasses.replace(conn.network, resolver=ctx.settings.resolver)
    return oauth.app_for(settings, callback_url(ctx.settings.base_url), policy)


def _checks(ctx: WebContext, invite: Invite) -> str:
    run = actions.start_checks(ctx, actions.invite_actor(invite), invite.connection)
    return f"/connect/checks/{run.id}"


@router.post("/connect/authorize")
async def authorize(request: Request, invite: Customer) -> Response:
    """Save, then send the customer to sign in with Teamwork.com and Accept."""
    ctx = web(request)
    if invite.source != "teamwork":
        raise HTTPException(404, "only a Teamwork.com connection is authorized this way")
    form = await request.form()
    values = read_form(
        spec_for(invite.source), {k: [str(v) for v in form.getlist(k)] for k in form}
    )
    try:
        conn = actions.save_connection(ctx, invite, values)
        app = _app(ctx, conn)
    except ValidationError as exc:
        return _form_page(request, invite, values, exc.errors, status=422)
    except ConfigError as exc:
        return _form_page(request, invite, values, {"auth_type": exc.message}, status=422)
    async with _http(request) as http:
        try:
            started = await oauth.begin(app, http)
        except UnsafeURL as exc:
            oauth.save_refusal(
                ctx.catalog, conn, oauth.Refusal.ENDPOINT, actor=actions.invite_actor(invite)
            )
            ctx.audit.record(
                actions.invite_actor(invite),
                "authorization refused",
                invite.connection,
                f"launchpad {exc}",
            )
            return RedirectResponse(_checks(ctx, invite), status_code=303)
        refused = await oauth.preflight(started, http)
    if refused:  # the authorization check says what the launchpad refused, and what fixes it
        oauth.save_refusal(
            ctx.catalog,
            conn,
            oauth.launchpad_refusal(refused),
            actor=actions.invite_actor(invite),
            redirect_uri=app.redirect_uri,
        )
        return RedirectResponse(_checks(ctx, invite), status_code=303)
    held = pending(request).put(invite.id, started)
    ctx.audit.record(
        actions.invite_actor(invite),
        "authorization started",
        invite.connection,
        "PKCE" if started.pkce else "App Login Flow",
    )
    response = _handoff(
        request,
        "Signing in with Teamwork.com",
        "Teamwork.com asks you to sign in and to review what ticketlake may read: press Accept.",
        started.authorize_url,
        "Continue to Teamwork.com",
        binding="customer",
    )
    cookies.put(
        response,
        AUTHORIZE_COOKIE,
        held.binding,
        secure=ctx.secure,
        max_age=oauth.CODE_SECONDS,
        same_site="lax",
    )
    return response


def _handoff(
    request: Request, title: str, message: str, url: str, label: str, *, binding: Binding
) -> HTMLResponse:
    context = {"title": title, "message": message, "url": url, "label": label}
    return render(request, "handoff.html", context, binding=binding)


def _ended(request: Request, message: str, status: int) -> HTMLResponse:
    return render(request, "error.html", {"message": message}, binding="pre", status=status)


@router.get(CALLBACK_PATH)
async def callback(request: Request) -> Response:
    """Teamwork.com sent the customer back: exchange the code, keep the token, check."""
    ctx = web(request)
    query = dict(request.query_params)
    held = pending(request).take(query.get("state", ""))
    if held is None:
        return _ended(
            request,
            "This authorization is unknown or has expired (Teamwork's codes "
            "are valid 15 minutes). Go back to the connection form and press Save "
            "and authorize again.",
            400,
        )
    if not held.same_browser(cookies.read(request, AUTHORIZE_COOKIE, ctx.secure)):
        return _ended(
            request,
            "This authorization was started in another browser: nothing "
            "was exchanged. Press Save and authorize in this one.",
            400,
        )
    invite = ctx.invites.get(held.invite_id)
    if invite is None or invite.revoked_at is not None:
        return _ended(request, "This invite has been revoked.", 410)
    await _exchange(ctx, invite, held.pending, query, request)
    response = _handoff(
        request,
        "Back from Teamwork.com",
        "ticketlake is checking the connection now.",
        _checks(ctx, invite),
        "See the checks",
        binding="pre",
    )
    cookies.clear(response, AUTHORIZE_COOKIE, secure=ctx.secure)
    return response


async def _exchange(
    ctx: WebContext, invite: Invite, started: oauth.Pending, query: dict[str, str], request: Request
) -> None:
    actor = actions.invite_actor(invite)
    conn = ctx.catalog.get(invite.connection, actor=actor)
    try:
        app = _app(ctx, conn)
        async with _http(request) as http:
            token = await oauth.finish(started, app, query, http)
    except (SourceError, UnsafeURL, ConfigError) as exc:
        refusal = oauth.refusal_of(exc) if not isinstance(exc, ConfigError) else "config"
        oauth.save_refusal(ctx.catalog, conn, refusal, actor=actor)
        ctx.audit.record(actor, "authorization failed", invite.connection, refusal)
        return
    oauth.save_token(ctx.catalog, conn, token, actor=actor)
    ctx.audit.record(actor, "authorized", invite.connection, token.site)

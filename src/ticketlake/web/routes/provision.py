"""Customer pages of "let ticketlake set up the account" (an invite that offers it).

The customer's administrator types the tenant's admin key once and sees the plan
(``ticketlake.provision``: what exists, every call it would send and why); approving applies
exactly that plan (refused, with nothing sent, when the tenant changed since), saves the
connection and opens the live check page. Every write is in the catalog's audit log, attached
to the connection, with the invite as who ran it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ticketlake.connectors.netguard import UnsafeURL, guard_url
from ticketlake.errors import TicketlakeError
from ticketlake.provision import PlanChanged, Wiring, apply_and_save, read_plan, save_admin_key
from ticketlake.secret import Secret
from ticketlake.web import actions
from ticketlake.web import provisioning as setup
from ticketlake.web.context import WebContext, customer_page, web
from ticketlake.web.invites import Invite
from ticketlake.web.pages import render

router = APIRouter()


def offering(request: Request, invite: Annotated[Invite, Depends(customer_page)]) -> Invite:
    """The customer's invite, when it offers the setup and this server can do it."""
    if not invite.provision or web(request).services.provisioner is None:
        raise HTTPException(404, "this invite does not offer to set up the account")
    return invite


Offered = Annotated[Invite, Depends(offering)]


def _wiring(ctx: WebContext, address: str) -> Wiring:
    provisioner = ctx.services.provisioner
    assert provisioner is not None  # offering() made sure
    return provisioner.wiring(address, ctx.policy)


def _form(
    request: Request,
    invite: Invite,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    *,
    problem: str = "",
    status: int = 200,
) -> HTMLResponse:
    context = {
        "invite": invite,
        "values": values or setup.DEFAULTS,
        "errors": errors or {},
        "problem": problem,
        "retype": bool(errors or problem),
    }
    return render(request, "provision.html", context, binding="customer", status=status)


def _plan_page(
    request: Request,
    invite: Invite,
    pending: setup.Pending,
    *,
    problem: str = "",
    status: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "invite": invite,
        "pending": pending,
        "plan": pending.plan,
        "needs_password": _needs_password(web(request), invite, pending),
        "problem": problem,
    }
    return render(request, "provision_plan.html", context, binding="customer", status=status)


def _needs_password(ctx: WebContext, invite: Invite, pending: setup.Pending) -> bool:
    """Whether the approval must carry the account's password: the API cannot set one on an
    existing account, and the connection does not hold it for that account yet."""
    plan = pending.plan
    if plan.new_account or not ctx.catalog.exists(invite.connection):
        return not plan.new_account
    conn = ctx.catalog.get(invite.connection)
    return "password" not in conn.secret_fields or conn.settings.get("username") != plan.username


@router.get("/connect/provision")
def form(request: Request, invite: Offered) -> HTMLResponse:
    """The form: the tenant, the account wanted, and the admin key (write-only)."""
    return _form(request, invite)


@router.post("/connect/provision")
async def show_plan(request: Request, invite: Offered) -> HTMLResponse:
    """Read the tenant with the admin key and show the plan (nothing is written)."""
    ctx = web(request)
    submitted = await request.form()
    data = {k: [str(v) for v in submitted.getlist(k)] for k in submitted}
    asked, errors = setup.read(data, invite.connection)
    if asked is None:
        return _form(request, invite, setup.shown(data), errors, status=422)
    try:
        guard_url(asked.target.base_url, ctx.policy)
    except UnsafeURL as exc:
        return _form(request, invite, setup.shown(data), {"base_url": str(exc)}, status=422)
    try:
        plan = await read_plan(asked.target, asked.key, _wiring(ctx, asked.target.base_url))
    except TicketlakeError as exc:
        return _form(request, invite, setup.shown(data), problem=str(exc), status=422)
    pending = ctx.provisions.put(invite.id, asked, plan)
    detail = f"{len(plan.steps)} write(s) planned" + (" (blocked)" if plan.blocked else "")
    ctx.audit.record(actions.invite_actor(invite), "setup planned", invite.connection, detail)
    return _plan_page(request, invite, pending)


@router.post("/connect/provision/approve")
async def approve(request: Request, invite: Offered) -> Response:
    """Apply exactly the plan shown, save the connection, and start its checks."""
    ctx = web(request)
    submitted = await request.form()
    pending = ctx.provisions.get(invite.id, str(submitted.get("plan", "")))
    if pending is None:
        problem = "That plan is no longer waiting (it expired or a newer one replaced it): "
        return _form(request, invite, problem=problem + "ask for the plan again.", status=410)
    typed = str(submitted.get("password", "")).strip()
    if pending.plan.blocked or (_needs_password(ctx, invite, pending) and not typed):
        why = "This plan cannot be applied." if pending.plan.blocked else "Type the password."
        return _plan_page(request, invite, pending, problem=why, status=422)
    try:
        return await _apply(request, invite, pending, Secret(typed) if typed else None)
    except PlanChanged as exc:
        return await _replan(request, invite, pending, str(exc))


async def _apply(
    request: Request, invite: Invite, pending: setup.Pending, password: Secret | None
) -> Response:
    ctx, asked, actor = web(request), pending.setup, actions.invite_actor(invite)
    wiring = _wiring(ctx, asked.target.base_url)
    try:
        result = await apply_and_save(asked.target, asked.key, ctx.catalog, wiring,
                                      password=password, approved=pending.plan,
                                      actor=actor)  # fmt: skip
    except PlanChanged:
        raise
    except TicketlakeError as exc:
        ctx.provisions.drop(invite.id)
        ctx.audit.record(actor, "setup failed", invite.connection, exc.message)
        return _form(request, invite, problem=f"The setup stopped: {exc}", status=502)
    ctx.provisions.drop(invite.id)
    sent = len(result.applied.sent)
    ctx.audit.record(actor, "setup approved", invite.connection, f"{sent} write(s) sent")
    if asked.save_admin:
        saved = save_admin_key(ctx.catalog, asked.target, asked.key, ctx.policy, actor)
        ctx.audit.record(actor, "admin key saved" if saved else "admin key not saved",
                         invite.connection, f"as connection {asked.target.name}-admin")  # fmt: skip
    if result.connection is None:
        return _form(request, invite, problem="The connection could not be saved.", status=409)
    run = actions.start_checks(ctx, actor, invite.connection)
    return RedirectResponse(f"/connect/checks/{run.id}?set-up={sent}", status_code=303)


async def _replan(
    request: Request, invite: Invite, pending: setup.Pending, problem: str
) -> HTMLResponse:
    """The tenant changed since the plan was shown: nothing was sent; show the new plan."""
    ctx, asked = web(request), pending.setup
    ctx.audit.record(actions.invite_actor(invite), "setup refused", invite.connection, problem)
    try:
        plan = await read_plan(asked.target, asked.key, _wiring(ctx, asked.target.base_url))
    except TicketlakeError as exc:
        ctx.provisions.drop(invite.id)
        return _form(request, invite, problem=f"{problem}. {exc}", status=409)
    fresh = ctx.provisions.put(invite.id, asked, plan)
    shown = f"{problem}. This is the plan for the tenant as it is now: approve it to apply it."
    return _plan_page(request, invite, fresh, problem=shown, status=409)


@router.post("/connect/provision/cancel")
def cancel(request: Request, invite: Offered) -> Response:
    """Drop the plan and forget the admin key."""
    web(request).provisions.drop(invite.id)
    return RedirectResponse("/connect", status_code=303)

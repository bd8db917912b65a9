"""Operator login and logout, with throttled attempts."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from ticketlake.web import cookies
from ticketlake.web.context import optional_operator, web
from ticketlake.web.pages import render
from ticketlake.web.sessions import OPERATOR_TTL

log = logging.getLogger(__name__)
router = APIRouter()


def _safe_next(path: str) -> str:
    # Only a local path: an open redirect would let a phishing link borrow our login page.
    if path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/connections"


@router.get("/")
def home(request: Request) -> Response:
    """Operators land on their connections; everyone else on the login page."""
    target = "/connections" if optional_operator(request) else "/login"
    return RedirectResponse(target, status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "/connections") -> Response:
    """The login form."""
    if optional_operator(request):
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next), "error": ""}, binding="pre")


@router.post("/login")
async def login(
    request: Request,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=500)] = "/connections",
) -> Response:
    """Check the password (throttled per name and per address) and open a session."""
    ctx = web(request)
    address = request.client.host if request.client else "unknown"
    wait = ctx.throttle.retry_after(name, address)
    if wait > 0:
        minutes = max(1, round(wait / 60))
        error = f"Too many failed attempts. Try again in about {minutes} min."
        response = render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": error},
            binding="pre",
            status=429,
        )
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    if not await run_in_threadpool(ctx.operators.authenticate, name, password):
        ctx.throttle.failed(name, address)
        # An unknown name is not recorded: it may be a password typed into the wrong box.
        who = f"web:operator:{name}" if ctx.operators.exists(name) else "web:unknown-operator"
        log.warning("failed login as %s from %s", who, address)
        ctx.audit.record(who, "login failed", "", f"from {address}")
        error = "Wrong name or password."
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": error},
            binding="pre",
            status=401,
        )
    ctx.throttle.succeeded(name)
    session = ctx.sessions.create("operator", name, OPERATOR_TTL)
    ctx.audit.record(f"web:operator:{name}", "logged in", "", f"from {address}")
    redirect = RedirectResponse(_safe_next(next), status_code=303)
    cookies.put(
        redirect,
        cookies.OPERATOR_COOKIE,
        session.token,
        secure=ctx.secure,
        max_age=int(OPERATOR_TTL),
    )
    return redirect


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the operator session."""
    ctx = web(request)
    token = cookies.read(request, cookies.OPERATOR_COOKIE, ctx.secure)
    if token:
        ctx.sessions.end(token)
    response = RedirectResponse("/login", status_code=303)
    cookies.clear(response, cookies.OPERATOR_COOKIE, secure=ctx.secure)
    return response

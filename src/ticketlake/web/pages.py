"""Rendering pages: templates get the CSRF token bound to the browser's cookie.

Operator pages bind it to the operator session, customer pages to the invite session, and
pages before any session (login, invite landing) to a random pre-session cookie set here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from fastapi import Request
from fastapi.responses import HTMLResponse

from ticketlake.checks.report import preview_rows
from ticketlake.readable import duration
from ticketlake.web import cookies, csrf
from ticketlake.web.context import web
from ticketlake.web.views import duration as run_duration

Binding = Literal["operator", "customer", "pre"]
_BINDING_COOKIE = {
    "operator": cookies.OPERATOR_COOKIE,
    "customer": cookies.CUSTOMER_COOKIE,
    "pre": cookies.PRE_COOKIE,
}


def when(moment: float | dt.datetime | None) -> str:
    """An epoch time or a datetime as a person reads it (UTC)."""
    if moment is None:
        return "—"
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.fromtimestamp(moment, dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    binding: Binding,
    status: int = 200,
) -> HTMLResponse:
    """Render a template with its CSRF token (setting the pre-session cookie if needed)."""
    ctx = web(request)
    base = _BINDING_COOKIE[binding]
    value = cookies.read(request, base, ctx.secure)
    fresh = value is None and binding == "pre"
    if value is None:
        value = csrf.new_binding()
    response = ctx.templates.TemplateResponse(
        request,
        template,
        {
            **context,
            "csrf": csrf.token_for(ctx.signing_key, value),
            "when": when,
            "duration": duration,
            "preview_rows": preview_rows,
            "run_duration": run_duration,
        },
        status_code=status,
    )
    if fresh:
        cookies.put(response, base, value, secure=ctx.secure, same_site="strict")
    return response

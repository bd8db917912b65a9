"""Steps several web tests share: an operator with an invite, a customer who opened it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from ticketlake.web.views import audit_trail

from .harness import Browser


async def customer_for(
    browsers: Callable[[], Browser], connection: str = "acme", source: str = "teamdynamix"
) -> tuple[Browser, Browser]:
    """A logged-in operator and a customer who opened an invite for ``connection``."""
    operator = browsers()
    await operator.login()
    link = await operator.invite(connection, source)
    customer = browsers()
    opened = await customer.open_invite(link)
    assert opened.headers["location"] == "/connect"
    return operator, customer


async def finish(browser: Browser, run_id: str) -> list[dict[str, Any]]:
    """Follow a check run through the API (long polling) until it is done."""
    checks: list[dict[str, Any]] = []
    while True:
        answer = await browser.get(f"/api/check-runs/{run_id}?after={len(checks)}&wait=5")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        checks.extend(body["checks"])
        if body["done"]:
            return checks


def trail(app: FastAPI, connection: str) -> list[str]:
    """The connection's audit trail (catalog and web), oldest first."""
    ctx = app.state.web
    return [e.action for e in reversed(audit_trail(ctx.catalog, ctx.audit, connection))]

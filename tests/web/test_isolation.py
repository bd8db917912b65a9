"""An invite sees and changes only its own connection; spent invites are refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI

from ticketlake.catalog import Catalog

from .clock import ManualClock
from .fakes import GOOD_PASSWORD
from .flow import customer_for, finish, trail
from .harness import Browser, run_id, tdx_form

pytestmark = pytest.mark.anyio


async def test_invite_cannot_read_another_connections_check_run(
    browsers: Callable[[], Browser],
) -> None:
    operator, acme = await customer_for(browsers, "acme")
    other = browsers()
    await other.open_invite(await operator.invite("globex"))
    globex_run = run_id(await other.post_form("/connect", tdx_form(GOOD_PASSWORD)))
    await finish(other, globex_run)
    assert (await acme.get(f"/api/check-runs/{globex_run}")).status_code == 404
    assert (await acme.get(f"/connect/checks/{globex_run}")).status_code == 404


async def test_invite_session_cannot_use_operator_pages_or_api(
    browsers: Callable[[], Browser],
) -> None:
    operator, acme = await customer_for(browsers, "acme")
    await (browsers()).open_invite(await operator.invite("globex"))
    assert (await acme.get("/connections/globex")).status_code == 303
    assert (await acme.get("/api/connections")).status_code == 401
    assert (await acme.get("/api/connections/globex")).status_code == 401


async def test_invite_writes_only_its_own_connection(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    _, acme = await customer_for(browsers, "acme")
    # Whatever the body says, the connection is the invite's.
    await acme.post_form(
        "/connect", {**tdx_form(GOOD_PASSWORD), "name": "globex", "connection": "globex"}
    )
    assert [c.name for c in catalog.summaries()] == ["acme"]


async def test_used_invite_is_refused(browsers: Callable[[], Browser]) -> None:
    operator = browsers()
    await operator.login()
    link = await operator.invite("acme")
    first, second = browsers(), browsers()
    assert (await first.open_invite(link)).status_code == 303
    landing = await second.get(link)
    assert landing.status_code == 410
    assert "already been used" in landing.text


async def test_expired_invite_is_refused(
    browsers: Callable[[], Browser], clock: ManualClock
) -> None:
    operator = browsers()
    await operator.login()
    link = await operator.invite("acme")  # valid 24 h
    clock.advance(24 * 3600)
    customer = browsers()
    landing = await customer.get(link)
    assert landing.status_code == 410
    assert "expired" in landing.text


async def test_revoking_an_invite_signs_its_customer_out(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    operator, customer = await customer_for(browsers, "acme")
    invite_id = (await operator.api("GET", "/api/invites")).json()[0]["id"]
    assert (await operator.api("DELETE", f"/api/invites/{invite_id}")).status_code == 204
    assert (await customer.get("/connect")).status_code == 401
    assert (await customer.get("/api/invite")).status_code == 401
    assert "invite revoked" in trail(app, "acme")


async def test_landing_page_does_not_use_up_the_invite(browsers: Callable[[], Browser]) -> None:
    operator = browsers()
    await operator.login()
    link = await operator.invite("acme")
    scanner = browsers()
    assert (await scanner.get(link)).status_code == 200
    assert (await scanner.get(link)).status_code == 200
    assert (await browsers().open_invite(link)).status_code == 303

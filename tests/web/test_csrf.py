"""Every form and every unsafe API call needs a CSRF token bound to the browser's cookie."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ticketlake.catalog import Catalog

from .flow import customer_for
from .harness import Browser, tdx_form

pytestmark = pytest.mark.anyio


async def test_form_without_token_is_refused(browsers: Callable[[], Browser]) -> None:
    operator = browsers()
    await operator.login()
    response = await operator.http.post(
        "/invites", data={"source": "teamdynamix", "connection": "acme"}
    )
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert (await operator.api("GET", "/api/invites")).json() == []


async def test_token_of_another_browser_is_refused(browsers: Callable[[], Browser]) -> None:
    victim, attacker = browsers(), browsers()
    await victim.login()
    await attacker.login()
    stolen = await attacker.csrf("/connections")
    response = await victim.http.post(
        "/invites", data={"source": "teamdynamix", "connection": "acme", "csrf": stolen}
    )
    assert response.status_code == 403


async def test_login_form_needs_its_token(browsers: Callable[[], Browser]) -> None:
    response = await browsers().http.post(
        "/login", data={"name": "alice", "password": "operator-password-42"}
    )
    assert response.status_code == 403


async def test_customer_form_needs_its_token(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    _, customer = await customer_for(browsers)
    response = await customer.http.post("/connect", data=tdx_form("s3cret-Pa55word-ok"))
    assert response.status_code == 403
    assert not catalog.exists("acme")


async def test_api_call_without_header_is_refused(browsers: Callable[[], Browser]) -> None:
    operator = browsers()
    await operator.login()
    response = await operator.http.post(
        "/api/invites", json={"source": "teamdynamix", "connection": "acme"}
    )
    assert response.status_code == 403
    ok = await operator.api(
        "POST", "/api/invites", json={"source": "teamdynamix", "connection": "acme"}
    )
    assert ok.status_code == 201


async def test_foreign_origin_is_refused_even_with_a_token(
    browsers: Callable[[], Browser],
) -> None:
    operator = browsers()
    await operator.login()
    token = await operator.csrf("/connections")
    response = await operator.http.post(
        "/invites",
        data={"source": "teamdynamix", "connection": "acme", "csrf": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


async def test_request_the_browser_labels_cross_site_is_refused(
    browsers: Callable[[], Browser],
) -> None:
    operator = browsers()
    await operator.login()
    token = await operator.csrf("/connections")
    response = await operator.http.post(
        "/invites",
        data={"source": "teamdynamix", "connection": "acme", "csrf": token},
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"},
    )
    assert response.status_code == 403

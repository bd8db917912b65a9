"""Operator pages need an operator session; logins are throttled; cookies are locked down."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI

from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.settings import WebSettings
from ticketlake.web.throttle import ThrottlePolicy

from .clock import ManualClock
from .fakes import services
from .harness import OPERATOR_PASSWORD, Browser

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "path", ["/connections", "/connections/acme", "/connections/acme/report", "/check-runs/x"]
)
async def test_operator_pages_redirect_to_login_without_a_session(
    browsers: Callable[[], Browser], path: str
) -> None:
    response = await browsers().get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ["/api/connections", "/api/invites", "/api/sources"])
async def test_operator_api_answers_401_without_a_session(
    browsers: Callable[[], Browser], path: str
) -> None:
    response = await browsers().get(path)
    assert response.status_code == 401
    assert response.json()["detail"] == "log in as an operator first"


async def test_login_opens_the_operator_pages(browsers: Callable[[], Browser]) -> None:
    browser = browsers()
    response = await browser.login()
    assert (response.status_code, response.headers["location"]) == (303, "/connections")
    page = await browser.get("/connections")
    assert page.status_code == 200
    assert "Invite a customer" in page.text


async def test_session_cookie_is_httponly_samesite_and_not_secure_on_loopback(
    browsers: Callable[[], Browser],
) -> None:
    response = await browsers().login()
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("tl_op=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie


async def test_cookie_is_secure_and_host_prefixed_off_loopback(clock: ManualClock) -> None:
    app = create_app(WebSettings(host="0.0.0.0", clock=clock), services(Catalogs()))
    app.state.web.operators.add("alice", OPERATOR_PASSWORD)
    browser = Browser(app, [])
    # A Secure cookie is only sent back over HTTPS, so this browser talks HTTPS.
    browser.http.base_url = "https://ticketlake.example"
    response = await browser.login()
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-tl_op=")
    assert "Secure" in cookie
    assert response.headers["strict-transport-security"].startswith("max-age=")
    await browser.aclose()


async def test_wrong_password_is_refused(browsers: Callable[[], Browser]) -> None:
    browser = browsers()
    response = await browser.login(password="not-the-password")
    assert response.status_code == 401
    assert "Wrong name or password." in response.text
    assert (await browser.get("/connections")).status_code == 303


async def test_repeated_failures_lock_the_login_for_a_while(
    clock: ManualClock, seen: list[object]
) -> None:
    policy = ThrottlePolicy(per_name=3, per_address=50, window=600)
    app = create_app(WebSettings(clock=clock, throttle=policy), services(Catalogs()))
    app.state.web.operators.add("alice", OPERATOR_PASSWORD)
    browser = Browser(app, [])
    for _ in range(3):
        assert (await browser.login(password="guess-guess-guess")).status_code == 401
    locked = await browser.login()  # even the right password waits
    assert locked.status_code == 429
    assert locked.headers["retry-after"] == "601"
    assert "Too many failed attempts" in locked.text
    clock.advance(600)
    assert (await browser.login()).status_code == 303
    await browser.aclose()


async def test_logout_ends_the_session_on_the_server(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    browser = browsers()
    await browser.login()
    cookie = browser.http.cookies["tl_op"]
    await browser.post_form("/logout", {}, token_from="/connections")
    replay = browsers()
    replay.http.cookies.set("tl_op", cookie)
    assert (await replay.get("/connections")).status_code == 303


async def test_login_never_redirects_off_site(browsers: Callable[[], Browser]) -> None:
    browser = browsers()
    token = await browser.csrf("/login")
    response = await browser.http.post(
        "/login",
        data={
            "name": "alice",
            "password": OPERATOR_PASSWORD,
            "next": "//evil.example/",
            "csrf": token,
        },
    )
    assert response.headers["location"] == "/connections"


async def test_a_password_typed_as_the_name_is_never_stored_or_logged(
    browsers: Callable[[], Browser], app: FastAPI
) -> None:
    await browsers().login(name=OPERATOR_PASSWORD, password="x")
    with app.state.web.db.transaction() as tx:
        stored = repr(tx.rows("SELECT * FROM web_login_failures"))
        stored += repr(tx.rows("SELECT * FROM web_audit"))
    assert OPERATOR_PASSWORD not in stored
    # (the browsers fixture also scans every log line and response for it)

"""OAuth 2.0 "Save and authorize" on the customer's Teamwork.com form, against the simulated
launchpad in-process: the redirect URL to register is shown; the form is saved and the
customer sent to sign in; the return is matched by ``state`` and by the browser that left;
the code is exchanged server-side; the token is kept encrypted (never shown), or the refusal
noted; the checks start either way. Every response is scanned for the client secret and the
token (``conftest.browsers``)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI

from tests.connectors.teamwork.launchpad import Site, sign_in_and_accept, site
from ticketlake.catalog import Catalog, Connection
from ticketlake.checks import CheckOptions, CheckReport, CheckResult, CheckStatus, OnResult
from ticketlake.connectors.teamwork import oauth
from ticketlake.sim.teamwork import DEFAULT_CLIENT_ID
from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.routes.authorize import TRANSPORT
from ticketlake.web.settings import WebSettings

from .clock import ManualClock
from .fakes import services
from .flow import customer_for
from .harness import OPERATOR, OPERATOR_PASSWORD, Browser, resolver

pytestmark = pytest.mark.anyio
CLIENT_SECRET = "tw-client-secret-77aa"  # in harness.SECRETS: no response may carry it
CALLBACK = "http://127.0.0.1:8080/connect/oauth/callback"


async def token_runner(
    connection: Connection, options: CheckOptions, on_result: OnResult
) -> CheckReport:
    """Passes when a token is stored (the Teamwork checks judge it for real elsewhere)."""
    kept = oauth.TOKEN_SECRET in connection.secret_fields
    result = CheckResult(
        "authorization",
        "Authorized",
        CheckStatus.PASS if kept else CheckStatus.FAIL,
        "token kept" if kept else "no token",
    )
    on_result(result)
    now = datetime.now(UTC)
    return CheckReport(
        connection.name, connection.source, (result,), started_at=now, finished_at=now
    )


@pytest.fixture
def scenario() -> str:
    return "healthy"


@pytest.fixture
def sim(scenario: str) -> Site:
    return site(scenario)


@pytest.fixture
def app(catalogs: Catalogs, clock: ManualClock, sim: Site) -> FastAPI:
    sim.tenant.site.app.client_secret = (
        CLIENT_SECRET
        if sim.tenant.config.scenario != ("wrong_client_secret")
        else CLIENT_SECRET + "-reset"
    )
    settings = WebSettings(clock=clock, resolver=resolver)
    application = create_app(settings, services(catalogs, token_runner), catalogs=catalogs)  # type: ignore[arg-type]
    application.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    setattr(application.state, TRANSPORT, sim.transport)
    return application


def oauth_form(**overrides: str) -> dict[str, str]:
    form = {
        "api_type": "projects",
        "api_version": "v3",
        "region": "us",
        "site_name": "acme",
        "auth_type": "oauth2",
        "oauth_client_id": DEFAULT_CLIENT_ID,
        "oauth_client_secret": CLIENT_SECRET,
    }
    return {**form, **overrides}


def _refresh(page: str) -> str:
    found = re.search(r'http-equiv="refresh" content="0;url=([^"]+)"', page)
    assert found, page
    return html.unescape(found.group(1))


async def _leave(customer: Browser) -> str:
    """Save and authorize; the launchpad URL the customer is sent on to."""
    page = await customer.post_form("/connect/authorize", oauth_form(), token_from="/connect")
    assert page.status_code == 200, page.text
    return _refresh(page.text)


async def test_the_form_shows_the_exact_redirect_url_to_register(
    browsers: Callable[[], Browser],
) -> None:
    _, customer = await customer_for(browsers, "acme-tw", "teamwork")
    page = await customer.get("/connect")
    assert f'<code id="redirect-url">{CALLBACK}</code>' in page.text
    assert 'formaction="/connect/authorize" id="save-and-authorize"' in page.text


async def test_save_and_authorize_keeps_the_token_encrypted_and_starts_the_checks(
    browsers: Callable[[], Browser], catalog: Catalog, sim: Site
) -> None:
    _, customer = await customer_for(browsers, "acme-tw", "teamwork")
    launchpad = await _leave(customer)
    assert launchpad.startswith("https://teamwork.com/launchpad/v1/oauth2/authorize?")
    back = await sign_in_and_accept(sim, launchpad)
    page = await customer.get("/connect/oauth/callback", params=back)
    assert page.status_code == 200
    checks = _refresh(page.text)
    assert checks.startswith("/connect/checks/")
    conn = catalog.get("acme-tw")
    assert conn.settings[oauth.ENDPOINT_FIELD] == "https://acme.teamwork.com/"
    assert oauth.TOKEN_SECRET in conn.secret_fields
    token = conn.secret(oauth.TOKEN_SECRET).reveal()
    assert token in sim.tenant.grants.tokens
    assert token not in (await customer.get(checks)).text
    assert token not in (await customer.get("/connect")).text


async def test_a_return_with_an_unknown_state_exchanges_nothing(
    browsers: Callable[[], Browser], catalog: Catalog, sim: Site
) -> None:
    _, customer = await customer_for(browsers, "acme-tw", "teamwork")
    back = await sign_in_and_accept(sim, await _leave(customer))
    page = await customer.get("/connect/oauth/callback", params={**back, "state": "forged"})
    assert page.status_code == 400
    assert not [r for r in sim.tenant.requests if "token" in r.path]
    assert oauth.TOKEN_SECRET not in catalog.get("acme-tw").secret_fields


async def test_a_return_in_another_browser_exchanges_nothing(
    browsers: Callable[[], Browser], catalog: Catalog, sim: Site
) -> None:
    _, customer = await customer_for(browsers, "acme-tw", "teamwork")
    back = await sign_in_and_accept(sim, await _leave(customer))
    stranger = browsers()
    page = await stranger.get("/connect/oauth/callback", params=back)
    assert page.status_code == 400
    assert "another browser" in page.text
    assert not [r for r in sim.tenant.requests if "token" in r.path]
    again = await customer.get("/connect/oauth/callback", params=back)
    assert again.status_code == 400, "a state is taken once"


@pytest.mark.parametrize("scenario", ["wrong_client_secret"])
async def test_a_refused_token_call_is_noted_for_the_checks(
    browsers: Callable[[], Browser], catalog: Catalog, sim: Site
) -> None:
    _, customer = await customer_for(browsers, "acme-tw", "teamwork")
    back = await sign_in_and_accept(sim, await _leave(customer))
    page = await customer.get("/connect/oauth/callback", params=back)
    assert _refresh(page.text).startswith("/connect/checks/")
    conn = catalog.get("acme-tw")
    assert conn.settings[oauth.REFUSAL_FIELD] == oauth.Refusal.CLIENT
    assert oauth.TOKEN_SECRET not in conn.secret_fields


@pytest.mark.parametrize("scenario", ["redirect_uri_mismatch"])
async def test_a_launchpad_that_refuses_the_redirect_url_is_not_where_the_customer_goes(
    browsers: Callable[[], Browser], catalog: Catalog, sim: Site
) -> None:
    _, customer = await customer_for(browsers, "acme-tw", "teamwork")
    page = await customer.post_form("/connect/authorize", oauth_form(), token_from="/connect")
    assert page.status_code == 303
    assert page.headers["location"].startswith("/connect/checks/")
    conn = catalog.get("acme-tw")
    assert conn.settings[oauth.REFUSAL_FIELD] == oauth.Refusal.REDIRECT
    assert conn.settings[oauth.REDIRECT_FIELD] == CALLBACK


async def test_an_api_key_connection_is_not_authorized(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    _, customer = await customer_for(browsers, "acme-tw", "teamwork")
    form = oauth_form(auth_type="basic", api_key="tw-api-key-8c1f0e")
    page = await customer.post_form("/connect/authorize", form, token_from="/connect")
    assert page.status_code == 422
    assert "uses an API key, not OAuth 2.0" in page.text

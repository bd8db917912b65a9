"""OAuth 2.0 "Save and authorize" against the simulated launchpad: PKCE where discovery offers
it, the App Login Flow otherwise; ``state`` checked before any code is exchanged; the client
secret and the token sent only to hosts that pass the allow-list and the network guard; the
refusals of the OAuth scenarios told apart; nothing secret in any error."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from ticketlake.catalog import open_catalog
from ticketlake.connectors.fieldcheck import Submission
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamwork import oauth
from ticketlake.connectors.teamwork.oauth import AuthorizationFailed, Refusal
from ticketlake.secret import Secret
from ticketlake.sim.teamwork import DEFAULT_CLIENT_SECRET

from .launchpad import LOCAL, SITE, Site, sign_in_and_accept, site


def run(body: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(body())  # type: ignore[arg-type]


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


async def _authorize(sim: Site, app: oauth.OAuthApp, **kw: str) -> oauth.Token:
    async with oauth.client(sim.transport) as http:
        pending = await oauth.begin(app, http)
        back = await sign_in_and_accept(sim, pending.authorize_url, **kw)
        return await oauth.finish(pending, app, back, http)


def test_pkce_is_used_where_the_launchpad_offers_it_and_the_token_reads_the_site() -> None:
    sim = site()

    async def go() -> tuple[oauth.Pending, oauth.Token, int]:
        app = sim.app()
        async with oauth.client(sim.transport) as http:
            pending = await oauth.begin(app, http)
            back = await sign_in_and_accept(sim, pending.authorize_url)
            token = await oauth.finish(pending, app, back, http)
            me = await http.get(
                f"{token.api_endpoint}projects/api/v3/me.json",
                headers={"Authorization": f"Bearer {token.access_token.reveal()}"},
            )
        return pending, token, me.status_code

    pending, token, status = run(go)
    asked = _query(pending.authorize_url)
    assert pending.pkce
    assert urlsplit(pending.authorize_url).path == "/launchpad/v1/oauth2/authorize"
    assert asked["code_challenge_method"] == "S256"
    assert asked["state"] == pending.state
    assert token.api_endpoint == f"{SITE}/"
    assert status == 200
    assert str(token.access_token) == "**********"


class NoDiscovery(httpx.AsyncBaseTransport):
    """The simulator without the discovery document (a launchpad that offers no PKCE)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(f"{request.method} {request.url.path}")
        if request.url.path.startswith("/.well-known/"):
            return httpx.Response(404)
        return await self.inner.handle_async_request(request)


def test_the_app_login_flow_is_used_without_discovery() -> None:
    sim = site()
    spy = NoDiscovery(sim.transport)
    sim.transport = spy
    pending_urls: list[str] = []

    async def go() -> oauth.Token:
        app = sim.app()
        async with oauth.client(spy) as http:
            pending = await oauth.begin(app, http)
            pending_urls.append(pending.authorize_url)
            back = await sign_in_and_accept(sim, pending.authorize_url)
            return await oauth.finish(pending, app, back, http)

    token = run(go)
    assert urlsplit(pending_urls[0]).path == "/launchpad/login"
    assert "POST /launchpad/v1/token.json" in spy.paths
    assert token.api_endpoint == f"{SITE}/"


def test_a_state_that_differs_is_refused_before_any_code_is_exchanged() -> None:
    sim = site()

    async def go() -> None:
        app = sim.app()
        async with oauth.client(sim.transport) as http:
            pending = await oauth.begin(app, http)
            back = await sign_in_and_accept(sim, pending.authorize_url)
            await oauth.finish(pending, app, {**back, "state": "forged"}, http)

    with pytest.raises(AuthorizationFailed) as caught:
        run(go)
    assert caught.value.refusal == Refusal.STATE
    assert not [r for r in sim.tenant.requests if "token" in r.path]


def test_cancel_is_said_as_such() -> None:
    sim = site()
    with pytest.raises(AuthorizationFailed) as caught:
        run(lambda: _authorize(sim, sim.app(), decision="cancel"))
    assert caught.value.refusal == Refusal.CANCELLED


@pytest.mark.parametrize(
    ("scenario", "refusal", "status"),
    [("wrong_client_secret", Refusal.CLIENT, 401), ("expired_code", Refusal.EXPIRED, 400)],
)
def test_the_oauth_scenarios_refusals_are_told_apart(
    scenario: str, refusal: str, status: int
) -> None:
    sim = site(scenario)
    with pytest.raises(AuthorizationFailed) as caught:
        run(lambda: _authorize(sim, sim.app()))
    assert caught.value.refusal == refusal
    assert caught.value.status == status
    assert DEFAULT_CLIENT_SECRET not in str(caught.value)


class Forged(httpx.AsyncBaseTransport):
    """A token endpoint that names an apiEndPoint of its choosing."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/.well-known/"):
            return httpx.Response(404)
        body = {"access_token": "tkn-forged", "installation": {"apiEndPoint": self.endpoint}}
        return httpx.Response(200, json=body)


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://collector.example.com/",
        "http://acme.teamwork.com/",
        "https://teamwork.com.evil.io/",
    ],
)
def test_a_token_for_an_endpoint_off_the_allow_list_is_not_kept(endpoint: str) -> None:
    sim = site()
    app = sim.app()

    async def go() -> oauth.Token:
        async with oauth.client(Forged(endpoint)) as http:
            pending = await oauth.begin(app, http)
            return await oauth.exchange(pending, app, "code-1", http)

    with pytest.raises(AuthorizationFailed) as caught:
        run(go)
    assert caught.value.refusal == Refusal.ENDPOINT
    assert "tkn-forged" not in str(caught.value)


def test_the_allow_list_takes_teamwork_hosts_over_https_and_the_hosts_given() -> None:
    app = oauth.OAuthApp(
        oauth.CENTRAL_LAUNCHPAD,
        "id",
        Secret("s"),
        "https://x/cb",
        NetworkPolicy(),
        ("sim.example.net",),
    )
    assert oauth.allowed_host("https://acme.eu.teamwork.com/", app)
    assert oauth.allowed_host("https://www.teamwork.com/launchpad/v1/token.json", app)
    assert oauth.allowed_host("https://sim.example.net/us/acme/", app)
    assert not oauth.allowed_host("http://acme.teamwork.com/", app)
    assert not oauth.allowed_host("https://acmeteamwork.com/", app)
    assert not oauth.allowed_host("https://user:pw@acme.teamwork.com/", app)


def test_a_launchpad_on_a_private_address_is_refused_without_the_switch() -> None:
    sim = site()
    app = oauth.OAuthApp(
        "http://127.0.0.1:8770", "id", Secret("s"), "https://x/cb", NetworkPolicy(), ("127.0.0.1",)
    )

    async def go() -> None:
        async with oauth.client(sim.transport) as http:
            await oauth.begin(app, http)

    with pytest.raises(oauth.UnsafeURL):
        run(go)
    assert sim.tenant.requests == []


def _connection() -> Any:
    catalog = open_catalog(actor="test:alice")
    values = {
        "api_type": "projects",
        "api_version": "v3",
        "region": "us",
        "site_name": "acme",
        "auth_type": "oauth2",
        "oauth_client_id": "id",
    }
    sub = Submission(
        "teamwork", values, {"oauth_client_secret": Secret("tw-client-secret-1")}, LOCAL
    )
    return catalog, catalog.create("tw", sub)


def test_the_token_is_stored_encrypted_with_its_endpoint_and_a_refusal_drops_it() -> None:
    catalog, conn = _connection()
    token = oauth.Token(Secret("tkn-stored-1"), f"{SITE}/", "Acme")
    saved = oauth.save_token(catalog, conn, token, actor="test")
    assert saved.settings[oauth.ENDPOINT_FIELD] == f"{SITE}/"
    assert saved.secret(oauth.TOKEN_SECRET).reveal() == "tkn-stored-1"
    with catalog.db.transaction() as tx:
        assert "tkn-stored-1" not in repr(tx.rows("SELECT * FROM catalog_secrets"))
    refused = oauth.save_refusal(catalog, saved, Refusal.EXPIRED, actor="test")
    assert oauth.TOKEN_SECRET not in refused.secret_fields
    assert oauth.ENDPOINT_FIELD not in refused.settings
    assert refused.settings[oauth.REFUSAL_FIELD] == Refusal.EXPIRED
    again = oauth.save_token(catalog, refused, token, actor="test")
    assert oauth.REFUSAL_FIELD not in again.settings
    catalog.close()

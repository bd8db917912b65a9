"""The launchpad end to end over HTTP: sign in, Accept, the redirect with ``code`` and
``state``, the token call in the fixture's shape, the token used on ``apiEndPoint``; codes
valid 15 minutes and once; the PKCE variant; the OAuth scenarios' failures."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from ticketlake.sim.teamwork import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD
from ticketlake.sim.teamwork.grants import s256

from .conftest import ORIGIN, Sim, make_tenant, run_with
from .reference import sample

REDIRECT = "http://127.0.0.1:8765/oauth/teamwork/callback"
VERIFIER = "a-long-enough-pkce-code-verifier-0123456789-abcdefghijklmnop"


def _fields(page: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(r"name='(\w+)' value='([^']*)'", page)}


async def _authorize(sim: Sim, url: str, params: dict[str, str]) -> httpx.Response:
    """Open the login page, sign in as the site owner, Accept; the redirect answer."""
    login = await sim.client.get(url, params=params)
    assert login.status_code == 200, login.text
    email = sim.tenant.world.directory.people[0].email
    action = re.search(r"action='([^']+)'", login.text)
    assert action
    consent = await sim.client.post(html.unescape(action.group(1)), data={
        **_fields(login.text), "email": email, "password": DEFAULT_PASSWORD})  # fmt: skip
    assert "Accept" in consent.text
    accept = re.search(r"action='([^']+)'", consent.text)
    assert accept
    return await sim.client.post(accept.group(1), data={**_fields(consent.text),
                                                        "decision": "accept"})  # fmt: skip


def _query(r: httpx.Response) -> dict[str, str]:
    assert r.status_code == 302, r.text
    return {k: v[0] for k, v in parse_qs(urlsplit(r.headers["location"]).query).items()}


def _login_params(**extra: str) -> dict[str, str]:
    return {"client_id": DEFAULT_CLIENT_ID, "redirect_uri": REDIRECT, "state": "xyz", **extra}


def _token_call(code: str, secret: str = DEFAULT_CLIENT_SECRET) -> dict[str, str]:
    return {"code": code, "client_id": DEFAULT_CLIENT_ID, "client_secret": secret,
            "redirect_uri": REDIRECT}  # fmt: skip


def test_app_login_flow_end_to_end() -> None:
    tenant, clock = make_tenant(60, 20)
    fixture = sample("teamwork_oauth_token_response_fixture.json")

    async def go(sim: Sim) -> list[Any]:
        back = _query(await _authorize(sim, f"{ORIGIN}/launchpad/login", _login_params()))
        token = await sim.client.post(f"{ORIGIN}/launchpad/v1/token.json",
                                      json=_token_call(back["code"]))  # fmt: skip
        body = token.json()
        base = body["installation"]["apiEndPoint"]
        me = await sim.client.get(
            f"{base}projects/api/v3/me.json",
            headers={"Authorization": f"Bearer {body['access_token']}"},
        )
        again = await sim.client.post(f"{ORIGIN}/launchpad/v1/token.json",
                                      json=_token_call(back["code"]))  # fmt: skip
        return [back, body, me, again]

    back, body, me, again = run_with(tenant, clock, go)
    assert back["state"] == "xyz"
    assert set(fixture) <= set(body)
    assert set(fixture["installation"]) <= set(body["installation"])
    assert set(fixture["user"]) <= set(body["user"])
    assert body["installation"]["apiEndPoint"] == f"{ORIGIN}/us/acme/"
    assert me.status_code == 200
    assert me.json()["person"]["id"] == body["user"]["id"]
    assert again.status_code == 400  # a code is good once


def test_a_code_expires_after_15_minutes() -> None:
    tenant, clock = make_tenant(60, 20)

    async def go(sim: Sim) -> list[int]:
        codes = [_query(await _authorize(sim, f"{ORIGIN}/launchpad/login",
                                         _login_params()))["code"] for _ in range(2)]  # fmt: skip
        clock.advance(14 * 60)
        fresh = await sim.client.post(f"{ORIGIN}/launchpad/v1/token.json",
                                      json=_token_call(codes[0]))  # fmt: skip
        clock.advance(2 * 60)
        late = await sim.client.post(f"{ORIGIN}/launchpad/v1/token.json",
                                     json=_token_call(codes[1]))  # fmt: skip
        return [fresh.status_code, late.status_code, late.json()["status"]]

    assert run_with(tenant, clock, go) == [200, 400, "error"]


def test_pkce_flow_with_discovery_and_form_encoded_token_call() -> None:
    tenant, clock = make_tenant(60, 20)

    async def go(sim: Sim) -> list[Any]:
        meta = (await sim.client.get(f"{ORIGIN}/.well-known/oauth-authorization-server")).json()
        params = _login_params(response_type="code", code_challenge=s256(VERIFIER),
                               code_challenge_method="S256")  # fmt: skip
        code = _query(await _authorize(sim, meta["authorization_endpoint"], params))["code"]
        form = {**_token_call(code), "grant_type": "authorization_code"}
        wrong = await sim.client.post(meta["token_endpoint"],
                                      data={**form, "code_verifier": "not-it"})  # fmt: skip
        right = await sim.client.post(meta["token_endpoint"],
                                      data={**form, "code_verifier": VERIFIER})  # fmt: skip
        return [meta, wrong, right.json()]

    meta, wrong, right = run_with(tenant, clock, go)
    assert "S256" in meta["code_challenge_methods_supported"]
    assert meta["token_endpoint_auth_methods_supported"] == ["client_secret_post"]
    assert wrong.json()["error"] == "invalid_grant"
    assert right["token_type"] == "Bearer"
    assert right["installation"]["apiEndpoint"] == f"{ORIGIN}/us/acme/"
    assert "apiEndPoint" not in right["installation"]


def test_cancel_redirects_with_access_denied_and_state() -> None:
    tenant, clock = make_tenant(60, 20)

    async def go(sim: Sim) -> dict[str, str]:
        login = await sim.client.get(f"{ORIGIN}/launchpad/login", params=_login_params())
        email = tenant.world.directory.people[0].email
        consent = await sim.client.post(f"{ORIGIN}/launchpad/login", data={
            **_fields(login.text), "email": email, "password": DEFAULT_PASSWORD})  # fmt: skip
        r = await sim.client.post(
            f"{ORIGIN}/launchpad/authorize", data={**_fields(consent.text), "decision": "cancel"}
        )
        return _query(r)

    assert run_with(tenant, clock, go) == {"error": "access_denied", "state": "xyz"}


def test_a_wrong_password_stays_on_the_login_page() -> None:
    tenant, clock = make_tenant(60, 20)

    async def go(sim: Sim) -> httpx.Response:
        login = await sim.client.get(f"{ORIGIN}/launchpad/login", params=_login_params())
        return await sim.client.post(f"{ORIGIN}/launchpad/login", data={
            **_fields(login.text), "email": "nobody@example.com", "password": "x"})  # fmt: skip

    r = run_with(tenant, clock, go)
    assert r.status_code == 401
    assert "Invalid email or password" in r.text


def test_the_api_endpoint_is_the_sites_host_when_the_launchpad_is_reached_by_host() -> None:
    """B2: the App Login Flow "will handle" regions; the SDK's discovery lives on the apex
    ``teamwork.com``: reached there or on ``www``, ``apiEndPoint`` is the site's own host."""
    tenant, clock = make_tenant(60, 20)

    async def go(sim: Sim) -> list[str]:
        out = []
        for central in ("https://teamwork.com", "https://www.teamwork.com"):
            back = _query(await _authorize(sim, f"{central}/launchpad/login", _login_params()))
            token = await sim.client.post(f"{central}/launchpad/v1/token.json",
                                          json=_token_call(back["code"]))  # fmt: skip
            out.append(token.json()["installation"]["apiEndPoint"])
        return out

    assert run_with(tenant, clock, go) == ["https://acme.teamwork.com/"] * 2

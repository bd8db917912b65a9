"""``ticketlake authorize``: the loopback redirect on 127.0.0.1, the code exchanged, the token
kept encrypted (never printed); a refusal noted for the checks; the fixed redirect URL."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from typer.testing import CliRunner

from tests.connectors.teamwork.launchpad import LOCAL, ORIGIN, SITE, Site, sign_in_and_accept, site
from ticketlake.catalog import Catalog, open_catalog
from ticketlake.cli.authorize import Authorized, authorize_saved
from ticketlake.cli.loopback import redirect_uri
from ticketlake.cli.main import _mount, app
from ticketlake.connectors.fieldcheck import Submission
from ticketlake.connectors.teamwork import oauth
from ticketlake.secret import Secret
from ticketlake.sim.teamwork import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET


def _saved(catalog: Catalog) -> None:
    values = {
        "api_type": "projects",
        "api_version": "v3",
        "region": "us",
        "site_name": "acme",
        "auth_type": "oauth2",
        "oauth_client_id": DEFAULT_CLIENT_ID,
        "site_url": SITE,
        "launchpad_url": ORIGIN,
    }
    secrets = {"oauth_client_secret": Secret(DEFAULT_CLIENT_SECRET)}
    catalog.create("tw", Submission("teamwork", values, secrets, LOCAL))


async def _authorize(sim: Site, catalog: Catalog) -> tuple[Authorized, list[str]]:
    opened: list[str] = []
    tasks: list[asyncio.Task[Any]] = []

    async def customer(url: str) -> None:
        back = await sign_in_and_accept(sim, url)
        callback = parse_qs(urlsplit(url).query)["redirect_uri"][0]
        async with httpx.AsyncClient() as browser:  # the real loopback listener
            opened.append((await browser.get(callback, params=back)).text)

    def open_url(url: str) -> None:
        tasks.append(asyncio.get_running_loop().create_task(customer(url)))

    done = await authorize_saved(catalog, "tw", open_url, port=0, http_transport=sim.transport)
    await asyncio.gather(*tasks)
    return done, opened


def test_the_loopback_redirect_brings_the_token_home() -> None:
    sim = site()
    with open_catalog(actor="test") as catalog:
        _saved(catalog)
        done, pages = asyncio.run(_authorize(sim, catalog))
        conn = catalog.get("tw")
        token = conn.secret(oauth.TOKEN_SECRET).reveal()
    assert done.ok, done.said
    assert "close this tab" in pages[0]
    assert conn.settings[oauth.ENDPOINT_FIELD] == f"{SITE}/"
    assert token in sim.tenant.grants.tokens
    assert token not in done.said


@pytest.mark.parametrize(
    ("scenario", "refusal"),
    [("wrong_client_secret", "invalid_client"), ("expired_code", "expired_code")],
)
def test_a_refusal_is_noted_for_the_checks(scenario: str, refusal: str) -> None:
    sim = site(scenario)
    with open_catalog(actor="test") as catalog:
        _saved(catalog)
        done, _ = asyncio.run(_authorize(sim, catalog))
        conn = catalog.get("tw")
    assert not done.ok
    assert conn.settings[oauth.REFUSAL_FIELD] == refusal
    assert DEFAULT_CLIENT_SECRET not in done.said


def test_the_redirect_url_to_register_is_fixed_and_in_the_help() -> None:
    assert redirect_uri() == "http://127.0.0.1:8737/teamwork/callback"
    _mount()
    shown = CliRunner().invoke(app, ["authorize", "--help"], terminal_width=200)
    assert shown.exit_code == 0
    assert "8737" in shown.output

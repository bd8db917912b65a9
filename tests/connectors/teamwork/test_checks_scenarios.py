"""Every scenario of the simulated site, filled in as its customer filled the form: healthy
passes every check; each other one fails (or, for partial data, warns) exactly one check,
citing the seed-003 setting that fixes it. OAuth 2.0 forms are authorized first, as "Save and
authorize" does (the launchpad asked, the customer signs in and Accepts, the code exchanged)."""

from __future__ import annotations

import asyncio

import pytest

from ticketlake.catalog import Catalog, Connection, open_catalog
from ticketlake.checks import CheckOptions, CheckReport, CheckStatus, run_checks_async
from ticketlake.connectors.fieldcheck import Submission
from ticketlake.connectors.teamwork import oauth
from ticketlake.connectors.teamwork.checks import guide as g
from ticketlake.secret import Secret

from .launchpad import LOCAL, ORIGIN, REDIRECT, Site, sign_in_and_accept, site

EXPECTED = {
    "wrong_site_name": ("sign-in", CheckStatus.FAIL, g.SITE_NAME),
    "wrong_region": ("sign-in", CheckStatus.FAIL, g.REGION),
    "wrong_api_key": ("sign-in", CheckStatus.FAIL, g.SITE_NAME),
    "restricted_user": ("permissions", CheckStatus.WARN, g.KEY_STEPS),
    "wrong_client_secret": ("authorization", CheckStatus.FAIL, g.CLIENT_SECRET_STEP),
    "redirect_uri_mismatch": ("authorization", CheckStatus.FAIL, g.REDIRECT_STEP),
    "expired_code": ("authorization", CheckStatus.FAIL, g.ACCEPT),
    "desk_not_enabled": ("api-type", CheckStatus.FAIL, g.API_TYPE),
    "wrong_api_version": ("api-version", CheckStatus.FAIL, g.API_VERSION),
    "wrong_space_id": ("api-version", CheckStatus.FAIL, g.SPACE_ID),
}


def _save(catalog: Catalog, sim: Site) -> Connection:
    form = sim.form()
    values = {
        "api_type": form["api_type"],
        "api_version": form["api_version"],
        "region": form["region"],
        "site_name": form["site"],
        "auth_type": form["auth_type"],
        "oauth_client_id": form["client_id"],
        "space_id": str(form["space_id"]),
        "user_id": form["user_id"],
        "site_url": f"{ORIGIN}/{form['region']}/{form['site']}",
        "launchpad_url": ORIGIN,
    }
    secrets = {
        "api_key": Secret(str(form["api_key"])),
        "oauth_client_secret": Secret(str(form["client_secret"])),
    }
    return catalog.create("tw", Submission("teamwork", values, secrets, LOCAL))


async def _authorize(catalog: Catalog, conn: Connection, sim: Site) -> Connection:
    """Save and authorize, as the web flow does it."""
    app = oauth.app_for(conn.to_settings(), REDIRECT, LOCAL)
    async with oauth.client(sim.transport) as http:
        started = await oauth.begin(app, http)
        refused = await oauth.preflight(started, http)
        if refused:
            refusal = oauth.launchpad_refusal(refused)
            return oauth.save_refusal(catalog, conn, refusal, actor="t", redirect_uri=REDIRECT)
        back = await sign_in_and_accept(sim, started.authorize_url)
        try:
            token = await oauth.finish(started, app, back, http)
        except oauth.AuthorizationFailed as exc:
            return oauth.save_refusal(catalog, conn, exc.refusal, actor="t")
    return oauth.save_token(catalog, conn, token, actor="t")


def checked(scenario: str) -> CheckReport:
    sim = site(scenario)

    async def go(catalog: Catalog) -> CheckReport:
        conn = _save(catalog, sim)
        if conn.settings["auth_type"] == "oauth2":
            conn = await _authorize(catalog, conn, sim)
        return await run_checks_async(conn, CheckOptions(http_transport=sim.transport))

    with open_catalog(actor="test") as catalog:
        return asyncio.run(go(catalog))


def test_the_healthy_site_passes_every_check() -> None:
    report = checked("healthy")
    assert [(c.id, c.status) for c in report.checks] == [
        (c, CheckStatus.PASS) for c in ("sign-in", "api-type", "api-version", "permissions")
    ]


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_each_scenario_fails_exactly_its_check_citing_its_setting(scenario: str) -> None:
    report = checked(scenario)
    check, status, step = EXPECTED[scenario]
    wrong = [c for c in report.checks if c.status in (CheckStatus.FAIL, CheckStatus.WARN)]
    assert [(c.id, c.status) for c in wrong] == [(check, status)], report.checks
    assert wrong[0].step == g.GUIDE.cite(step)
    assert "ticketlake" in wrong[0].remediation or "Teamwork" in wrong[0].remediation
    assert "{connection}" not in wrong[0].remediation


def test_the_region_is_told_apart_and_named() -> None:
    sign_in = checked("wrong_region").checks[0]
    assert "EU region" in sign_in.summary
    assert "--set region=eu" in sign_in.remediation


def test_a_redirect_mismatch_shows_the_exact_url_to_register() -> None:
    authorization = checked("redirect_uri_mismatch").checks[0]
    assert REDIRECT in authorization.remediation


def test_an_api_version_that_cannot_read_says_which_to_choose() -> None:
    version = next(c for c in checked("wrong_api_version").checks if c.id == "api-version")
    assert "choose v3" in version.summary
    assert "--set api_version=v3" in version.remediation

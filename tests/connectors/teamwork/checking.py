"""The checks run on a simulated site, its form filled in as its customer filled it. OAuth 2.0
forms are authorized first, as "Save and authorize" does (the launchpad asked, the customer
signs in and Accepts, the code exchanged)."""

from __future__ import annotations

import asyncio

from ticketlake.catalog import Catalog, Connection, open_catalog
from ticketlake.checks import CheckOptions, CheckReport, run_checks_async
from ticketlake.connectors.fieldcheck import Submission
from ticketlake.connectors.teamwork import oauth
from ticketlake.secret import Secret

from .launchpad import LOCAL, ORIGIN, REDIRECT, Site, sign_in_and_accept, site


def _save(catalog: Catalog, sim: Site, changes: dict[str, str]) -> Connection:
    form = sim.form() | changes
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


def checked(scenario: str, sim: Site | None = None, **changes: str) -> CheckReport:
    """The checks' report on ``scenario``'s site (or ``sim``), its form as the scenario's
    customer filled it (``changes``: fields filled otherwise), authorized first if OAuth."""
    sim = sim or site(scenario)

    async def go(catalog: Catalog) -> CheckReport:
        conn = _save(catalog, sim, changes)
        if conn.settings["auth_type"] == "oauth2":
            conn = await _authorize(catalog, conn, sim)
        return await run_checks_async(conn, CheckOptions(http_transport=sim.transport))

    with open_catalog(actor="test") as catalog:
        return asyncio.run(go(catalog))

"""A simulated Teamwork.com site in-process, and a customer who signs in on its launchpad.

``Site`` binds a scenario's simulator to an ``httpx`` transport (what ticketlake's code is
given instead of the network) on a manual clock. ``sign_in_and_accept`` plays the customer's
browser: it opens the authorize URL, signs in as the site owner, presses Accept (or Cancel),
and returns the query ticketlake's redirect URL would receive.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.pinned import AS_OF
from tests.pinned import CLOCK_START as START
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamwork.oauth import OAuthApp
from ticketlake.secret import Secret
from ticketlake.sim.clock import ManualClock
from ticketlake.sim.teamwork import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PASSWORD,
    SimConfig,
    Tenant,
    create_app,
)

ORIGIN = "http://127.0.0.1:8770"
SITE = f"{ORIGIN}/us/acme"
REDIRECT = "http://127.0.0.1:8080/connect/oauth/callback"
LOCAL = NetworkPolicy(allow_insecure_localhost=True)


@dataclass
class Site:
    """A scenario's simulated site and a transport to it."""

    tenant: Tenant
    clock: ManualClock
    transport: httpx.AsyncBaseTransport

    def app(self, secret: str = DEFAULT_CLIENT_SECRET, redirect: str = REDIRECT) -> OAuthApp:
        """The OAuth app as a connection to this site holds it."""
        return OAuthApp(ORIGIN, DEFAULT_CLIENT_ID, Secret(secret), redirect, LOCAL, ("127.0.0.1",))

    def form(self) -> dict[str, object]:
        """The connection form as the scenario's customer filled it in."""
        return {**vars(self.tenant.site.form), "scenario": self.tenant.config.scenario}


def site(scenario: str = "healthy", tasks: int = 60, tickets: int = 30) -> Site:
    """A small simulated site in ``scenario`` on a manual clock."""
    clock = ManualClock(START)
    config = SimConfig(
        tasks=tasks, tickets=tickets, seed=3, as_of=AS_OF, clock=clock, scenario=scenario
    )
    tenant = Tenant(config)
    app = create_app(tenant=tenant)
    return Site(tenant, clock, httpx.ASGITransport(app=app, client=("127.0.0.1", 5123)))


def _fields(page: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(r"name='(\w+)' value='([^']*)'", page)}


def _action(page: str) -> str:
    found = re.search(r"action='([^']+)'", page)
    assert found, page
    return html.unescape(found.group(1))


async def sign_in_and_accept(
    sim: Site, authorize_url: str, *, decision: str = "accept"
) -> dict[str, str]:
    """Sign in on the launchpad as the site owner and decide; the redirect's query."""
    async with httpx.AsyncClient(transport=sim.transport) as browser:
        login = await browser.get(authorize_url)
        assert login.status_code == 200, login.text
        email = sim.tenant.world.directory.people[0].email
        consent = await browser.post(
            _action(login.text),
            data={**_fields(login.text), "email": email, "password": DEFAULT_PASSWORD},
        )
        assert "Accept" in consent.text, consent.text
        back = await browser.post(
            _action(consent.text), data={**_fields(consent.text), "decision": decision}
        )
    assert back.status_code == 302, back.text
    return {k: v[0] for k, v in parse_qs(urlsplit(back.headers["location"]).query).items()}

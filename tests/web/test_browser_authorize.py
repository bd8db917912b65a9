""" "Save and authorize" end to end in Chromium: ``ticketlake serve``'s app and the simulated
Teamwork.com site, both real servers on 127.0.0.1. The customer fills the OAuth 2.0 form,
presses Save and authorize, signs in on the simulator's launchpad, presses Accept, comes back
through ticketlake's callback, and every check passes; no page shows the client secret or the
token. Screenshots: build/tw-authorize-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.pinned import AS_OF
from ticketlake.sim.teamwork import DEFAULT_CLIENT_ID, DEFAULT_PASSWORD, SimConfig, create_app

from . import pages
from .live import listening_socket, serving, serving_ticketlake

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CLIENT_SECRET = "tw-browser-client-secret-5e1"


@pytest.fixture
def sim() -> Iterator[tuple[str, str, Any]]:
    """A small healthy simulated site; yields its origin, the owner's e-mail, its tenant."""
    app = create_app(
        SimConfig(tasks=60, tickets=30, seed=3, as_of=AS_OF, oauth_client_secret=CLIENT_SECRET)
    )
    owner = app.state.tenant.world.directory.people[0].email
    with serving(app, listening_socket()) as base:
        yield base, owner, app.state.tenant


@pytest.fixture
def web() -> Iterator[str]:
    """``ticketlake serve``'s app on 127.0.0.1."""
    with serving_ticketlake() as base:
        yield base


def test_save_and_authorize_through_the_simulated_launchpad(
    sim: tuple[str, str, Any], web: str, chromium: Browser, build_dir: Path
) -> None:
    origin, owner, tenant = sim
    watch = pages.Watch()
    operator_ctx, customer_ctx = chromium.new_context(), chromium.new_context()
    customer_ctx.on("response", watch)
    operator, customer = operator_ctx.new_page(), customer_ctx.new_page()

    pages.log_in(operator, web)
    operator.select_option("#source", "teamwork")
    operator.fill("#connection", "acme-tw")
    operator.click("#create-invite")
    pages.begin(customer, operator.input_value("#invite-link"))

    assert customer.inner_text("#redirect-url") == f"{web}/connect/oauth/callback"
    for name, value in (
        ("api_type", "projects"),
        ("api_version", "v3"),
        ("region", "us"),
        ("auth_type", "oauth2"),
    ):
        customer.select_option(f"#f-{name}", value)
    for name, value in (
        ("site_name", "acme"),
        ("oauth_client_id", DEFAULT_CLIENT_ID),
        ("oauth_client_secret", CLIENT_SECRET),
        ("site_url", f"{origin}/us/acme"),
        ("launchpad_url", origin),
    ):
        customer.fill(f"#f-{name}", value)
    customer.screenshot(path=str(build_dir / "tw-authorize-1-form.png"), full_page=True)
    customer.click("#save-and-authorize")

    customer.wait_for_selector("input[name=email]")
    assert customer.url.startswith(f"{origin}/launchpad/")
    customer.fill("input[name=email]", owner)
    customer.fill("input[name=password]", DEFAULT_PASSWORD)
    customer.click("button[type=submit]")
    customer.wait_for_selector("button[value=accept]")
    customer.screenshot(path=str(build_dir / "tw-authorize-2-accept.png"), full_page=True)
    customer.click("button[value=accept]")

    customer.wait_for_selector("#checks[data-done=true]", timeout=120_000)
    customer.screenshot(path=str(build_dir / "tw-authorize-3-checks.png"), full_page=True)
    shown = pages.shown_checks(customer)
    assert [c.id for c in shown] == [
        "authorization",
        "sign-in",
        "api-type",
        "api-version",
        "permissions",
    ]
    assert {c.status for c in shown} == {"pass"}, shown
    assert customer.inner_text("#run-status").startswith("All checks passed")
    tokens = list(tenant.grants.tokens)
    assert len(tokens) == 1
    watch.assert_clean([CLIENT_SECRET, *tokens])
    operator_ctx.close()
    customer_ctx.close()

"""In Chromium, against a simulated TeamDynamix tenant whose integration account is inactive:
the operator offers "let ticketlake set up the account" on an invite; the customer's admin
types the admin key once, sees the plan, approves it and watches every check pass. Screenshots:
build/provision-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.pinned import AS_OF
from ticketlake.sim import teamdynamix as simulator

from . import pages
from .live import listening_socket, serving
from .test_browser_e2e import TIME_SCALE, web

__all__ = ["web"]  # the served app, as the end-to-end test's

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CONFIG = simulator.SimConfig(
    tickets=150, seed=7, time_scale=TIME_SCALE, scenario="inactive_account", as_of=AS_OF
)


@pytest.fixture
def sim() -> Iterator[str]:
    with serving(simulator.create_app(CONFIG), listening_socket()) as base:
        yield f"{base}/TDWebApi"


def test_the_customer_approves_the_plan_and_watches_the_checks_pass(
    sim: str, web: str, chromium: Browser, build_dir: Path
) -> None:
    watch = pages.Watch()
    operator, customer = pages.operator_and_customer(chromium, watch)

    pages.log_in(operator, web)
    operator.check("#provision")
    link = pages.invite(operator, web, "hvu", build_dir / "provision-1-invite.png")
    pages.begin(customer, link)
    customer.click("#set-up-account")
    for field, value in {
        "base_url": sim,
        "app_id": str(CONFIG.app_id),
        "timezone": CONFIG.time_zone,
        "username": CONFIG.username,
        "admin_beid": CONFIG.beid,
        "admin_key": CONFIG.web_services_key,
    }.items():
        customer.fill(f"#p-{field}", value)
    customer.click("#show-plan")
    customer.wait_for_selector("#plan-steps")
    customer.screenshot(path=str(build_dir / "provision-2-plan.png"), full_page=True)
    assert "activate the account" in customer.inner_text("#plan-steps")
    customer.fill("#p-password", CONFIG.password)
    customer.click("#approve")
    customer.wait_for_selector("#checks[data-done=true]", timeout=180_000)
    customer.screenshot(path=str(build_dir / "provision-3-checks.png"), full_page=True)
    assert customer.is_visible("#set-up")
    assert [c for c in pages.shown_checks(customer) if c.status == "fail"] == []
    assert customer.inner_text("#run-status").startswith("All checks passed")
    watch.assert_clean([CONFIG.beid, CONFIG.web_services_key, CONFIG.password])
    operator.context.close()
    customer.context.close()

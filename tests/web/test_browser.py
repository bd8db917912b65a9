"""The web flow in Debian's Chromium, on the real catalog with stand-in checks, sync and
report (``fakes``): operator login, invite, a customer's wrong password failing exactly one
check with its step, the fix, every check passing, a sync and the report. Screenshots go to
build/web-*.png. The same flow against the simulated tenant is ``test_browser_e2e``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.settings import WebSettings

from . import pages
from .fakes import GOOD_PASSWORD, services
from .harness import OPERATOR, OPERATOR_PASSWORD, SECRETS
from .live import listening_socket, serving

pytestmark = pytest.mark.browser
FORM = {
    "base_url": "http://127.0.0.1:9/TDWebApi",
    "app_id": "627",
    "username": "cioanalytics",
    "timezone": "America/Chicago",
}


@pytest.fixture
def web(catalogs: Catalogs) -> Iterator[str]:
    """The app on the fakes, served on 127.0.0.1 (its catalog: the ``catalogs`` fixture)."""
    sock = listening_socket()
    port = sock.getsockname()[1]
    settings = WebSettings(port=port, allow_insecure_localhost=True)
    app = create_app(settings, services(catalogs), catalogs=catalogs)
    app.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    with serving(app, sock) as base:
        yield base


def test_onboarding_in_the_browser(chromium: Browser, web: str, build_dir: Path) -> None:
    watch = pages.Watch()
    operator, customer = pages.operator_and_customer(chromium, watch)

    pages.log_in(operator, web)
    link = pages.invite(operator, web, "acme", build_dir / "web-1-invite.png")
    assert link.startswith(f"{web}/i/")

    pages.begin(customer, link)
    # Conditional fields: the admin key fields appear only for the admin login.
    assert not customer.is_visible("#f-beid")
    customer.select_option("#f-auth_mode", "admin")
    assert customer.is_visible("#f-beid")
    pages.fill_teamdynamix(customer, {**FORM, "password": "wrong-Pa55word-1"})
    customer.screenshot(path=str(build_dir / "web-2-form.png"), full_page=True)

    failing = pages.save_and_test(customer)
    assert [(c.id, c.status) for c in failing] == [
        ("reachable", "pass"),
        ("auth", "fail"),
        ("search", "skipped"),
    ]
    assert failing[1].step == "Step 5: Configure API authentication"
    assert customer.inner_text("#run-status").startswith("1 check failed. Fix what it says")
    customer.screenshot(path=str(build_dir / "web-3-checks-failing.png"), full_page=True)

    pages.back_to_form(customer)
    assert customer.input_value("#f-password") == ""  # never rendered back
    assert customer.is_visible("#stored-password")
    customer.fill("#f-password", GOOD_PASSWORD)
    passing = pages.save_and_test(customer)
    assert {c.status for c in passing} == {"pass"}
    assert customer.inner_text("#run-status") == "All checks passed."
    customer.screenshot(path=str(build_dir / "web-4-checks-passing.png"), full_page=True)

    report = pages.sync_and_open_report(operator, web, "acme", build_dir)
    assert "Report acme" in report
    watch.assert_clean(SECRETS)
    operator.context.close()
    customer.context.close()

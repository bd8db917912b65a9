"""In Chromium, a run that ends with a warning while the page follows it (the script's path,
not the server's): the headline says "Passed with 1 warning", in the warning style, with what
the warning means for the data."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from ticketlake.catalog import Connection
from ticketlake.checks import CheckOptions, CheckReport, OnResult
from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.settings import WebSettings

from . import pages
from .fakes import GOOD_PASSWORD, services
from .harness import OPERATOR, OPERATOR_PASSWORD
from .live import listening_socket, serving
from .test_browser import FORM
from .test_verdict_pages import CONSEQUENCE, partly_visible

pytestmark = pytest.mark.browser


class GatedRunner:
    """``partly_visible``, held back until the test has the page following the run."""

    def __init__(self) -> None:
        self.gate = threading.Event()

    async def __call__(
        self, connection: Connection, options: CheckOptions, on_result: OnResult
    ) -> CheckReport:
        await asyncio.to_thread(self.gate.wait, 60)
        return await partly_visible(connection, options, on_result)


@pytest.fixture
def gated() -> GatedRunner:
    return GatedRunner()


@pytest.fixture
def web(gated: GatedRunner) -> Iterator[str]:
    sock = listening_socket()
    catalogs = Catalogs()
    settings = WebSettings(port=sock.getsockname()[1], allow_insecure_localhost=True)
    app = create_app(settings, services(catalogs, gated), catalogs=catalogs)
    app.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    with serving(app, sock) as base:
        yield base


def test_a_followed_run_that_warns_is_headed_as_a_warning(
    chromium: Browser,
    web: str,
    gated: GatedRunner,
    build_dir: Path,
) -> None:
    clipboard = ["clipboard-read", "clipboard-write"]  # the invite's copy button
    operator = chromium.new_context(permissions=clipboard).new_page()
    customer = chromium.new_context().new_page()
    pages.log_in(operator, web)
    link = pages.invite(operator, web, "acme", build_dir / "web-verdict-invite.png")
    pages.begin(customer, link)
    pages.fill_teamdynamix(customer, {**FORM, "password": GOOD_PASSWORD})
    customer.click("#save-and-test")
    customer.wait_for_selector("#checks[data-done=false]")  # the script follows the run
    gated.gate.set()
    customer.wait_for_selector("#checks[data-done=true]", timeout=60_000)
    status = customer.locator("#run-status")
    assert status.inner_text() == (
        "Passed with 1 warning. A sync can run now, but its data will be as the warnings say. "
        "Fix what it says, then save and test again."
    )
    assert "warning" in (status.get_attribute("class") or "").split()
    assert customer.locator("#run-consequences li").all_inner_texts() == [CONSEQUENCE]
    customer.screenshot(path=str(build_dir / "web-verdict-warning.png"), full_page=True)

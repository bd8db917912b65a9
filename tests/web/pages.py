"""Steps of the onboarding flow in a real browser (Playwright), shared by the browser tests.

Waits are Playwright's own (for a selector, a URL, a response): nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, Response

from .harness import OPERATOR, OPERATOR_PASSWORD


@dataclass(frozen=True)
class Shown:
    """One check as the page shows it."""

    id: str
    status: str
    title: str
    step: str


class Watch:
    """Every response a browser context received, kept for a scan for secrets."""

    def __init__(self) -> None:
        self.bodies: list[str] = []

    def __call__(self, response: Response) -> None:
        kind = response.headers.get("content-type", "")
        if kind.startswith(("text/", "application/json")) and response.status < 300:
            self.bodies.append(response.text())

    def assert_clean(self, secrets: Sequence[str]) -> None:
        assert self.bodies, "no responses were watched"
        for body in self.bodies:
            for secret in secrets:
                assert secret not in body, "a secret came back to the browser"


def operator_and_customer(browser: Browser, watch: Watch) -> tuple[Page, Page]:
    """An operator's page (allowed the clipboard, for the invite link) and a customer's, each
    in a context of its own whose every response ``watch`` keeps."""
    operator_ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    customer_ctx = browser.new_context()
    for ctx in (operator_ctx, customer_ctx):
        ctx.on("response", watch)
    return operator_ctx.new_page(), customer_ctx.new_page()


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/connections")
    page.fill("#name", OPERATOR)
    page.fill("#password", OPERATOR_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/connections")


def invite(page: Page, base: str, connection: str, shot: Path) -> str:
    """Create an invite, copy its link with the button, return the link."""
    page.select_option("#source", "teamdynamix")
    page.fill("#connection", connection)
    page.fill("#hours", "48")
    page.click("#create-invite")
    page.wait_for_selector("#invite-link")
    link = page.input_value("#invite-link")
    page.click("#copy-link")
    page.wait_for_selector("#copy-link:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == link
    page.screenshot(path=str(shot), full_page=True)
    return link


def begin(page: Page, link: str) -> None:
    page.goto(link)
    page.click("#begin")
    page.wait_for_selector("#connection-form")


def fill_teamdynamix(page: Page, values: dict[str, str]) -> None:
    """Fill the generated form (password login); only the given fields are touched."""
    page.select_option("#f-auth_mode", "password")
    for name, value in values.items():
        page.fill(f"#f-{name}", value)


def save_and_test(page: Page) -> list[Shown]:
    """Press Save and test and wait for the last check; return the checks as shown."""
    page.click("#save-and-test")
    page.wait_for_selector("#checks")
    page.wait_for_selector("#checks[data-done=true]", timeout=180_000)
    return shown_checks(page)


def shown_checks(page: Page) -> list[Shown]:
    checks = []
    for item in page.query_selector_all("#check-list li.check"):
        step = item.query_selector(".fix .step")
        checks.append(
            Shown(
                id=item.get_attribute("data-check") or "",
                status=(item.get_attribute("class") or "").split()[-1],
                title=item.query_selector(".check-title").inner_text(),  # type: ignore[union-attr]
                step=step.inner_text() if step else "",
            )
        )
    return checks


def back_to_form(page: Page) -> None:
    page.click("text=Back to the form")
    page.wait_for_selector("#connection-form")


def sync_and_open_report(
    page: Page, base: str, connection: str, shots: Path, prefix: str = "web"
) -> str:
    """Start a sync, wait for its run to be listed, open the report; return its text."""
    page.goto(f"{base}/connections/{connection}")
    page.click("#start-sync")
    page.wait_for_selector(
        "#sync-runs .badge.pass, #sync-runs .badge.fail, #sync-error", timeout=600_000
    )
    page.screenshot(path=str(shots / f"{prefix}-5-connection.png"), full_page=True)
    assert not page.is_visible("#sync-error"), page.inner_text("#sync-error")
    newest = page.inner_text("#sync-runs tbody tr:first-child .badge")
    assert newest.lower() == "ok", f"the sync did not succeed: {page.inner_text('main')[:500]}"
    page.click("#open-report")
    page.wait_for_load_state("load")
    page.screenshot(path=str(shots / f"{prefix}-6-report.png"), full_page=True)
    return page.inner_text("body")

"""The connection page follows a running sync in Chromium without reloading: its live part is
swapped in from each heartbeat, and the page reloads once, when the sync has ended.
Screenshot: build/web-7-live-sync.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from ticketlake.catalog import submit_new
from ticketlake.catalog.lease import Leases
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.secret import Secret
from ticketlake.web.catalogs import Catalogs

from . import pages
from .test_browser import FORM, web  # noqa: F401 - the fixture
from .test_live import progress

pytestmark = pytest.mark.browser


def test_the_page_follows_a_running_sync_without_reloading(
    chromium: Browser,
    web: str,  # noqa: F811 - the fixture
    catalogs: Catalogs,
    build_dir: Path,
) -> None:
    values = {**FORM, "auth_mode": "password", "password": Secret("any-Pa55word")}
    policy = NetworkPolicy(allow_insecure_localhost=True)
    submit_new(catalogs.get(), "teamdynamix", "acme", values, policy=policy)
    page = chromium.new_context().new_page()
    pages.log_in(page, web)
    catalog = catalogs.get()
    leases = Leases(catalog)
    lease = leases.acquire("acme", actor="cli:bob")  # `ticketlake sync acme` in a terminal
    leases.renew(lease, progress())
    page.goto(f"{web}/connections/acme")
    assert "5,123 rows written" in page.inner_text("#live-summary")
    page.evaluate("window.notReloaded = true")

    later = progress(rows=9000, throttled=3, eta_seconds=600.0, eta_wall_seconds=10.0)
    later["streams"]["ticket_details"].update(done=2700, rows=6000, throttled=3)
    leases.renew(lease, later)
    page.wait_for_selector("#live-summary:has-text('9,000 rows written')", timeout=20_000)
    assert page.evaluate("window.notReloaded") is True  # swapped in, not reloaded
    row = page.inner_text("#live-streams tr[data-stream=ticket_details]")
    assert "2,700 of 3,000 (90 %)" in row
    assert (
        page.get_attribute("#live-streams tr[data-stream=ticket_details] progress", "value") == "90"
    )
    run = page.inner_text("#sync-runs tbody tr:first-child")
    assert "9000 so far" in run  # the run's row follows too, not "0 rows" until the end
    assert "ETA: about 10 s (10 min 00 s of the simulator's time)" in page.inner_text(
        "#live-summary"
    )
    page.screenshot(path=str(build_dir / "web-7-live-sync.png"), full_page=True)

    catalog.history.finish_run(
        lease.run_id, ok=True, rows=9000, calls=400, throttled=3, errors=0,
        detail={"stored": {"tickets": 3000}},
    )  # fmt: skip
    leases.release(lease)
    page.wait_for_selector("#sync-runs .badge.pass", timeout=20_000)
    assert page.evaluate("window.notReloaded") is None  # reloaded once, at the end
    assert not page.is_visible("#live-sync")
    assert page.inner_text("#stored-rows tr[data-table=tickets]").split() == ["tickets", "3,000"]

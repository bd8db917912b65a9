"""An Autotask invite, end to end in the web flow: the customer's Save and test runs the real
Autotask checks against a simulated tenant (in-process), the page shows each check as it
finishes, a failure names the seed-002 step that fixes it, and re-testing after the fix
passes. The verdict is the same everywhere (``checks.verdict``)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from tests.pinned import AS_OF, CLOCK_START
from ticketlake.catalog import Catalog
from ticketlake.checks import CheckOptions
from ticketlake.connectors.autotask.checks import CHECK_IDS
from ticketlake.connectors.autotask.zone import forget_zones
from ticketlake.sim import autotask as sim
from ticketlake.transport import FakeClock
from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.settings import WebSettings
from ticketlake.web.wiring import services

from .clock import ManualClock
from .flow import customer_for, finish
from .harness import OPERATOR, OPERATOR_PASSWORD, Browser, resolver, run_id

pytestmark = pytest.mark.anyio


@pytest.fixture
def tenant() -> sim.Tenant:
    forget_zones()
    clock = FakeClock(CLOCK_START)
    return sim.Tenant(sim.SimConfig(tickets=120, seed=3, as_of=AS_OF, clock=clock,
                                    sleep=clock.sleep))  # fmt: skip


@pytest.fixture
def app(catalogs: Catalogs, clock: ManualClock, tenant: sim.Tenant) -> FastAPI:
    options = CheckOptions(
        http_transport=httpx.ASGITransport(app=sim.create_app(tenant=tenant)),
        clock=tenant.clock,
    )
    settings = WebSettings(clock=clock, resolver=resolver, allow_insecure_localhost=True)
    application = create_app(settings, services(catalogs, check_options=options),
                             catalogs=catalogs)  # fmt: skip
    application.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    return application


def form(secret: str = sim.DEFAULT_SECRET) -> dict[str, str | list[str]]:
    """The Autotask form as the customer fills it in for the simulated tenant."""
    return {
        "api_username": sim.DEFAULT_USERNAME,
        "api_secret": secret,
        "api_tracking_identifier": sim.DEFAULT_INTEGRATION_CODE,
        "zone_url": "",
        "discovery_url": "http://127.0.0.1/ATServicesRest",
        "budget_share": "50",
    }


async def test_save_and_test_runs_every_autotask_check_and_passes(
    browsers: Callable[[], Browser], catalog: Catalog, tenant: sim.Tenant
) -> None:
    operator, customer = await customer_for(browsers, "northwind", "autotask")
    run = run_id(await customer.post_form("/connect", form()))
    checks = await finish(customer, run)
    assert [c["id"] for c in checks] == list(CHECK_IDS)
    assert {c["status"] for c in checks} == {"pass"}
    page = await customer.get(f"/connect/checks/{run}")
    assert "All checks passed." in page.text
    assert "Not verified" not in page.text
    assert "Zone found for the API user name" in page.text
    listed = await operator.get("/connections")
    assert "northwind" in listed.text
    assert "passed" in listed.text
    # The connection page shows the first sync's preview: the plan and the tenant budget.
    connection = " ".join((await operator.get("/connections/northwind")).text.split())
    assert "<th>tenant budget</th><td>5,000 calls an hour (50 % of the tenant&#39;s 10,000)" in (
        connection
    )
    assert "<th>backfill ETA</th>" in connection
    [stored] = catalog.history.reports("northwind", limit=1)
    assert stored.ok
    assert tenant.writes == []


async def test_a_wrong_secret_fails_with_its_step_and_a_retest_after_the_fix_passes(
    browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    _, customer = await customer_for(browsers, "northwind", "autotask")
    run = run_id(await customer.post_form("/connect", form(secret="s3cret-Pa55word-ok")))
    checks = {c["id"]: c for c in await finish(customer, run)}
    assert checks["authentication"]["status"] == "fail"
    assert checks["authentication"]["step"].startswith(
        "API user (Creating a new API user), step 4:"
    )
    page = await customer.get(f"/connect/checks/{run}")
    assert "1 check failed." in page.text
    assert "ticketlake connections edit northwind --secret api_secret" in page.text
    # The customer types the right secret and saves again: everything passes.
    again = run_id(await customer.post_form("/connect", form()))
    assert {c["status"] for c in await finish(customer, again)} == {"pass"}
    assert catalog.history.reports("northwind", limit=1)[0].ok


async def test_the_customer_and_the_operator_re_test_with_the_same_verdict(
    browsers: Callable[[], Browser], tenant: sim.Tenant
) -> None:
    operator, customer = await customer_for(browsers, "northwind", "autotask")
    await finish(customer, run_id(await customer.post_form("/connect", form())))
    # The tenant gets busy: other integrations now use most of its hour.
    tenant.budget.other_rph = 8_500
    started = await customer.api("POST", "/api/invite/check-runs", token_from="/connect")
    assert started.status_code == 202, started.text
    checks = {c["id"]: c["status"] for c in await finish(customer, started.json()["id"])}
    assert checks["threshold"] == "warn"
    retested = await operator.post_form(
        "/connections/northwind/check", {}, token_from="/connections/northwind"
    )
    location = retested.headers["location"]
    await finish(operator, location.rsplit("/", 1)[1])
    assert "Passed with 1 warning." in (await operator.get(location)).text
    connection = await operator.get("/connections/northwind")
    assert "passed with 1 warning" in connection.text
    assert tenant.writes == []

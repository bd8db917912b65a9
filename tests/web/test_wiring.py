"""The real adapters behind the web's seams: checks of a source without checks, the sync
engine's absence, the report of a connection with no data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI

from ticketlake.catalog import Catalog
from ticketlake.cli.serve import build_app
from ticketlake.connectors.base import Connector
from ticketlake.errors import ConfigError
from ticketlake.sync import saved
from ticketlake.transport import ScaledClock
from ticketlake.web.app import create_app
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.settings import WebSettings
from ticketlake.web.syncs import SyncLauncher
from ticketlake.web.wiring import EngineSyncer, StoreReporter, services

from .clock import ManualClock
from .flow import customer_for, finish
from .harness import OPERATOR, OPERATOR_PASSWORD, Browser, resolver, run_id

pytestmark = pytest.mark.anyio
TEAMWORK = {
    "api_type": "desk",
    "api_version": "v2",
    "region": "eu",
    "site_name": "acme",
    "auth_type": "basic",
    "api_key": "tw-api-key-8c1f0e",
}


@pytest.fixture
def app(clock: ManualClock) -> FastAPI:
    catalogs = Catalogs()
    settings = WebSettings(clock=clock, resolver=resolver)
    application = create_app(settings, services(catalogs), catalogs=catalogs)
    application.state.web.operators.add(OPERATOR, OPERATOR_PASSWORD)
    return application


async def test_source_without_checks_is_reported_as_not_verified(
    browsers: Callable[[], Browser],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # whichever sources have checks today: the registry is shown one that has none
    monkeypatch.setattr("ticketlake.checks.find_runner", lambda source: None)
    _, customer = await customer_for(browsers, "acme-tw", "teamwork")
    saved = await customer.post_form("/connect", TEAMWORK)
    run = run_id(saved)
    assert await finish(customer, run) == []
    body = (await customer.get(f"/api/check-runs/{run}")).json()
    assert (body["done"], body["ok"]) == (True, False)
    assert "no checks exist for teamwork connections yet" in body["note"]
    page = await customer.get(f"/connect/checks/{run}")
    assert "Not verified: no checks exist for teamwork connections yet" in page.text


async def test_engine_records_a_failed_run_for_a_source_it_cannot_sync(
    app: FastAPI,
    browsers: Callable[[], Browser],
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unknown(source: str) -> Connector:
        raise ConfigError(f"ticketlake cannot sync {source!r} connections yet")

    # every source syncs today: the engine is shown one it has no connector for
    monkeypatch.setattr("ticketlake.sync.run.connector_for", unknown)
    app.state.web.syncs = SyncLauncher(EngineSyncer(app.state.web.catalogs))
    operator, customer = await customer_for(browsers, "acme-tw", "teamwork")
    await customer.post_form("/connect", TEAMWORK)
    await operator.post_form("/connections/acme-tw/sync", {}, token_from="/connections/acme-tw")
    await app.state.web.syncs.wait("acme-tw")
    page = await operator.get("/connections/acme-tw")
    assert "ticketlake cannot sync &#39;teamwork&#39; connections yet" in page.text
    runs = catalog.history.runs("acme-tw")
    assert [(r.status, r.errors) for r in runs] == [("failed", 1)]


LOOPBACK = "http://127.0.0.1:8750/TDWebApi"
PUBLIC = "https://acme.teamdynamix.com/TDWebApi"


def test_served_checks_run_on_a_simulators_clock_and_a_real_tenants_in_real_time() -> None:
    app = build_app(WebSettings(), time_scale=60.0)
    checker = app.state.web.services.checker
    simulated = checker.options_for(LOOPBACK).clock
    assert isinstance(simulated, ScaledClock)
    assert simulated.scale == 60.0  # as `ticketlake check` does; they ran in real time before
    assert checker.options_for(PUBLIC).clock is None


async def test_a_served_sync_applies_the_time_scale_per_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``serve --time-scale 60`` must not pace a real tenant 60 times too fast (every window
    would end in 429s): the sync chooses its clock per connection, as ``ticketlake sync``."""
    calls: list[dict[str, Any]] = []

    async def recorded(catalog: Catalog, name: str, **options: Any) -> Any:
        calls.append(options)
        return SimpleNamespace(ok=True, error=None)

    monkeypatch.setattr(saved, "sync_saved", recorded)
    app = build_app(WebSettings(), time_scale=60.0)
    await app.state.web.services.syncer.sync("acme", actor="web:operator:alice")
    (options,) = calls
    assert options["clock"] is None  # not one scaled clock for every tenant
    assert options["time_scale"].clock_for(PUBLIC) is None
    assert isinstance(options["time_scale"].clock_for(LOOPBACK), ScaledClock)


def test_report_of_a_connection_without_data_is_none() -> None:
    assert StoreReporter().render("acme") is None


def test_report_of_a_connection_with_data_is_the_analytics_report() -> None:
    # The analytics tests' hand-made desk (connection "acme"), written to the default store.
    from tests.analytics import desk
    from tests.analytics.filled import fill_default_store

    fill_default_store(desk)
    html = StoreReporter().render("acme")
    assert html is not None
    assert "<svg" in html
    assert "<script" not in html


def test_the_web_report_carries_the_caveat_of_the_last_check(tmp_path: Path) -> None:
    # As `ticketlake report` does: a check that warned about what the account sees heads it.
    from tests.analytics import desk
    from tests.analytics.filled import fill_default_store
    from tests.catalog.samples import tdx_submission
    from ticketlake.web.catalogs import Catalogs

    fill_default_store(desk)
    catalogs = Catalogs(f"sqlite:///{tmp_path / 'catalog.db'}")
    catalog = catalogs.get()
    catalog.create("acme", tdx_submission())
    warned = {"id": "visibility", "status": "warn", "summary": "the account sees 3 tickets"}
    catalog.history.save_report("acme", {"checks": [warned]}, ok=True)
    html = StoreReporter(catalogs=catalogs).render("acme")
    catalogs.close()
    assert html is not None
    assert '<aside class="caveat"' in html
    assert "The last check warned: the account sees 3 tickets" in html

"""``/metrics``: per connection syncs by outcome, rows, calls, 429s, failures and lag, in
Prometheus's text format; and the worker refusing the embedded store with the reason."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from typer.testing import CliRunner

from ticketlake.catalog import Catalog
from ticketlake.cli.main import _mount, app
from ticketlake.scale.health import Health
from ticketlake.scale.metrics import CatalogCollector
from ticketlake.scale.settings import ScaleSettings
from ticketlake.scale.slice import SliceOutcome


def test_metrics_read_the_catalogs_runs_and_health(catalog: Catalog) -> None:
    run = catalog.history.start_run("acme")
    catalog.history.finish_run(run, ok=True, rows=120, calls=7, throttled=1, errors=0)
    Health(ScaleSettings(), now=lambda: 1000.0, alert=lambda a, s: None).record_in(
        catalog, SliceOutcome("acme", "done")
    )
    registry = CollectorRegistry()
    registry.register(CatalogCollector(f"sqlite:///{catalog_path()}"))
    text = generate_latest(registry).decode()
    assert 'ticketlake_syncs_total{connection="acme",status="ok"} 1.0' in text
    assert 'ticketlake_rows_total{connection="acme"} 120.0' in text
    assert 'ticketlake_throttled_total{connection="acme"} 1.0' in text
    assert 'ticketlake_failures_in_a_row{connection="acme"} 0.0' in text
    assert 'ticketlake_lag_seconds{connection="acme"}' in text


def test_a_worker_on_the_embedded_store_says_why_not() -> None:
    _mount()
    result = CliRunner().invoke(app, ["worker"], env={"TICKETLAKE_REDIS_URL": "redis://x"})
    assert result.exit_code != 0
    assert "workers need Postgres" in str(result.exception)


def catalog_path() -> str:
    from ticketlake import config

    return str(config.home() / "catalog.db")

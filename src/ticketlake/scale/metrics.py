"""``/metrics`` in Prometheus's format (prometheus-client): per connection, the syncs by how
they ended, rows, calls and 429s (summed over the catalog's runs), failures in a row, whether a
sync runs or waits, and the lag since its last success. Read from the catalog at each scrape, so
any process (the scheduler) can serve it for every worker."""

from __future__ import annotations

import time
from collections.abc import Iterator

from prometheus_client import start_http_server
from prometheus_client.core import REGISTRY, CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ticketlake.catalog import Catalog, open_catalog
from ticketlake.scale.status import collect

_RUNS = (
    "SELECT c.name, r.status, count(*), COALESCE(sum(r.rows_written), 0), "
    "COALESCE(sum(r.calls), 0), COALESCE(sum(r.throttled), 0) FROM catalog_sync_runs r "
    "JOIN catalog_connections c ON c.id = r.connection_id GROUP BY c.name, r.status"
)


def families(catalog: Catalog, now: float) -> list[Metric]:
    """Every metric, as of ``now``."""
    syncs = CounterMetricFamily(
        "ticketlake_syncs", "Sync runs by outcome", labels=["connection", "status"]
    )
    rows = CounterMetricFamily("ticketlake_rows", "Rows committed", labels=["connection"])
    calls = CounterMetricFamily("ticketlake_calls", "Calls to the source", labels=["connection"])
    throttled = CounterMetricFamily(
        "ticketlake_throttled", "Calls answered 429", labels=["connection"]
    )
    totals: dict[str, list[float]] = {}
    with catalog.db.transaction() as tx:
        for name, status, count, written, sent, refused in tx.rows(_RUNS):
            syncs.add_metric([name, status], float(count))
            total = totals.setdefault(name, [0.0, 0.0, 0.0])
            for i, value in enumerate((written, sent, refused)):
                total[i] += float(value)
    for name, (written, sent, refused) in totals.items():
        rows.add_metric([name], written)
        calls.add_metric([name], sent)
        throttled.add_metric([name], refused)
    failures = GaugeMetricFamily(
        "ticketlake_failures_in_a_row", "Consecutive failed syncs", labels=["connection"]
    )
    running = GaugeMetricFamily("ticketlake_running", "1 while a sync runs", labels=["connection"])
    lag = GaugeMetricFamily(
        "ticketlake_lag_seconds", "Seconds since the last successful sync", labels=["connection"]
    )
    for s in collect(catalog, None):
        failures.add_metric([s.connection], s.failures)
        running.add_metric([s.connection], 1.0 if s.state == "running" else 0.0)
        if s.last_success_at is not None:
            lag.add_metric([s.connection], now - s.last_success_at)
    return [syncs, rows, calls, throttled, failures, running, lag]


class CatalogCollector(Collector):
    """Collects ``families`` from the catalog at ``url`` at each scrape."""

    def __init__(self, url: str | None) -> None:
        self._url = url

    def collect(self) -> Iterator[Metric]:
        """The metrics now."""
        with open_catalog(self._url, actor="metrics") as catalog:
            yield from families(catalog, time.time())


def serve_metrics(port: int, url: str | None, host: str = "127.0.0.1") -> None:
    """Serve ``/metrics`` from a background thread."""
    REGISTRY.register(CatalogCollector(url))
    start_http_server(port, addr=host)

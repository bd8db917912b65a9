"""The real checks, sync and report behind the web app's seams (``ticketlake.web.ports``).

``services()`` is what ``ticketlake serve`` runs with. Each adapter is small: it finds the
connection in the catalog, calls the module that does the work, and leaves the record of it
in the catalog (reports, sync runs) where the CLI finds it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ticketlake.checks import CheckOptions, CheckResult, CheckRunner, run_checks_async
from ticketlake.checks.verdict import save_report
from ticketlake.errors import ConfigError, TicketlakeError
from ticketlake.transport import Clock
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.context import Services
from ticketlake.web.ports import CheckOutcome


class CatalogChecker:
    """Runs ``ticketlake.checks`` on a saved connection and stores the report."""

    def __init__(
        self,
        catalogs: Catalogs,
        options: CheckOptions | None = None,
        runner: CheckRunner | None = None,
    ) -> None:
        self._catalogs = catalogs
        self._options = options or CheckOptions()
        self._runner = runner

    async def run(
        self, connection: str, *, actor: str, on_result: Callable[[CheckResult], None]
    ) -> CheckOutcome:
        """Every check of the connection's source, each reported as it completes."""
        catalog = self._catalogs.get()
        conn = catalog.get(connection, actor=actor)
        report = await run_checks_async(
            conn, self._options, on_result=on_result, runner=self._runner
        )
        save_report(catalog, report, actor=actor)
        return CheckOutcome(report.ok, "" if report.available else report.note)


class StoreReporter:
    """The analytics report of a connection, rendered from the data store."""

    def __init__(self, store_url: str | None = None) -> None:
        self._store_url = store_url

    def render(self, connection: str) -> str | None:
        """The report's HTML, or ``None`` when the store holds nothing for the connection."""
        from ticketlake.analytics.report import render
        from ticketlake.analytics.scope import resolve_scope
        from ticketlake.analytics.views import install_views
        from ticketlake.store import open_store

        store = open_store(self._store_url)
        try:
            install_views(store)
            try:
                scope = resolve_scope(store, connection, None, None, None)
            except ConfigError:
                return None  # no tickets of this connection yet
            return render(store, scope, dt.datetime.now(dt.UTC))
        finally:
            store.close()


class EngineSyncer:
    """Runs ``ticketlake.sync`` on a saved connection and records the run in the catalog."""

    def __init__(
        self, catalogs: Catalogs, *, store_url: str | None = None, clock: Clock | None = None
    ) -> None:
        self._catalogs = catalogs
        self._store_url = store_url
        self._clock = clock

    async def sync(self, connection: str, *, actor: str) -> None:
        """One incremental sync; the run (rows, calls, 429s, errors) goes to the catalog."""
        from ticketlake.sync.saved import sync_saved

        summary = await sync_saved(
            self._catalogs.get(),
            connection,
            actor=actor,
            store_url=self._store_url,
            clock=self._clock,
        )
        if not summary.ok:
            raise TicketlakeError(
                f"the sync finished with failures: {summary.error}",
                fix="see the run's streams on the connection page, then start the sync again",
            )


def services(
    catalogs: Catalogs,
    *,
    check_options: CheckOptions | None = None,
    sync_clock: Clock | None = None,
) -> Services:
    """The real checks, sync and report (``sync_clock``: a ``ScaledClock`` against a
    simulated tenant that runs faster than real time)."""
    return Services(
        checker=CatalogChecker(catalogs, check_options),
        syncer=EngineSyncer(catalogs, clock=sync_clock),
        reporter=StoreReporter(),
    )

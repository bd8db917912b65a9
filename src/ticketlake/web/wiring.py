"""The real checks, sync and report behind the web app's seams (``ticketlake.web.ports``).

``services()`` is what ``ticketlake serve`` runs with. Each adapter is small: it finds the
connection in the catalog, calls the module that does the work, and leaves the record of it
in the catalog (reports, sync runs) where the CLI finds it too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from ticketlake.checks import CheckOptions, CheckResult, CheckRunner, run_checks_async
from ticketlake.checks.verdict import save_report
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.errors import ConfigError, TicketlakeError
from ticketlake.provision import Wiring
from ticketlake.transport import Clock
from ticketlake.transport.timescale import TimeScale
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.context import Services
from ticketlake.web.ports import CheckOutcome


class CatalogChecker:
    """Runs ``ticketlake.checks`` on a saved connection and stores the report.

    With a ``time_scale`` (the server's ``--time-scale``), the checks of a connection to a
    simulator on loopback run on its clock, as ``ticketlake check`` does; any other connection
    is checked in real time."""

    def __init__(
        self,
        catalogs: Catalogs,
        options: CheckOptions | None = None,
        runner: CheckRunner | None = None,
        *,
        time_scale: TimeScale | None = None,
    ) -> None:
        self._catalogs = catalogs
        self._options = options or CheckOptions()
        self._runner = runner
        self._time_scale = time_scale

    def options_for(self, address: str) -> CheckOptions:
        """The check options for a connection whose credentials go to ``address``."""
        if self._options.clock is not None or self._time_scale is None or not address:
            return self._options
        return dataclasses.replace(self._options, clock=self._time_scale.clock_for(address))

    async def run(
        self, connection: str, *, actor: str, on_result: Callable[[CheckResult], None]
    ) -> CheckOutcome:
        """Every check of the connection's source, each reported as it completes."""
        catalog = self._catalogs.get()
        conn = catalog.get(connection, actor=actor)
        options = self.options_for(conn.spec.address(conn.settings))
        report = await run_checks_async(conn, options, on_result=on_result, runner=self._runner)
        save_report(catalog, report, actor=actor)
        return CheckOutcome(report.ok, "" if report.available else report.note)


class TenantProvisioner:
    """Provisioning reaches a tenant as the checks do: on the simulator's clock when the
    server runs with ``--time-scale`` and the tenant is a simulator on loopback."""

    def __init__(self, checker: CatalogChecker) -> None:
        self._checker = checker

    def wiring(self, address: str, policy: NetworkPolicy) -> Wiring:
        """The clock and transport for a tenant at ``address``."""
        options = self._checker.options_for(address)
        return Wiring(options.clock, options.http_transport, policy)


class StoreReporter:
    """The analytics report of a connection, rendered from the data store, with the caveat of
    its last check when it warned about what the account sees (as ``ticketlake report``)."""

    def __init__(self, store_url: str | None = None, catalogs: Catalogs | None = None) -> None:
        self._store_url = store_url
        self._catalogs = catalogs

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
            checks = self._catalogs.get().history if self._catalogs is not None else None
            return render(store, scope, dt.datetime.now(dt.UTC), checks=checks)
        finally:
            store.close()


class EngineSyncer:
    """Runs ``ticketlake.sync`` on a saved connection and records the run in the catalog.

    ``time_scale`` applies per connection, as in ``ticketlake sync``: only to a simulator on
    loopback (``ticketlake.transport.timescale``); ``clock`` (tests) applies to every one."""

    def __init__(
        self,
        catalogs: Catalogs,
        *,
        store_url: str | None = None,
        clock: Clock | None = None,
        time_scale: TimeScale | None = None,
    ) -> None:
        self._catalogs = catalogs
        self._store_url = store_url
        self._clock = clock
        self._time_scale = time_scale

    async def sync(self, connection: str, *, actor: str) -> None:
        """One incremental sync; the run (rows, calls, 429s, errors) goes to the catalog."""
        from ticketlake.sync.saved import sync_saved

        summary = await sync_saved(
            self._catalogs.get(),
            connection,
            actor=actor,
            store_url=self._store_url,
            clock=self._clock,
            time_scale=self._time_scale,
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
    time_scale: TimeScale | None = None,
) -> Services:
    """The real checks, sync and report (``time_scale``: the server's ``--time-scale``, for
    connections to a simulated tenant on loopback that runs faster than real time)."""
    checker = CatalogChecker(catalogs, check_options, time_scale=time_scale)
    return Services(
        checker=checker,
        syncer=EngineSyncer(catalogs, time_scale=time_scale),
        reporter=StoreReporter(catalogs=catalogs),
        provisioner=TenantProvisioner(checker),
    )

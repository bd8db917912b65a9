"""Stand-ins for the long-running parts (checks against a tenant, sync, report).

The web tests use the real catalog and vault; only these are replaced. The check runner keeps
the ``ticketlake.checks`` contract (a ``CheckRunner``): it decrypts the stored password like a
real check would and reports each check through ``on_result`` as it completes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ticketlake.catalog import Connection
from ticketlake.checks import (
    CheckOptions,
    CheckReport,
    CheckResult,
    CheckStatus,
    Evidence,
    OnResult,
)
from ticketlake.web.catalogs import Catalogs
from ticketlake.web.context import Services
from ticketlake.web.wiring import CatalogChecker

GOOD_PASSWORD = "s3cret-Pa55word-ok"
SKIPPED = CheckStatus.SKIPPED

AUTH_FAIL = CheckResult(
    "auth",
    "Authentication",
    CheckStatus.FAIL,
    "The service account could not log in.",
    (Evidence("POST", "api/auth", 401, "Invalid username or password.", 12.0),),
    "Re-enter the service account's password.",
    "Step 5: Configure API authentication",
)


@dataclass
class PasswordRunner:
    """Passes when the stored password is ``GOOD_PASSWORD``; otherwise authentication fails
    and the checks after it are skipped. With a ``gate``, each check waits for a token."""

    gate: asyncio.Queue[None] | None = None

    async def __call__(
        self, connection: Connection, options: CheckOptions, on_result: OnResult
    ) -> CheckReport:
        good = connection.secret("password", purpose="checks").reveal() == GOOD_PASSWORD
        plan = [
            CheckResult("reachable", "Base URL reachable", CheckStatus.PASS),
            CheckResult("auth", "Authentication", CheckStatus.PASS) if good else AUTH_FAIL,
            CheckResult(
                "search", "Ticket search", CheckStatus.PASS if good else CheckStatus.SKIPPED
            ),
        ]
        for result in plan:
            if self.gate is not None:
                await self.gate.get()
            on_result(result)
        now = datetime.now(UTC)
        return CheckReport(
            connection.name, connection.source, tuple(plan), started_at=now, finished_at=now
        )


SYNCED = {"stored": {"tickets": 600, "ticket_events": 634, "people": 0}}
"""What the fake sync leaves in the store: its 1,234 rows written counted tickets twice."""


@dataclass
class RecordingSyncer:
    """A sync that records one run with fixed accounting in the catalog."""

    catalogs: Catalogs
    started: list[str] = field(default_factory=list)
    hold: asyncio.Event | None = None
    """When set, a sync waits for this event before it finishes."""

    async def sync(self, connection: str, *, actor: str) -> None:
        self.started.append(connection)
        if self.hold is not None:
            await self.hold.wait()
        history = self.catalogs.get().history
        run = history.start_run(connection)
        history.finish_run(
            run, ok=True, rows=1234, calls=17, throttled=2, errors=0, detail=SYNCED, actor=actor
        )


@dataclass
class StaticReporter:
    """A report with one inline script once the connection has synced."""

    catalogs: Catalogs

    def render(self, connection: str) -> str | None:
        if not self.catalogs.get().history.runs(connection):
            return None
        return f"<html><body><h1>Report {connection}</h1><script>var x = 1;</script></body></html>"


def services(catalogs: Catalogs, runner: PasswordRunner | None = None) -> Services:
    """The fakes, on the given catalog."""
    return Services(
        checker=CatalogChecker(catalogs, runner=runner or PasswordRunner()),
        syncer=RecordingSyncer(catalogs),
        reporter=StaticReporter(catalogs),
    )

"""What the web app needs from checks, sync and report, as three small protocols.

Connections, secrets, reports and sync runs come straight from ``ticketlake.catalog`` and forms
from ``ticketlake.connectors.spec``; these seams are the long-running or optional parts.
``ticketlake.web.wiring`` plugs the real ones in; tests plug in their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ticketlake.checks import CheckResult
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.provision import Wiring


@dataclass(frozen=True)
class CheckOutcome:
    """How a verification ended (its report is in the catalog)."""

    ok: bool
    note: str = ""
    """Why nothing was verified, when no checks exist for the source."""


class Checker(Protocol):
    """Runs a connection's checks and stores the finished report in the catalog."""

    async def run(
        self, connection: str, *, actor: str, on_result: Callable[[CheckResult], None]
    ) -> CheckOutcome:
        """Run every check, calling ``on_result`` as each one completes."""


class Syncer(Protocol):
    """Runs syncs (which record their runs in the catalog)."""

    async def sync(self, connection: str, *, actor: str) -> None:
        """Run one sync of the connection to the end."""


class Reporter(Protocol):
    """Renders a connection's report."""

    def render(self, connection: str) -> str | None:
        """A self-contained HTML report, or ``None`` when there is no data yet."""


class Provisioner(Protocol):
    """How ``ticketlake.provision`` reaches a tenant (the clock and transport its checks use)."""

    def wiring(self, address: str, policy: NetworkPolicy) -> Wiring:
        """The wiring for a tenant at ``address``."""

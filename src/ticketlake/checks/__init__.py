"""Onboarding checks: the seam between saved connections and each source's checks.

A source provides its checks as ``ticketlake.connectors.<source>.checks`` with

    async def run(connection: Connection, options: CheckOptions, on_result: OnResult)
        -> CheckReport

calling ``on_result`` as each check finishes (for progress) and returning the full report.
``run_checks`` finds that module by convention; when a source has none yet, the report says
plainly that no checks exist (``available`` false, ``ok`` false), never a pass.

What every source's checks share lives beside this seam: ``runner.py`` (named checks run in
order, prerequisites skipped, unhandled errors failed with the check's own fix), ``outcome.py``
(pass, warn, fail), ``recorder.py`` (every call recorded as evidence), ``guide.py`` (the setup
guide's steps a fix cites) and ``commands.py`` (the real commands a fix names). A source keeps
only what it knows: which calls prove what, and which step of its guide fixes it.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ticketlake.checks.report import CheckReport, CheckResult, CheckStatus, Evidence
from ticketlake.checks.runner import OnResult

if TYPE_CHECKING:
    from ticketlake.catalog.connection import Connection

__all__ = [
    "CheckOptions",
    "CheckReport",
    "CheckResult",
    "CheckRunner",
    "CheckStatus",
    "Evidence",
    "OnResult",
    "find_runner",
    "run_checks",
    "run_checks_async",
]


@dataclass(frozen=True)
class CheckOptions:
    """How to run the checks; the defaults talk to the real tenant."""

    http_transport: Any = None
    """An ``httpx.AsyncBaseTransport`` (an in-process simulator in tests), or ``None``."""
    expected_tickets: int | None = None
    """A ticket count the customer can confirm (the Accts/Depts visibility check uses it)."""
    clock: Any = None
    """A transport ``Clock`` (``None``: wall time); tests share a fake one with the simulator."""


CheckRunner = Callable[["Connection", CheckOptions, OnResult], Awaitable[CheckReport]]


def find_runner(source: str) -> CheckRunner | None:
    """The ``run`` function of ``ticketlake.connectors.<source>.checks``, if that exists."""
    module_name = f"ticketlake.connectors.{source}.checks"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    runner: CheckRunner = module.run
    return runner


def _ignore(result: CheckResult) -> None:
    return None


async def run_checks_async(
    connection: Connection,
    options: CheckOptions | None = None,
    *,
    on_result: OnResult | None = None,
    runner: CheckRunner | None = None,
) -> CheckReport:
    """Run the checks of ``connection``'s source (or ``runner``); see the module docstring."""
    found = runner or find_runner(connection.source)
    if found is None:
        now = datetime.now(UTC)
        return CheckReport(
            connection=connection.name,
            source=connection.source,
            available=False,
            note=f"no checks exist for {connection.source} connections yet: nothing was verified",
            started_at=now,
            finished_at=now,
        )
    return await found(connection, options or CheckOptions(), on_result or _ignore)


def run_checks(
    connection: Connection,
    options: CheckOptions | None = None,
    *,
    on_result: OnResult | None = None,
    runner: CheckRunner | None = None,
) -> CheckReport:
    """``run_checks_async`` for synchronous callers (the CLI)."""
    return asyncio.run(run_checks_async(connection, options, on_result=on_result, runner=runner))

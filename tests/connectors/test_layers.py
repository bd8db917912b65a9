"""A connector yields canonical records; where they land is the store's business. So nothing a
connector loads reaches the store, and the records' floor stands on the model alone."""

from __future__ import annotations

import subprocess
import sys

import pytest


def loaded_by(module: str, *, prefixes: tuple[str, ...]) -> list[str]:
    """The modules under ``prefixes`` that importing ``module`` loads (in a fresh process)."""
    code = (
        f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return [m.strip(" '") for m in found.strip().strip("[]").split(",") if m.strip()]


@pytest.mark.parametrize(
    "module",
    [
        "ticketlake.connectors.teamdynamix",
        "ticketlake.connectors.teamdynamix.checks",
        "ticketlake.connectors.autotask",
        "ticketlake.connectors.autotask.checks",
        "ticketlake.connectors.teamwork.checks",
    ],
)
def test_a_connector_loads_nothing_of_the_store(module: str) -> None:
    assert loaded_by(module, prefixes=("ticketlake.store",)) == []


def test_the_records_floor_loads_only_the_model() -> None:
    above = ("ticketlake.store", "ticketlake.connectors", "ticketlake.sync", "ticketlake.transport")
    assert loaded_by("ticketlake.records", prefixes=above) == []

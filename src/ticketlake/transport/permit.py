"""What every budget hands out and shows: a ``Permit`` to send one call, a ``BudgetState``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Permit:
    """Leave to send one call: its sequence number in the budget and the time spent waiting."""

    seq: int
    waited: float


@dataclass(frozen=True)
class BudgetState:
    """A snapshot of one budget (for progress displays and tests)."""

    key: str
    limit: int | None
    """The calls a period allows this client now (a shared budget: what the others leave)."""
    used: int
    reset_at: float | None
    closed: bool

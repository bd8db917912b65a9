"""What the checks learn of a first sync: its plan and what its probes saw of the tickets."""

from __future__ import annotations

from dataclasses import dataclass, field

from ticketlake.connectors.base import CallEstimate
from ticketlake.sync.plan import Plan


@dataclass
class Backfill:
    """The plan of a first sync and what its probes saw."""

    plan: Plan
    tickets: int
    exact: bool
    """True when the probe saw every ticket (fewer than the window's MaxResults came back)."""
    oldest: float | None
    newest: float | None
    skipped: dict[str, str] = field(default_factory=dict)
    """Streams whose estimate failed, with why."""
    estimates: dict[str, list[CallEstimate]] = field(default_factory=dict)
    """Each stream's estimate, as the plan prices them."""

"""How a running sync tells the outside world where it is.

The engine calls a ``Progress`` (the CLI renders bars, the web app could stream events, tests
record); it never prints. Each stream has a ``StreamState``; the ETA of the whole sync comes
from the calls each stream says it still needs, priced per endpoint like the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ticketlake.sync.plan import Plan
    from ticketlake.sync.summary import SyncSummary


@dataclass
class StreamState:
    """One stream's progress: ``done`` of ``total`` units (None: unknown), rows written."""

    name: str
    status: str = "waiting"
    """waiting | running | ok | failed | skipped"""
    done: int = 0
    total: int | None = None
    rows: int = 0
    note: str | None = None
    remaining: dict[str, int] = field(default_factory=dict)
    """endpoint key -> calls still needed (the stream's latest estimate)."""


class Progress(Protocol):
    """Receives a sync's plan, each stream's progress and the final summary."""

    def planned(self, plan: Plan) -> None:
        """The plan is ready (before the first stream call beyond the probes)."""

    def update(self, state: StreamState, eta: float | None) -> None:
        """A stream moved; ``eta`` is the whole sync's remaining seconds (virtual)."""

    def finished(self, summary: SyncSummary) -> None:
        """The sync ended (successfully or not)."""


class NullProgress:
    """Progress that goes nowhere."""

    def planned(self, plan: Plan) -> None:
        """Ignore."""

    def update(self, state: StreamState, eta: float | None) -> None:
        """Ignore."""

    def finished(self, summary: SyncSummary) -> None:
        """Ignore."""


class StreamReporter:
    """The ``Reporter`` a stream gets: updates its state and re-prices the ETA."""

    def __init__(self, state: StreamState, publish: Publish) -> None:
        self.state = state
        self._publish = publish

    def update(
        self,
        *,
        done: int | None = None,
        total: int | None = None,
        rows: int = 0,
        remaining: Mapping[str, int] | None = None,
        note: str | None = None,
    ) -> None:
        """Record the stream's progress and tell the engine."""
        s = self.state
        if done is not None:
            s.done = done
        if total is not None:
            s.total = total
        s.rows += rows
        if remaining is not None:
            s.remaining.update(remaining)
        if note is not None:
            s.note = note
        self._publish(s)


class Publish(Protocol):
    def __call__(self, state: StreamState) -> None: ...

"""How a running sync tells the outside world where it is.

The engine calls a ``Progress`` (the CLI renders bars, tests record); it never prints. Each
stream has a ``StreamState``; the ETA of the whole sync comes from the calls each stream says
it still needs, priced per endpoint like the plan. ``Live`` keeps the latest of everything, and
its :meth:`Live.snapshot` is the *live progress* a sync's heartbeat stores on its run in the
catalog, where ``ticketlake connections show`` and the web's connection page read it while the
sync runs. Its JSON, version 1 (every time in seconds; "source seconds" run on the sync's
clock, faster than the wall clock against a simulator with a time scale)::

    {
      "version": 1,
      "at": "2026-12-06T20:07:34+00:00",  # when the snapshot was taken (wall clock, UTC)
      "wall_seconds": 71.2,               # wall-clock seconds since the sync started
      "time_scale": 60.0,                 # source seconds per wall second (1.0: real time)
      "eta_seconds": 1200.0,              # source seconds the whole sync still needs, or null
      "eta_wall_seconds": 20.0,           # the same in wall-clock seconds, or null
      "rows": 5123,                       # rows committed so far, every stream
      "calls": 310, "throttled": 0,       # HTTP calls sent (retries included), 429s received
      "warnings": [],                     # what the sync found wrong while running (sentences)
      "streams": {                        # every stream of the run, in run order
        "tickets": {
          "status": "running",            # waiting | running | ok | failed | interrupted
          "rows": 3000,                   # rows this stream committed
          "done": 3, "total": 6,          # units done of units known (total null: unknown)
          "eta_seconds": 120.0,           # source seconds this stream alone still needs, or null
          "calls": 7, "throttled": 0,     # calls this stream sent, 429s it received
          "note": null                    # a short remark, or null
        }
      }
    }

``eta_seconds`` is null when nothing is left to price (the stream or the sync is done) or
before the plan is known.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ticketlake.sync.plan import Plan
    from ticketlake.sync.summary import SyncSummary


@dataclass
class StreamState:
    """One stream's progress: ``done`` of ``total`` units (None: unknown), rows written."""

    name: str
    status: str = "waiting"
    """waiting | running | ok | failed | interrupted | skipped"""
    done: int = 0
    total: int | None = None
    rows: int = 0
    note: str | None = None
    remaining: dict[str, int] = field(default_factory=dict)
    """endpoint key -> calls still needed (the stream's latest estimate)."""
    eta: float | None = None
    """Source seconds this stream alone still needs (its remaining calls, priced)."""
    calls: int = 0
    """HTTP calls this stream sent (retries included)."""
    throttled: int = 0
    """429 answers this stream received."""


class Progress(Protocol):
    """Receives a sync's plan, each stream's progress and the final summary."""

    def planned(self, plan: Plan) -> None:
        """The plan is ready (before the first stream call beyond the probes)."""

    def update(self, state: StreamState, eta: float | None) -> None:
        """A stream moved; ``eta`` is the whole sync's remaining seconds (virtual)."""

    def finished(self, summary: SyncSummary) -> None:
        """The sync ended (successfully or not)."""

    def warning(self, message: str) -> None:
        """Something is wrong while the sync runs (a sentence, with its fix)."""


class NullProgress:
    """Progress that goes nowhere."""

    def planned(self, plan: Plan) -> None:
        """Ignore."""

    def update(self, state: StreamState, eta: float | None) -> None:
        """Ignore."""

    def finished(self, summary: SyncSummary) -> None:
        """Ignore."""

    def warning(self, message: str) -> None:
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


class Live:
    """A ``Progress`` that keeps the latest of everything (and passes it on to ``inner``):
    the streams' states, the sync's ETA, the summary once it ends (also when interrupted).

    ``snapshot`` turns it into the live-progress JSON described in this module's docstring.
    """

    def __init__(
        self,
        inner: Progress | None = None,
        *,
        time_scale: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.inner: Progress = inner or NullProgress()
        self.time_scale = time_scale
        self.states: dict[str, StreamState] = {}
        self.eta: float | None = None
        self.summary: SyncSummary | None = None
        self.warnings: list[str] = []
        self._monotonic = monotonic
        self._now = now
        self._started = monotonic()

    def planned(self, plan: Plan) -> None:
        """Pass the plan on."""
        self.inner.planned(plan)

    def update(self, state: StreamState, eta: float | None) -> None:
        """Keep the stream's state and the ETA; pass them on."""
        self.states[state.name] = state
        self.eta = eta
        self.inner.update(state, eta)

    def finished(self, summary: SyncSummary) -> None:
        """Keep the summary; pass it on."""
        self.summary = summary
        self.inner.finished(summary)

    def warning(self, message: str) -> None:
        """Keep the warning; pass it on."""
        self.warnings.append(message)
        self.inner.warning(message)

    def snapshot(self) -> dict[str, Any]:
        """The live progress as plain JSON (shape: this module's docstring)."""
        states = list(self.states.values())
        return {
            "version": 1,
            "at": self._now().isoformat(timespec="seconds"),
            "wall_seconds": round(self._monotonic() - self._started, 1),
            "time_scale": self.time_scale,
            "eta_seconds": _seconds(self.eta),
            "eta_wall_seconds": _seconds(self.eta, self.time_scale),
            "rows": sum(s.rows for s in states),
            "calls": sum(s.calls for s in states),
            "throttled": sum(s.throttled for s in states),
            "warnings": list(self.warnings),
            "streams": {s.name: _stream_json(s) for s in states},
        }


def _stream_json(s: StreamState) -> dict[str, Any]:
    return {
        "status": s.status,
        "rows": s.rows,
        "done": s.done,
        "total": s.total,
        "eta_seconds": _seconds(s.eta),
        "calls": s.calls,
        "throttled": s.throttled,
        "note": s.note,
    }


def _seconds(value: float | None, scale: float = 1.0) -> float | None:
    return None if not value else round(value / scale, 1)

"""What a finished sync reports: rows per table, calls and 429s per endpoint, elapsed vs floor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ticketlake.sync.plan import Plan


@dataclass(frozen=True)
class StreamOutcome:
    """How one stream ended."""

    name: str
    status: str
    """ok | failed | interrupted | skipped | not run (the sync ``stopped`` before it ran)"""
    rows: int
    error: str | None = None
    note: str | None = None
    calls: int = 0
    """HTTP requests the stream sent (its estimate's probes included), retries included."""


@dataclass(frozen=True)
class SyncSummary:
    """The result of one ``run_sync``: what the CLI table and ``--json`` show."""

    connection: str
    run_id: str
    full: bool
    started_at: str
    """ISO UTC, the source's (virtual) clock."""
    elapsed_seconds: float
    """Virtual seconds (the simulator's time scale compresses them in tests)."""
    planned: Plan
    actual: Plan
    """The plan the calls actually made amount to: its floor is the floor of this run."""
    rows: dict[str, int]
    """table -> rows upserted in this run (a ticket written by two streams counts twice)."""
    endpoints: dict[str, dict[str, float]]
    streams: tuple[StreamOutcome, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    stored: dict[str, int] = field(default_factory=dict)
    """table -> rows the store holds for this connection after the run."""
    wall_seconds: float = 0.0
    """Wall-clock seconds the run took (``elapsed_seconds`` runs on the sync's clock)."""
    time_scale: float = 1.0
    """The sync's clock speed: its seconds per wall-clock second (a simulator's time scale)."""
    stopped: str | None = None
    """Why every stream stopped at once (the login failed), said once for all of them."""
    planned_after_seconds: float | None = None
    """How long the plan took to make (its probes and samples), on the sync's clock: the
    plan's ETA counts from there."""

    @property
    def ok(self) -> bool:
        """Every stream finished."""
        return all(s.status in ("ok", "skipped") for s in self.streams)

    @property
    def interrupted(self) -> bool:
        """The sync was stopped (Ctrl-C, a shutdown) before every stream ended."""
        return any(s.status == "interrupted" for s in self.streams)

    @property
    def committed(self) -> int:
        """Rows committed in this run, every table (what an interrupted run keeps)."""
        return sum(self.rows.values())

    @property
    def error(self) -> str | None:
        """Why the sync stopped, or the first stream failure's message, if any."""
        return self.stopped or next((s.error for s in self.streams if s.error), None)

    @property
    def calls(self) -> int:
        """HTTP requests sent, retries included."""
        return int(sum(e.get("calls", 0) for e in self.endpoints.values()))

    @property
    def throttled(self) -> int:
        """429 answers received."""
        return int(sum(e.get("throttled", 0) for e in self.endpoints.values()))

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json`` and the catalog's run log."""
        floor = self.actual.floor
        return {
            "connection": self.connection,
            "run_id": self.run_id,
            "ok": self.ok,
            "error": self.error,
            "full": self.full,
            "started_at": self.started_at,
            "elapsed_seconds": round(self.elapsed_seconds, 1),
            "wall_seconds": round(self.wall_seconds, 1),
            "time_scale": self.time_scale,
            "floor_seconds": round(floor, 1),
            "elapsed_over_floor": round(self.elapsed_seconds / floor, 3) if floor else None,
            "calls": self.calls,
            "throttled": self.throttled,
            "rows": dict(sorted(self.rows.items())),
            "stored": dict(sorted(self.stored.items())),
            "endpoints": {
                key: {k: (round(v, 1) if isinstance(v, float) else v) for k, v in stats.items()}
                for key, stats in sorted(self.endpoints.items())
                if stats.get("calls")
            },
            "streams": {
                s.name: {
                    "status": s.status,
                    "rows": s.rows,
                    "calls": s.calls,
                    "error": s.error,
                    "note": s.note,
                }
                for s in self.streams
            },
            "stopped": self.stopped,
            "plan": self.planned.to_json()
            | {"made_after_seconds": _round(self.planned_after_seconds)},
            "notes": list(self.notes),
        }


def _round(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 1)

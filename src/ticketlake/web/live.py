"""A running sync as the connection page shows it: per stream, rows, progress, ETA and 429s.

The sync's heartbeat stores its live progress on the run in the catalog (the JSON documented in
``ticketlake.sync.progress``, version 1), so the page shows a sync started here, from another
server or from ``ticketlake sync`` in a terminal alike. This turns that JSON into what the page
renders; a version it does not know is not shown rather than misread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticketlake.catalog import SyncRun
from ticketlake.readable import duration

VERSION = 1


@dataclass(frozen=True)
class LiveStream:
    """One stream of a running sync."""

    name: str
    status: str
    """waiting | running | ok | failed | interrupted | skipped"""
    rows: int
    done: int
    total: int | None
    eta_seconds: float | None
    """Source seconds this stream alone still needs."""
    eta_wall_seconds: float | None
    """The same in wall-clock seconds."""
    calls: int
    throttled: int
    note: str

    @property
    def percent(self) -> int | None:
        """How far the stream is (0-100), when its total is known."""
        if not self.total or self.done > self.total:
            return None
        return round(100 * self.done / self.total)

    @property
    def progress(self) -> str:
        """``3 of 6 (50 %)``, or ``3 done`` while the total is unknown."""
        if self.percent is None:
            return f"{self.done:,} done" if self.done else ""
        return f"{self.done:,} of {self.total:,} ({self.percent} %)"


@dataclass(frozen=True)
class LiveSync:
    """A running sync's latest heartbeat."""

    run: SyncRun
    at: datetime | None
    """When the heartbeat was taken (wall clock)."""
    wall_seconds: float
    time_scale: float
    eta_seconds: float | None
    """Source seconds the whole sync still needs."""
    eta_wall_seconds: float | None
    rows: int
    calls: int
    throttled: int
    streams: tuple[LiveStream, ...]

    @property
    def eta(self) -> str:
        """The ETA as people read it, in wall-clock time (and the source's, when scaled)."""
        if self.eta_wall_seconds is None:
            return "not known yet" if self.streams else "after the plan"
        text = f"about {duration(self.eta_wall_seconds)}"
        if self.time_scale != 1 and self.eta_seconds is not None:
            text += f" ({duration(self.eta_seconds)} of the simulator's time)"
        return text


def live_sync(run: SyncRun | None) -> LiveSync | None:
    """The live progress of ``run`` when it is running and its heartbeat published any."""
    if run is None or run.status != "running" or not isinstance(run.progress, dict):
        return None
    data = run.progress
    if data.get("version") != VERSION:
        return None
    streams = data.get("streams")
    scale = _number(data.get("time_scale")) or 1.0
    return LiveSync(
        run=run,
        at=_time(data.get("at")),
        wall_seconds=_number(data.get("wall_seconds")) or 0.0,
        time_scale=scale,
        eta_seconds=_number(data.get("eta_seconds")),
        eta_wall_seconds=_number(data.get("eta_wall_seconds")),
        rows=int(data.get("rows") or 0),
        calls=int(data.get("calls") or 0),
        throttled=int(data.get("throttled") or 0),
        streams=tuple(
            _stream(name, value, scale)
            for name, value in (streams.items() if isinstance(streams, dict) else ())
            if isinstance(value, dict)
        ),
    )


def _stream(name: str, data: dict[str, Any], scale: float) -> LiveStream:
    total = data.get("total")
    eta = _number(data.get("eta_seconds"))
    return LiveStream(
        name=str(name),
        status=str(data.get("status") or "waiting"),
        rows=int(data.get("rows") or 0),
        done=int(data.get("done") or 0),
        total=int(total) if isinstance(total, int) else None,
        eta_seconds=eta,
        eta_wall_seconds=None if eta is None else eta / scale,
        calls=int(data.get("calls") or 0),
        throttled=int(data.get("throttled") or 0),
        note=str(data.get("note") or ""),
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None

"""A ticketlake sync run for a benchmark, and the figures of its summary the benchmarks share:
calls per stream, and the outcome against the plan (calls planned and made, ETA against the
time the run took after its plan was made)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.store import open_store
from ticketlake.sync.run import run_sync
from ticketlake.transport import ScaledClock


def fresh(db: Path) -> Path:
    """``db`` with any earlier run's file (and its WAL) removed."""
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    return db


def sync(conn: ConnectionSettings, db: Path, scale: float, **options: Any) -> dict[str, Any]:
    """One sync into the DuckDB file ``db`` on a clock ``scale`` times real time; its summary."""
    store = open_store(f"duckdb:///{db}")
    try:
        summary: dict[str, Any] = asyncio.run(
            run_sync(conn, store, clock=ScaledClock(scale), **options)
        ).to_json()
    finally:
        store.close()
    return summary


def per_stream(summary: dict[str, Any]) -> dict[str, int]:
    """Calls each stream made."""
    return {name: s["calls"] for name, s in summary["streams"].items()}


def timing(s: dict[str, Any]) -> dict[str, Any]:
    """A sync's outcome against its plan: calls, 429s, the ETA against the time after the plan
    was made, and the planned calls per endpoint beside those made."""
    plan = s["plan"]
    after = s["elapsed_seconds"] - (plan.get("made_after_seconds") or 0.0)
    return {
        "ok": s["ok"], "error": s["error"], "calls": s["calls"], "throttled": s["throttled"],
        "virtual_seconds": s["elapsed_seconds"],
        "plan": {
            "made_after_seconds": plan.get("made_after_seconds"),
            "eta_seconds": plan["eta_seconds"], "eta_range_seconds": plan["eta_range_seconds"],
            "seconds_after_plan": round(after, 1),
            "eta_over_actual": round(plan["eta_seconds"] / after, 3) if after > 0 else None,
            "calls": {k: {"planned": v["calls"], "range": v.get("range"),
                          "made": s["endpoints"].get(k, {}).get("calls", 0)}
                      for k, v in plan["endpoints"].items()},
        },
    }  # fmt: skip


def counted(problems: list[str]) -> int:
    """How many differences a truth comparison's list stands for (the Autotask and Teamwork
    ``differences`` list five per table, then say how many more in a line ``... N more``)."""
    return sum(int(p.split()[1]) if p.startswith("... ") else 1 for p in problems)

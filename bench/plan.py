"""The plan against the sync it planned, across seeds and as-of dates.

Before its first call a backfill's plan says how many calls each endpoint will take and when
the sync will end (its ETA, from the rate limits). Here both are held against what the sync then
did, on simulated tenants of the demo's size and of the reference size, for five seeds and two
``as_of`` dates each (the data of a tenant follows weekdays and seasons counted back from it):

- per endpoint: planned calls / calls made, and whether the 95 % range held them;
- the ETA against the time the sync took after the plan was made (its probes and samples
  come first; the ETA counts from there), on both sizes. The reference size runs at 20x (a
  run takes about four real minutes): much faster and local CPU, not the rate limits, would
  set the pace, which is then what the ratio would measure.

People's custom attributes (one call per person, planned exactly from the people search) are
left out of the reference-size runs: they would add hours of simulated time and nothing to
learn about estimates (``bench.extraction`` syncs them, one seed).

``python -m bench.plan`` prints the figures; ``run()`` returns them.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path
from typing import Any

from bench._sim import free_port, start_simulator
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.secret import Secret
from ticketlake.store import open_store
from ticketlake.sync.run import run_sync
from ticketlake.transport import ScaledClock

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "bench-plan"
SEEDS = (1, 2, 3, 4, 5)
AS_OF = ("2026-11-01", "2027-03-15")
SIZES = (
    {"tickets": 3000, "scale": 10.0, "eta": True, "skip": ()},
    {"tickets": int(os.environ.get("BENCH_TICKETS", "100000")), "scale": 20.0, "eta": True,
     "skip": ("attributes",)},
)  # fmt: skip
WATCHED = (
    "GET api/people/{uid}",
    "GET api/{appId}/tickets/feed",
    "POST api/{appId}/tickets/search",
    "POST api/time/search",
    "GET api/{appId}/tickets/{id}/feed",
    "GET api/groups/{id}/members",
)
USERNAME, PASSWORD, APP_ID, REPORT_ID = "ticketlake-svc", "sim-password-1", 627, 1
GOAL = 0.10


def run() -> dict[str, Any]:
    """Every size, seed and date; the worst ratios per size."""
    out: dict[str, Any] = {"goal": f"planned calls and ETA within ±{GOAL:.0%} of actual"}
    for size in SIZES:
        skip: tuple[str, ...] = size["skip"]  # type: ignore[assignment]
        runs = [
            _one(int(size["tickets"]), float(size["scale"]), seed, as_of, skip)  # type: ignore[call-overload]
            for as_of in AS_OF
            for seed in SEEDS
        ]
        out[f"tickets_{size['tickets']}"] = _verdict(runs, eta=bool(size["eta"]))
    return out


def _one(
    tickets: int, scale: float, seed: int, as_of: str, skip: tuple[str, ...]
) -> dict[str, Any]:
    WORK.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = WORK / f"sim-{tickets}-{seed}-{as_of}.log"
    sim = start_simulator(port, tickets, scale, log, seed=seed, as_of=as_of)
    db = WORK / "plan.duckdb"
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    try:
        conn = ConnectionSettings(
            "bench", "teamdynamix",
            {"base_url": f"http://127.0.0.1:{port}/TDWebApi", "app_id": APP_ID,
             "username": USERNAME, "report_id": REPORT_ID},
            {"password": Secret(PASSWORD)},
        )  # fmt: skip
        store = open_store(f"duckdb:///{db}")
        try:
            streams = _streams(skip)
            summary = asyncio.run(
                run_sync(conn, store, clock=ScaledClock(scale), streams=streams)
            ).to_json()
        finally:
            store.close()
    finally:
        sim.terminate()
        sim.wait(timeout=30)
        log.unlink(missing_ok=True)
    shutil.rmtree(WORK / "tmp", ignore_errors=True)
    return _figures(summary, tickets, seed, as_of)


STREAMS = ("tickets", "ticket_details", "ticket_events", "time_entries", "people", "groups",
           "reference", "attributes", "slas")  # fmt: skip


def _streams(skip: tuple[str, ...]) -> list[str] | None:
    return [s for s in STREAMS if s not in skip] if skip else None


def _figures(s: dict[str, Any], tickets: int, seed: int, as_of: str) -> dict[str, Any]:
    plan = s["plan"]
    endpoints: dict[str, Any] = {}
    for key in WATCHED:
        planned = plan["endpoints"].get(key)
        made = s["endpoints"].get(key, {}).get("calls", 0)
        if planned is None and not made:
            continue
        calls = planned["calls"] if planned else 0
        low, high = planned.get("range", [calls, calls]) if planned else [0, 0]
        endpoints[key] = {"planned": calls, "made": made, "range": [low, high],
                          "ratio": round(calls / made, 3) if made else None,
                          "in_range": low <= made <= high}  # fmt: skip
    after = s["elapsed_seconds"] - (plan.get("made_after_seconds") or 0.0)
    return {
        "tickets": tickets, "seed": seed, "as_of": as_of, "ok": s["ok"], "error": s["error"],
        "throttled": s["throttled"], "endpoints": endpoints,
        "eta_seconds": plan["eta_seconds"], "eta_range_seconds": plan["eta_range_seconds"],
        "seconds_after_plan": round(after, 1),
        "eta_ratio": round(plan["eta_seconds"] / after, 3) if after > 0 else None,
    }  # fmt: skip


def _verdict(runs: list[dict[str, Any]], *, eta: bool) -> dict[str, Any]:
    """The worst planned/made ratio per endpoint, how many runs each held within the goal."""
    worst: dict[str, Any] = {}
    for key in WATCHED:
        found = [r["endpoints"][key] for r in runs if key in r["endpoints"]]
        ratios = [e["ratio"] for e in found if e["ratio"] is not None]
        if ratios:
            worst[key] = {
                "min_ratio": min(ratios), "max_ratio": max(ratios),
                "within_goal": sum(abs(x - 1) <= GOAL for x in ratios), "runs": len(ratios),
                "in_range": sum(e["in_range"] for e in found),
            }  # fmt: skip
    out: dict[str, Any] = {"runs": runs, "endpoints": worst,
                           "throttled": sum(r["throttled"] for r in runs),
                           "failed": [r for r in runs if not r["ok"]]}  # fmt: skip
    if eta:
        ratios = [r["eta_ratio"] for r in runs if r["eta_ratio"] is not None]
        out["eta"] = {
            "min_ratio": min(ratios, default=None),
            "max_ratio": max(ratios, default=None),
            "within_goal": sum(abs(x - 1) <= GOAL for x in ratios),
            "runs": len(ratios),
        }
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, default=str))

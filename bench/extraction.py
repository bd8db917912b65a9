"""Extraction on the simulated reference tenant: ticketlake against the floor and against tdxlib.

1. The simulator serves the reference tenant (``--tickets 100000 --seed 1``, documented limits)
   on 127.0.0.1 in a subprocess, with a time scale so the run takes minutes, not hours.
2. ticketlake syncs it in full into a fresh DuckDB file: calls per endpoint, 429s, simulated
   (virtual) wall time, compared with the floor of the performance model computed from what the
   tenant holds (feed entries / 100 per page at 60 per 60 s, and so on).
3. tdxlib (PyPI, installed in ``build/bench-venv``, never the project venv) extracts the same
   data the way it can: a ticket search, then ``GET tickets/{id}`` and ``GET tickets/{id}/feed``
   per ticket. At two calls per ticket a 100k-ticket run would take days of simulated time, so
   it runs on a slice of tickets, and its calls and simulated time are extrapolated linearly to
   the whole tenant (the output says so). Its clock is compressed by the same time scale.

``python -m bench.extraction [TICKETS]`` prints the figures; ``run()`` returns them.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench._sim import SEED, free_port, start_simulator
from bench._venv import bench_python
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.teamdynamix.endpoints import ENDPOINTS
from ticketlake.connectors.teamdynamix.streams.tickets import MAX_RESULTS as TICKETS_PER_SEARCH
from ticketlake.connectors.teamdynamix.streams.time import MAX_RESULTS as TIME_PER_SEARCH
from ticketlake.secret import Secret
from ticketlake.store import open_store
from ticketlake.sync.plan import plan_of_calls
from ticketlake.sync.run import run_sync
from ticketlake.transport import ScaledClock

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
WORK = BUILD / "bench-extraction"
TDXLIB_REQUIREMENT = "tdxlib>=0.6,<0.7"
TICKETS = int(os.environ.get("BENCH_TICKETS", "100000"))
SCALE = float(os.environ.get("BENCH_TIME_SCALE", "10"))
TDXLIB_SLICE = int(os.environ.get("BENCH_TDXLIB_SLICE", "150"))
USERNAME, PASSWORD, APP_ID, REPORT_ID = "ticketlake-svc", "sim-password-1", 627, 1


def run(tickets: int = TICKETS, scale: float = SCALE) -> dict[str, Any]:
    """Serve the tenant, measure ticketlake, then tdxlib on a slice; return the figures."""
    WORK.mkdir(parents=True, exist_ok=True)
    port = free_port()
    sim = start_simulator(port, tickets, scale, WORK / "simulator.log")
    try:
        base = f"http://127.0.0.1:{port}/TDWebApi"
        ours = _ticketlake(base, scale)
        floor = _floor(ours)
        theirs = _tdxlib(base, scale, tickets)
    finally:
        sim.terminate()
        sim.wait(timeout=30)
    return _figures(tickets, scale, ours, floor, theirs)


def _ticketlake(base: str, scale: float) -> dict[str, Any]:
    db = WORK / "ticketlake.duckdb"
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    conn = ConnectionSettings(
        "bench", "teamdynamix",
        {"base_url": base, "app_id": APP_ID, "username": USERNAME, "report_id": REPORT_ID},
        {"password": Secret(PASSWORD)},
    )  # fmt: skip
    store = open_store(f"duckdb:///{db}")
    started = time.monotonic()
    try:
        summary = asyncio.run(run_sync(conn, store, clock=ScaledClock(scale)))
        counts = {
            t: store.query(f"SELECT count(*) FROM {t} WHERE connection = 'bench'").rows[0][0]
            for t in ("tickets", "ticket_events", "time_entries", "people", "groups")
        }
        feed = store.query(
            "SELECT count(*) FROM ticket_events WHERE connection = 'bench' AND origin = 'feed' "
            "AND id NOT LIKE 'reply:%'"  # replies come inside their entry: no page of their own
        ).rows[0][0]
    finally:
        store.close()
    data = summary.to_json()
    return {"summary": data, "real_seconds": time.monotonic() - started, "rows": counts,
            "feed_entries": feed}  # fmt: skip


def _floor(ours: dict[str, Any]) -> dict[str, Any]:
    """The performance model's floor from what the tenant holds: the cheapest correct plan."""
    rows = ours["rows"]
    needed = {
        "GET api/{appId}/tickets/feed": math.ceil(ours["feed_entries"] / 100),
        "POST api/{appId}/tickets/search": math.ceil(rows["tickets"] / TICKETS_PER_SEARCH),
        "POST api/time/search": max(1, math.ceil(rows["time_entries"] / TIME_PER_SEARCH)),
        "GET api/reports/{id}": 1,
        "POST api/people/search": 1,
        "POST api/groups/search": 1,
        "GET api/groups/{id}/members": rows["groups"],
    }
    plan = plan_of_calls(needed, ENDPOINTS)
    return {"seconds": plan.floor, "bottleneck": plan.bottleneck, "calls_needed": needed}


def _tdxlib(base: str, scale: float, tickets: int) -> dict[str, Any]:
    python = bench_python(TDXLIB_REQUIREMENT, "tdxlib")
    if isinstance(python, str):
        return {"error": python}
    worker = Path(__file__).with_name("_tdxlib_worker.py")
    args = [str(python), str(worker), base, USERNAME, PASSWORD, str(APP_ID), str(scale),
            str(TDXLIB_SLICE)]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        return {"error": f"tdxlib worker failed: {done.stderr.strip()[-600:]}"}
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    per_ticket_calls = measured["per_ticket_calls"] / measured["tickets"]
    per_ticket_seconds = measured["virtual_seconds"] / measured["tickets"]
    # A slice can fit inside the first rate-limit window, where nothing waits: scaling its time
    # linearly would flatter tdxlib. Its calls on the whole tenant cannot go faster than their
    # endpoints' limits allow, so the extrapolated time is at least that floor.
    whole = {
        "POST api/{appId}/tickets/search": measured["search_calls"],
        "GET api/{appId}/tickets/{id}": tickets,
        "GET api/{appId}/tickets/{id}/feed": tickets,
    }
    limited = plan_of_calls(whole, ENDPOINTS).floor
    measured["extrapolated"] = {
        "note": f"measured on {measured['tickets']} tickets, scaled linearly to {tickets}, "
        "and never faster than the rate limits of its calls allow",
        "calls": round(measured["search_calls"] + per_ticket_calls * tickets),
        "virtual_seconds": round(max(per_ticket_seconds * tickets, limited)),
        "rate_limit_floor_seconds": round(limited),
    }
    return measured


def _figures(tickets: int, scale: float, ours: dict[str, Any], floor: dict[str, Any],
             theirs: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    s = ours["summary"]
    out: dict[str, Any] = {
        "tenant": {"tickets": tickets, "seed": SEED, "time_scale": scale, "limits": "documented"},
        "ticketlake": {
            "ok": s["ok"], "error": s["error"], "calls": s["calls"], "throttled": s["throttled"],
            "virtual_seconds": s["elapsed_seconds"], "real_seconds": round(ours["real_seconds"], 1),
            "calls_per_endpoint": {k: v["calls"] for k, v in s["endpoints"].items()},
            "throttled_per_endpoint": {
                k: v["throttled"] for k, v in s["endpoints"].items() if v["throttled"]
            },
            "rows": ours["rows"], "feed_entries": ours["feed_entries"],
            "plan": {  # what the plan said before the sync started, against what it took
                "eta_seconds": s["plan"]["eta_seconds"],
                "calls": {k: v["calls"] for k, v in s["plan"]["endpoints"].items()},
            },
        },
        "floor": {"virtual_seconds": round(floor["seconds"], 1), "bottleneck": floor["bottleneck"],
                  "calls_needed": floor["calls_needed"]},
        "tdxlib": theirs,
    }  # fmt: skip
    ratios: dict[str, Any] = {
        "time_over_floor": round(s["elapsed_seconds"] / floor["seconds"], 3)
        if floor["seconds"]
        else None,
        "throttled": s["throttled"],
    }
    if "extrapolated" in theirs:
        ratios["tdxlib_calls_over_ours"] = round(theirs["extrapolated"]["calls"] / s["calls"], 1)
        ratios["tdxlib_time_over_ours"] = round(
            theirs["extrapolated"]["virtual_seconds"] / s["elapsed_seconds"], 1
        )
    ratios["targets"] = "time <= 1.1 x floor, zero 429s, >= 20x fewer calls than tdxlib"
    out["ratios"] = ratios
    return out


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else TICKETS
    print(json.dumps(run(tickets=size), indent=2, default=str))

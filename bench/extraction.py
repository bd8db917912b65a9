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

4. The same store is synced again with nothing changed (calls per stream), then after the
   simulator changed 1 % of the tickets and 1 % of the time entries (``POST
   /_simulator/changes``); the store is then compared with the simulator's truth.
5. The path without a ticket report (one ``GET tickets/{id}`` per ticket) on a smaller tenant
   (``BENCH_PER_TICKET``, default 20,000 tickets) at a higher time scale: 429s and the ETA.

``python -m bench.extraction [TICKETS]`` prints the figures; ``run()`` returns them.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from tests.e2e.truth import differences

from bench._sim import AS_OF, SEED, free_port, start_simulator
from bench._syncrun import fresh, per_stream, sync, timing
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
SCALE = float(os.environ.get("BENCH_TIME_SCALE", "20"))
PER_TICKET = int(os.environ.get("BENCH_PER_TICKET", "20000"))
PER_TICKET_SCALE = float(os.environ.get("BENCH_PER_TICKET_SCALE", "60"))
TDXLIB_SLICE = int(os.environ.get("BENCH_TDXLIB_SLICE", "150"))
USERNAME, PASSWORD, APP_ID, REPORT_ID = "ticketlake-svc", "sim-password-1", 627, 1
TIME_ZONE = "America/New_York"
"""The simulator's default tenant zone (zone-less time-entry dates are in it)."""
CHANGES, TRUTH = "/_simulator/changes", "/_simulator/truth"


def run(tickets: int = TICKETS, scale: float = SCALE) -> dict[str, Any]:
    """Serve the tenant, measure ticketlake, then tdxlib on a slice; return the figures."""
    WORK.mkdir(parents=True, exist_ok=True)
    port = free_port()
    sim = start_simulator(port, tickets, scale, WORK / "simulator.log")
    try:
        base = f"http://127.0.0.1:{port}/TDWebApi"
        ours = _ticketlake(base, scale)
        floor = _floor(ours)
        later = _incremental(base, scale, tickets, ours["rows"]["time_entries"])
        theirs = _tdxlib(base, scale, tickets)
    finally:
        sim.terminate()
        sim.wait(timeout=30)
    out = _figures(tickets, scale, ours, floor, theirs)
    out["incremental"] = later
    out["per_ticket_path"] = _per_ticket(PER_TICKET, PER_TICKET_SCALE)
    return out


def _connection(base: str, *, report: bool = True) -> ConnectionSettings:
    values: dict[str, Any] = {"base_url": base, "app_id": APP_ID, "username": USERNAME,
                              "timezone": TIME_ZONE}  # fmt: skip
    if report:
        values["report_id"] = REPORT_ID
    return ConnectionSettings("bench", "teamdynamix", values, {"password": Secret(PASSWORD)})


def _ticketlake(base: str, scale: float) -> dict[str, Any]:
    db = fresh(WORK / "ticketlake.duckdb")
    conn = _connection(base)
    store = open_store(f"duckdb:///{db}")
    started = time.monotonic()
    try:
        summary = asyncio.run(run_sync(conn, store, clock=ScaledClock(scale)))
        counts = {
            t: store.query(f"SELECT count(*) FROM {t} WHERE connection = 'bench'").rows[0][0]
            for t in (
                "tickets",
                "ticket_events",
                "time_entries",
                "people",
                "groups",
                "accounts",
                "locations",
            )
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


def _incremental(base: str, scale: float, tickets: int, time_entries: int) -> dict[str, Any]:
    """A second sync with nothing changed, then one after 1 % of the tickets and of the time
    entries changed, compared with the simulator's truth as it then stands."""
    conn, db = _connection(base), WORK / "ticketlake.duckdb"
    unchanged = sync(conn, db, scale)
    changes = {"tickets": max(1, tickets // 100), "time_edits": max(1, time_entries // 100)}
    made = httpx.post(base.replace("/TDWebApi", CHANGES), json=changes, timeout=600).json()
    after = sync(conn, db, scale)
    truth = WORK / "truth-after-changes"
    shutil.rmtree(truth, ignore_errors=True)
    httpx.post(base.replace("/TDWebApi", TRUTH), json={"folder": str(truth)}, timeout=1800)
    found = _differences(db, truth)
    # Older time entries edited: no search shows them before the next reconcile (reference
    # §4, docs/extraction.md); a --full pass of the time entries is that reconcile, now.
    reconcile = sync(conn, db, scale, full=True, streams=["time_entries"])
    reconciled = _differences(db, truth)
    return {
        "nothing_changed": {"ok": unchanged["ok"], "calls": unchanged["calls"],
                            "calls_per_stream": per_stream(unchanged),
                            "virtual_seconds": unchanged["elapsed_seconds"]},
        "one_percent_changed": {
            "changed": {k: len(v) for k, v in made.items() if v}, "ok": after["ok"],
            "calls": after["calls"], "calls_per_stream": per_stream(after),
            "throttled": after["throttled"], "virtual_seconds": after["elapsed_seconds"],
            "differences_from_truth": found,
        },
        "time_entries_reconciled": {"ok": reconcile["ok"], "calls": reconcile["calls"],
                                    "virtual_seconds": reconcile["elapsed_seconds"],
                                    "differences_from_truth": reconciled},
    }  # fmt: skip


def _differences(db: Path, truth: Path) -> dict[str, int]:
    """Rows per table that differ from the truth (descriptions aside: the report has none)."""
    store = open_store(f"duckdb:///{db}", read_only=True)
    try:
        found = differences(
            store, truth, "bench", ZoneInfo(TIME_ZONE), descriptions=False, limit=None
        )
    finally:
        store.close()
    return {t: len(d) for t, d in found.items() if d}


def _per_ticket(tickets: int, scale: float) -> dict[str, Any]:
    """The path without a ticket report: details one ``GET tickets/{id}`` per ticket."""
    port = free_port()
    sim = start_simulator(port, tickets, scale, WORK / "simulator-per-ticket.log")
    try:
        conn = _connection(f"http://127.0.0.1:{port}/TDWebApi", report=False)
        s = sync(conn, fresh(WORK / "per-ticket.duckdb"), scale)
    finally:
        sim.terminate()
        sim.wait(timeout=30)
    return {"tenant": {"tickets": tickets, "time_scale": scale}, **timing(s),
            "calls_per_endpoint": {k: v["calls"] for k, v in s["endpoints"].items()},
            "throttled_per_endpoint": {k: v["throttled"] for k, v in s["endpoints"].items()
                                       if v["throttled"]}}  # fmt: skip


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
        # custom attributes: no list brings them, one read per object (docs/extraction.md)
        "GET api/people/{uid}": rows["people"],
        "GET api/accounts/{id}": rows["accounts"],
        "GET api/locations/{id}": rows["locations"],
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
        "tenant": {"tickets": tickets, "seed": SEED, "as_of": AS_OF, "time_scale": scale,
                   "limits": "documented"},
        "ticketlake": {
            **timing(s), "real_seconds": round(ours["real_seconds"], 1),
            "calls_per_endpoint": {k: v["calls"] for k, v in s["endpoints"].items()},
            "calls_per_stream": per_stream(s),
            "throttled_per_endpoint": {
                k: v["throttled"] for k, v in s["endpoints"].items() if v["throttled"]
            },
            "rows": ours["rows"], "feed_entries": ours["feed_entries"],
        },
        "floor": {"virtual_seconds": round(floor["seconds"], 1), "bottleneck": floor["bottleneck"],
                  "calls_needed": floor["calls_needed"]},
        "tdxlib": theirs,
    }  # fmt: skip
    planning = s["plan"].get("made_after_seconds") or 0.0
    ratios: dict[str, Any] = {
        "time_over_floor": round(s["elapsed_seconds"] / floor["seconds"], 3)
        if floor["seconds"]
        else None,
        # the census and its samples come before any stream runs: the floor counts neither
        "time_after_plan_over_floor": round((s["elapsed_seconds"] - planning) / floor["seconds"], 3)
        if floor["seconds"]
        else None,
        "throttled": s["throttled"],
    }
    if "extrapolated" in theirs:
        # tdxlib reads no custom attributes of people, accounts or locations: its calls are
        # held against ours for the same data, its time against our whole sync
        same_data = s["calls"] - s["streams"].get("attributes", {}).get("calls", 0)
        ratios["tdxlib_calls_over_ours"] = round(theirs["extrapolated"]["calls"] / same_data, 1)
        ratios["tdxlib_time_over_ours"] = round(
            theirs["extrapolated"]["virtual_seconds"] / s["elapsed_seconds"], 1
        )
    ratios["targets"] = "time <= 1.1 x floor, zero 429s, >= 20x fewer calls than tdxlib"
    out["ratios"] = ratios
    return out


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else TICKETS
    print(json.dumps(run(tickets=size), indent=2, default=str))

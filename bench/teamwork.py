"""Teamwork.com extraction on a simulated site: ticketlake within each API's account budget,
against the way Airbyte's manifest and the singer-io tap read the same site.

1. ``ticketlake sim teamwork`` serves the site (``BENCH_TW_TASKS`` tasks and
   ``BENCH_TW_TICKETS`` Desk tickets, default 100,000 each, with their comments, messages and
   time logs; seed 1, as of ``bench._sim.AS_OF``) on 127.0.0.1 in a subprocess, on a clock
   ``BENCH_TW_TIME_SCALE`` (default 1.5) times real time: above it the simulator's and the
   sync's CPU, not the budgets, set the pace on the shared 2-core machine.
2. ticketlake backfills it into a fresh DuckDB file through two connections, Projects then
   Desk (the form's API type is one per connection): calls per stream and per API, 429s, the
   elapsed virtual time against the floor (each API's calls over its budget a minute:
   Projects 150, Desk 120; the APIs run side by side, so the larger), the plan's ETA against
   the actual. Then each connection is synced again with nothing changed (calls), and the
   store is compared with the simulator's truth (``tests/e2e/twtruth.py``).
3. A plain client (``bench/_twclient.py``, httpx) reads the site the way Airbyte's manifest
   and the singer-io tap do (``bench/_twpeers.py``): Airbyte on a slice of each stream's pages,
   extrapolated from the site's counts; singer-io whole (it reads first pages only). What each
   gets is set against the truth: the records it would miss.

``python -m bench.teamwork`` prints the figures; ``run()`` returns them.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from tests.e2e.truth import lines
from tests.e2e.twsim import tw_connection
from tests.e2e.twtruth import differences

from bench._sim import AS_OF, ROOT, SEED, free_port, start_simulator
from bench._syncrun import counted, fresh, per_stream, sync, timing
from bench._twclient import LIMITS, PlainClient, api_of
from bench._twpeers import airbyte, airbyte_whole, singer, singer_figures
from ticketlake.sim.teamwork import DEFAULT_API_KEY
from ticketlake.store import open_store

WORK = ROOT / "build" / "bench-teamwork"
TASKS = int(os.environ.get("BENCH_TW_TASKS", "100000"))
TICKETS = int(os.environ.get("BENCH_TW_TICKETS", "100000"))
SCALE = float(os.environ.get("BENCH_TW_TIME_SCALE", "1.5"))
SLICE = int(os.environ.get("BENCH_TW_SLICE", "25"))
"""Airbyte's calls per stream actually made; the rest is extrapolated."""
API_TYPES = ("projects", "desk")


def run(tasks: int = TASKS, tickets: int = TICKETS, scale: float = SCALE) -> dict[str, Any]:
    """Serve the site, measure ticketlake, then the peers; return the figures."""
    WORK.mkdir(parents=True, exist_ok=True)
    port = free_port()
    sim = start_simulator(port, tickets, scale, WORK / "simulator.log", source="teamwork",
                          options=("--tasks", str(tasks)))  # fmt: skip
    root = f"http://127.0.0.1:{port}"
    site = f"{root}/us/acme"
    try:
        ours = _ticketlake(site, scale)
        truth = WORK / "truth"
        shutil.rmtree(truth, ignore_errors=True)
        httpx.post(f"{root}/_simulator/truth", json={"folder": str(truth)}, timeout=1800)
        ours["differences"] = _differences(WORK / "ticketlake.duckdb", truth)
        peers = _peers(site, scale, _truth_ids(truth))
    finally:
        sim.terminate()
        sim.wait(timeout=30)
    site_figures = {"tasks": tasks, "tickets": tickets, "seed": SEED, "as_of": AS_OF,
                    "time_scale": scale, "per_minute": LIMITS}  # fmt: skip
    return {"site": site_figures, "ticketlake": ours, **peers}


def _ticketlake(site: str, scale: float) -> dict[str, Any]:
    """The backfill of each connection, then each again with nothing changed."""
    db = fresh(WORK / "ticketlake.duckdb")
    conns = {a: tw_connection(a, site=site, name=f"tw_{a}") for a in API_TYPES}
    first = {a: sync(conns[a], db, scale) for a in API_TYPES}
    again = {a: sync(conns[a], db, scale) for a in API_TYPES}
    out: dict[str, Any] = {
        a: {
            "backfill": {**timing(first[a]), "real_seconds": first[a]["wall_seconds"],
                         "floor": _floor(first[a]), "calls_per_stream": per_stream(first[a]),
                         "stored": first[a]["stored"]},
            "nothing_changed": {"ok": again[a]["ok"], "calls": again[a]["calls"],
                                "throttled": again[a]["throttled"],
                                "calls_per_stream": per_stream(again[a])},
        }
        for a in API_TYPES
    }  # fmt: skip
    virtual = sum(first[a]["elapsed_seconds"] for a in API_TYPES)
    floor = sum(out[a]["backfill"]["floor"]["seconds"] for a in API_TYPES)
    out["both"] = {
        "calls": sum(first[a]["calls"] for a in API_TYPES),
        "throttled": sum(first[a]["throttled"] for a in API_TYPES),
        "virtual_seconds": round(virtual, 1), "floor_seconds": round(floor, 1),
        "elapsed_over_floor": round(virtual / floor, 3) if floor else None,
        "real_seconds": round(sum(first[a]["wall_seconds"] for a in API_TYPES), 1),
        "nothing_changed_calls": sum(again[a]["calls"] for a in API_TYPES),
    }  # fmt: skip
    return out


def _floor(summary: dict[str, Any]) -> dict[str, Any]:
    """Calls per API, and the seconds they need at each API's budget (the APIs side by side,
    so the larger is the floor)."""
    calls: Counter[str] = Counter()
    for key, stats in summary["endpoints"].items():
        calls[api_of(key.split()[1])] += int(stats["calls"])
    need = {a: n / LIMITS[a] * 60 for a, n in calls.items()}
    floor = max(need.values(), default=0.0)
    over = round(summary["elapsed_seconds"] / floor, 3) if floor else None
    return {"calls_per_api": dict(calls), "seconds": round(floor, 1), "elapsed_over_floor": over}


def _differences(db: Path, truth: Path) -> dict[str, Any]:
    """Rows per table and connection that differ from the truth."""
    store = open_store(f"duckdb:///{db}", read_only=True)
    try:
        found = {
            f"{a}.{table}": counted(d)
            for a in API_TYPES
            for table, d in differences(store, truth, a, f"tw_{a}").items()
            if d
        }
    finally:
        store.close()
    return {"per_table": found, "total": sum(found.values())}


def _truth_ids(folder: Path) -> dict[str, set[Any]]:
    """The records a complete extraction holds, per kind, as the peers' readings name them."""
    return {
        "tasks": {t["id"] for t in lines(folder, "tasks")},
        "task_comments": {c["id"] for c in lines(folder, "comments")
                          if c["object"]["type"] == "tasks" and not c["deleted"]},
        "time_logs": {x["id"] for x in lines(folder, "timelogs") if not x["deleted"]},
        "desk_tickets": {t["id"] for t in lines(folder, "desk_tickets") if t["state"] == "active"},
        "desk_messages": {m["id"] for m in lines(folder, "desk_messages")},
        "people": {p["id"] for p in lines(folder, "people")}
                  | {u["id"] for u in lines(folder, "desk_users")},
        "customers": {c["id"] for c in lines(folder, "desk_customers")},
        "companies": {c["id"] for c in lines(folder, "companies")},
        "desk_companies": {c["id"] for c in lines(folder, "desk_companies")},
        "edited_time_logs": {x["id"] for x in lines(folder, "timelogs")
                             if not x["deleted"] and x["updatedAt"] != x["createdAt"]},
    }  # fmt: skip


def _missed(truth: dict[str, set[Any]], got: dict[str, int]) -> dict[str, Any]:
    """Per kind: the truth's count, what a peer got, what it misses."""
    kinds = [k for k in truth if k != "edited_time_logs"]
    rows = {k: {"truth": len(truth[k]), "got": got.get(k, 0),
                "missed": len(truth[k]) - got.get(k, 0)} for k in kinds}  # fmt: skip
    total = sum(r["missed"] for r in rows.values())
    return {"per_kind": rows, "total_missed": total,
            "total_truth": sum(r["truth"] for r in rows.values())}  # fmt: skip


def _peers(site: str, scale: float, truth: dict[str, set[Any]]) -> dict[str, Any]:
    """Airbyte's manifest on a slice, extrapolated; singer-io whole, twice."""
    client = PlainClient(site, DEFAULT_API_KEY, scale)
    try:
        seen, visible = airbyte(client, SLICE)
        marks: dict[str, str] = {}
        tap, tap_again = singer(client, marks), singer(client, marks)
    finally:
        client.close()
    whole = airbyte_whole(seen, visible)
    strays = {k: len(ids - truth[k]) for k, ids in seen.got.items() if ids - truth[k]}
    edited = len(truth["edited_time_logs"])
    note = (f"measured on the first {SLICE} calls of each stream ({sum(seen.calls.values())} "
            "calls), extrapolated from the site's count of what each stream sees; never faster "
            "than the Projects budget allows")  # fmt: skip
    return {
        "airbyte": {
            "note": note, "measured": {"calls_per_stream": seen.calls,
                                       "records": {k: len(v) for k, v in seen.got.items()},
                                       "visible_per_stream": visible, "not_in_truth": strays},
            "backfill": whole, "missed": _missed(truth, whole["records"]),
            # no start_time_option: the cursor filters client-side, so every page is asked again
            "nothing_changed": {"calls": whole["calls"]},
            "edited_time_logs_never_reemitted": edited,
        },
        "singer_io": {
            "note": "measured whole: first pages only, so its calls do not grow with the site",
            "backfill": singer_figures(tap),
            "missed": _missed(truth, {k: len(v) for k, v in tap.got.items()}),
            "nothing_changed": singer_figures(tap_again),
        },
        "peer_429s": client.throttled,
    }  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, default=str))

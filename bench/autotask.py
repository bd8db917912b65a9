"""Autotask extraction on a simulated tenant: ticketlake within its share of the tenant's
budget, against django-autotask's way and a naive client's.

1. ``ticketlake sim autotask`` serves the tenant (``BENCH_AUTOTASK_TICKETS``, default 100,000
   tickets, seed 1, as of ``bench._sim.AS_OF``, the healthy scenario's 1,200 requests an hour
   of other integrations) on 127.0.0.1 in a subprocess, on a clock ``BENCH_AUTOTASK_TIME_SCALE``
   (default 1: virtual time is real time) times real time.
2. ticketlake backfills it into a fresh DuckDB file at the default share (50 % of the tenant's
   10,000 requests an hour): calls per entity, the hours of the tenant's budget they take, the
   elapsed (virtual) time against the floor, refusals, the plan's ETA against the actual, while
   ``ThresholdInformation`` is sampled for the peak of our hourly usage; the simulator's
   suspension e-mails are read at the end.
3. The same store is synced again with nothing changed (calls per stream), then compared with
   the simulator's truth (``tests/e2e/attruth.py``).
4. A plain client (``bench/_atclient.py``, httpx) reads the same data the way django-autotask
   does and the way a naive client does (``bench/_atpeers.py``), on a slice of the tickets,
   scaled linearly to the tenant (the output says so).

``python -m bench.autotask [TICKETS]`` prints the figures; ``run()`` returns them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from tests.e2e.atsim import at_connection
from tests.e2e.attruth import differences, expected_events, stored_events

from bench._atclient import PlainClient
from bench._atpeers import backfill, hour_floor, measured, unchanged, whole
from bench._atusage import UsageWatch, suspensions
from bench._sim import AS_OF, ROOT, SEED, free_port, start_simulator
from bench._syncrun import counted, fresh, per_stream, sync, timing
from ticketlake.sim.autotask import DEFAULT_INTEGRATION_CODE, DEFAULT_SECRET, DEFAULT_USERNAME
from ticketlake.store import open_store
from ticketlake.store.base import Store

WORK = ROOT / "build" / "bench-autotask"
TICKETS = int(os.environ.get("BENCH_AUTOTASK_TICKETS", "100000"))
SCALE = float(os.environ.get("BENCH_AUTOTASK_TIME_SCALE", "1"))
SLICE = int(os.environ.get("BENCH_AUTOTASK_SLICE", "2000"))
HISTORY_SLICE = int(os.environ.get("BENCH_AUTOTASK_HISTORY_SLICE", "400"))
THRESHOLD, OTHERS, SHARE = 10_000, 1_200, 0.5
"""The tenant's requests an hour, the other integrations' (healthy scenario), our share."""
WATCH_EVERY = 30.0
"""Virtual seconds between two readings of the tenant's usage."""
CONNECTION = "bench"


def run(tickets: int = TICKETS, scale: float = SCALE) -> dict[str, Any]:
    """Serve the tenant, measure ticketlake, then the peers on a slice; return the figures."""
    WORK.mkdir(parents=True, exist_ok=True)
    port = free_port()
    options = ("--other-integrations-rph", str(OTHERS))
    sim = start_simulator(port, tickets, scale, WORK / "simulator.log", source="autotask",
                          options=options)  # fmt: skip
    root = f"http://127.0.0.1:{port}"
    try:
        ours = _ticketlake(root, scale)
        peers = _peers(root, scale, ours["backfill"]["stored"]["tickets"])
        emails = suspensions(root)
    finally:
        sim.terminate()
        sim.wait(timeout=30)
    return _figures(tickets, scale, ours, peers, emails)


def _client(root: str, scale: float) -> PlainClient:
    return PlainClient(f"{root}/ATServicesRest", DEFAULT_USERNAME, DEFAULT_SECRET,
                       DEFAULT_INTEGRATION_CODE, scale)  # fmt: skip


def _ticketlake(root: str, scale: float) -> dict[str, Any]:
    """The backfill (with the tenant's usage watched), the unchanged sync, the truth."""
    conn = at_connection(f"{root}/ATServicesRest", name=CONNECTION)
    db = fresh(WORK / "ticketlake.duckdb")
    watcher = _client(root, scale)
    try:
        with UsageWatch(watcher, OTHERS, WATCH_EVERY) as watch:
            first = sync(conn, db, scale)
    finally:
        watcher.close()
    again = sync(conn, db, scale)
    truth = WORK / "truth"
    shutil.rmtree(truth, ignore_errors=True)
    httpx.post(f"{root}/_simulator/truth", json={"folder": str(truth)}, timeout=1800)
    return {"backfill": first, "usage": watch.figures(), "unchanged": again,
            "differences": _differences(db, truth, first)}  # fmt: skip


def _differences(db: Path, truth: Path, summary: dict[str, Any]) -> dict[str, Any]:
    """Rows per table that differ from the truth; when the backfill did not read TicketHistory
    (its budget did not allow it), also the notes alone, history aside."""
    store = open_store(f"duckdb:///{db}", read_only=True)
    try:
        found = {t: counted(d) for t, d in differences(store, truth, CONNECTION).items() if d}
        out: dict[str, Any] = {"per_table": found, "total": sum(found.values())}
        if summary["streams"]["ticket_history"]["calls"] == 0:
            notes = _notes_differing(store, truth)
            rest = {t: n for t, n in found.items() if t not in ("ticket_events", "status_changes")}
            out["history_aside"] = {"ticket_notes": notes, **rest,
                                    "total": notes + sum(rest.values())}  # fmt: skip
    finally:
        store.close()
    return out


def _notes_differing(store: Store, truth: Path) -> int:
    """Notes missing from the store, not in the truth, or stored otherwise."""
    expected, stored = (
        {k: v for k, v in events.items() if k.startswith("note:")}
        for events in (expected_events(truth), stored_events(store, CONNECTION))
    )
    return sum(1 for k in expected.keys() | stored.keys() if expected.get(k) != stored.get(k))


def _peers(root: str, scale: float, tickets: int) -> dict[str, Any]:
    """django-autotask's way and the naive way on a slice, each scaled to ``tickets``."""
    client = _client(root, scale)
    try:
        first, started = backfill(client, SLICE, HISTORY_SLICE)
        again = unchanged(client, first.ids, started)
    finally:
        client.close()
    note = (f"measured on the first {first.tickets:,} tickets ({first.history_tickets:,} for "
            f"TicketHistory), scaled linearly to {tickets:,}; the reference reads measured "
            "whole; never faster than the tenant's threshold allows")  # fmt: skip
    room = THRESHOLD - OTHERS
    out: dict[str, Any] = {}
    for name, naive in (("django_autotask", False), ("naive", True)):
        scaled = whole(first, tickets, naive=naive)
        limited = hour_floor(scaled["calls"], room)
        scaled |= {
            "note": note,
            "budget_hours_at_our_share": round(scaled["calls"] / (SHARE * THRESHOLD), 2),
            "threshold_floor_seconds": limited,
            "linear_virtual_seconds": scaled["virtual_seconds"],
            "virtual_seconds": max(scaled["virtual_seconds"], limited),
        }  # fmt: skip
        out[name] = {"measured": measured(first, naive=naive), "backfill": scaled}
    out["django_autotask"]["nothing_changed"] = whole(again, tickets, naive=False)
    out["naive"]["nothing_changed"] = "as django_autotask's: no ticket changed, no history read"
    out["refused"] = client.refused
    return out


def _per_entity(endpoints: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Calls per entity (``POST V1.0/Tickets/query/next`` is the Tickets entity's)."""
    found: Counter[str] = Counter()
    for key, stats in endpoints.items():
        found[key.split()[1].split("/")[1]] += int(stats["calls"])
    return dict(sorted(found.items()))


def _budget(s: dict[str, Any]) -> dict[str, Any]:
    """The backfill's calls against our share of the tenant's hour."""
    an_hour = int(SHARE * THRESHOLD)
    floor = s["calls"] / an_hour * 3600
    pools = s["plan"].get("pools") or {}
    return {
        "share": SHARE, "our_calls_an_hour": an_hour,
        "hours_used": round(s["calls"] / an_hour, 3),
        "hours_planned": next((p["budget_hours"] for p in pools.values()), None),
        # calls needed / our share of the threshold, as if they had to be spread evenly
        "floor_seconds": round(floor, 1),
        "elapsed_over_floor": round(s["elapsed_seconds"] / floor, 3) if floor else None,
        # a rolling hour lets the first `an_hour` calls go at once: what the budget imposes
        "rolling_hour_floor_seconds": hour_floor(s["calls"], an_hour),
    }  # fmt: skip


def _figures(tickets: int, scale: float, ours: dict[str, Any], peers: dict[str, Any],
             emails: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    s, again = ours["backfill"], ours["unchanged"]
    usage = ours["usage"] | {
        "suspensions": len(emails),
        "throttled": s["throttled"],
        "retries": sum(e.get("retries", 0) for e in s["endpoints"].values()),
    }
    django, naive = peers["django_autotask"], peers["naive"]
    return {
        "tenant": {"tickets": tickets, "seed": SEED, "as_of": AS_OF, "time_scale": scale,
                   "threshold_an_hour": THRESHOLD, "other_integrations_an_hour": OTHERS},
        "ticketlake": {
            "backfill": {
                **timing(s), "real_seconds": s["wall_seconds"],
                "calls_per_entity": _per_entity(s["endpoints"]), "calls_per_stream": per_stream(s),
                "budget": _budget(s), "tenant_usage": usage, "stored": s["stored"],
                "notes": {n: st["note"] for n, st in s["streams"].items() if st["note"]},
            },
            "nothing_changed": {"ok": again["ok"], "calls": again["calls"],
                                "calls_per_stream": per_stream(again),
                                "virtual_seconds": again["elapsed_seconds"]},
            "differences_from_truth": ours["differences"],
        },
        "django_autotask": django, "naive": naive, "peer_calls_refused": peers["refused"],
        "ratios": {
            # django-autotask reads no TicketHistory; ticketlake reads it where its share of
            # the hour affords it (see the backfill's notes), the naive client for every ticket
            "django_calls_over_ours_history_aside": round(django["backfill"]["calls"] / (
                s["calls"] - s["streams"]["ticket_history"]["calls"]), 2),
            "django_time_over_ours": round(
                django["backfill"]["virtual_seconds"] / s["elapsed_seconds"], 1),
            "naive_calls_over_ours": round(naive["backfill"]["calls"] / s["calls"], 1),
            "naive_time_over_ours": round(
                naive["backfill"]["virtual_seconds"] / s["elapsed_seconds"], 1),
            "django_unchanged_calls_over_ours": round(
                django["nothing_changed"]["calls"] / again["calls"], 1),
            "targets": "zero throttling, zero suspensions, our hourly peak within our share",
        },
    }  # fmt: skip


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else TICKETS
    print(json.dumps(run(tickets=size), indent=2, default=str))

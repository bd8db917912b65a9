"""What a continued slice spends before its first data call: a sync resuming a backfill that a
slice left part-read, on simulated TeamDynamix tenants of ``BENCH_CONTINUED_TICKETS`` tickets
(3000,6000).

The first slice is cut the same way on every run (``tests/e2e/cut.py``): the ticket walk, the
feed and the time walk each keep their first batch that leaves the pass part-read, as a slice
stopped at its deadline there would. The second sync resumes from those cursors; the figures:

- its calls before its first ``GET tickets/{id}`` (the per-ticket details that bound a
  backfill), and on what: sampled ticket feeds (the census's), ticket and time searches,
  feed pages, the rest (log-in, reference lists, probes); virtual seconds to that call and
  to the plan (every estimate in);
- its calls per endpoint, planned and made.

In process (``httpx.ASGITransport``) at ``BENCH_CONTINUED_TIME_SCALE`` (200) times real time.
``python -m bench.continued``; at an earlier commit, copy this file and ``tests/e2e/cut.py``
there to measure it before.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from tests.e2e.cut import CutStore, Sent
from tests.e2e.simtenant import make_sim, sync_in_process

from ticketlake.store import open_store

TICKETS = [int(n) for n in (os.environ.get("BENCH_CONTINUED_TICKETS", "").strip() or
                             "3000,6000").split(",") if n.strip()]  # fmt: skip
SCALE = float(os.environ.get("BENCH_CONTINUED_TIME_SCALE", "").strip() or "200")
CUT = ("tickets", "ticket_events", "time_entries")
DETAIL = re.compile(r"/api/\d+/tickets/\d+$")
KINDS = {
    "sampled ticket feeds": re.compile(r"/tickets/\d+/feed$"),
    "ticket searches": re.compile(r"/tickets/search$"),
    "time searches": re.compile(r"/time/search$"),
    "feed pages": re.compile(r"/tickets/feed$"),
}
ENDPOINTS = {
    "sampled ticket feeds": "GET api/{appId}/tickets/{id}/feed",
    "ticket searches": "POST api/{appId}/tickets/search",
    "time searches": "POST api/time/search",
    "feed pages": "GET api/{appId}/tickets/feed",
    "ticket details": "GET api/{appId}/tickets/{id}",
}


def _kind(path: str) -> str:
    return next((k for k, pattern in KINDS.items() if pattern.search(path)), "other")


def _before_first_detail(sent: Sent) -> dict[str, Any]:
    paths = [path for method, path, _ in sent.requests]
    first = next((i for i, p in enumerate(paths) if DETAIL.search(p)), len(paths))
    kinds = Counter(_kind(p) for p in paths[:first])
    return {"calls": first, **{k: kinds.get(k, 0) for k in (*KINDS, "other")}}


def _first_detail_after(requests: list[Any]) -> float | None:
    """Virtual seconds from a sync's first request to its first ``GET tickets/{id}``."""
    first = next((r.at for r in requests if DETAIL.search(r.path)), None)
    return None if first is None or not requests else round(first - requests[0].at, 1)


def _continued(tickets: int, folder: Path) -> dict[str, Any]:
    sim = make_sim(tickets, seed=7, scale=SCALE)
    store = open_store(f"duckdb:///{folder / 'data.duckdb'}")
    try:
        first = sync_in_process(sim, CutStore(store, CUT))
        sent = Sent(httpx.ASGITransport(app=sim.app))
        start = len(sim.tenant.requests)
        summary = sync_in_process(sim, store, http=sent)
    finally:
        store.close()
    planned = summary.planned.to_json()["endpoints"]
    assert isinstance(planned, dict)
    return {
        "first_slice_ok": first.ok,
        "continued_ok": summary.ok,
        "before_first_detail_call": _before_first_detail(sent),
        "first_detail_after_seconds": _first_detail_after(sim.tenant.requests[start:]),
        "plan_made_after_seconds": summary.planned_after_seconds,
        "calls": {
            name: {
                "planned": planned.get(key, {}).get("calls", 0),
                "made": summary.endpoints[key]["calls"],
            }
            for name, key in ENDPOINTS.items()
        },
        "created_date_searches": sum(
            b"CreatedDateTo" in body for body in sent.bodies("/tickets/search")
        ),
    }


def run() -> dict[str, Any]:
    """The figures of a continued slice (see the module's docstring)."""
    figures: dict[str, Any] = {"time_scale": SCALE}
    for tickets in TICKETS:
        with tempfile.TemporaryDirectory(prefix="bench-continued-") as folder:
            figures[f"{tickets} tickets"] = _continued(tickets, Path(folder))
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))

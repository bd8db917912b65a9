"""Sharing the DuckDB file: what taking turns costs a sync, and how long a reader waits.

``run()`` (called by ``make bench``) or ``python -m bench.sharing [ROWS]``. A commit loop stores
synthetic tickets in ``BATCH``-row batches, each with its cursor, as a sync does:

1. ``held``: through one ``DuckDBStore`` kept open from start to end (what ticketlake does;
   it gives the file up only when another process waits for it);
2. ``reopened``: opening the store before and closing it after every batch, the alternative of
   "one open per unit of work" (each close checkpoints);
3. ``with_reader``: ``held`` while another process opens the store read-only, counts the
   tickets and closes it, every half second: the writer's rows/s and the reader's wait.

Rows per CPU second are reported beside rows per second: the machine is shared.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pyarrow as pa

from bench._measure import cpu_seconds
from bench._tdx_synth import bodies
from ticketlake.connectors.rows import json_objects
from ticketlake.connectors.teamdynamix import mapping
from ticketlake.records import Batch
from ticketlake.store import open_store

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "bench-sharing"
ROWS, BATCH = 100_000, 1_000
SETTINGS = "threads=1&memory_limit=192MB"

READER = """
import pathlib, statistics, sys, time
from ticketlake.store import open_store
url, stop, waits = sys.argv[1], pathlib.Path(sys.argv[2]), []
while not stop.exists():
    start = time.perf_counter()
    store = open_store(url, read_only=True, migrate=False)
    store.query("SELECT count(*) FROM tickets")
    store.close()
    waits.append(time.perf_counter() - start)
    time.sleep(0.5)
print(len(waits), statistics.median(waits), max(waits))
"""
"""Opens the store, counts the tickets and closes it every half second until told to stop."""


def run(rows: int = ROWS) -> dict[str, Any]:
    """Measure the three loops; return the figures (also for build/bench.json)."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    pages = _pages(rows)
    held = _loop(pages, "held")
    reopened = _loop(pages, "reopened")
    with_reader = _loop(pages, "with_reader")
    return {
        "what": f"{rows:,} synthetic tickets committed in {BATCH:,}-row batches with a cursor",
        "held": held,
        "reopened": reopened,
        "with_reader": with_reader,
        "reopened_over_held_cpu": round(reopened["cpu_seconds"] / held["cpu_seconds"], 2),
    }


def _pages(rows: int) -> list[tuple[int, pa.Table]]:
    tz = ZoneInfo("America/New_York")
    return [
        (last_id, mapping.tickets(json_objects(payload), connection="bench", tz=tz))
        for last_id, payload in bodies(1, rows, BATCH, orjson.dumps)
    ]


def _loop(pages: list[tuple[int, pa.Table]], mode: str) -> dict[str, Any]:
    url = f"duckdb://{WORK / mode}.duckdb?{SETTINGS}"
    open_store(url).close()  # the schema, untimed
    reader = _reader(url) if mode == "with_reader" else None
    wall, cpu = time.perf_counter(), cpu_seconds()
    store = None if mode == "reopened" else open_store(url, migrate=False)
    for last_id, table in pages:
        target = store or open_store(url, migrate=False)
        target.write(Batch("bench", rows={"tickets": table}, cursors={"tickets": last_id}))
        if store is None:
            target.close()
    if store is not None:
        store.close()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    rows = sum(t.num_rows for _, t in pages)
    figures: dict[str, Any] = {
        "rows_per_s": round(rows / wall),
        "rows_per_cpu_s": round(rows / cpu),
        "cpu_seconds": round(cpu, 2),
    }
    if reader is not None:
        (WORK / "stop").touch()
        figures["reader"] = _reader_figures(reader)
    return figures


def _reader(url: str) -> subprocess.Popen[str]:
    reader = subprocess.Popen([sys.executable, "-c", READER, url, str(WORK / "stop")],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip
    time.sleep(1.0)  # its first query in, before the writer starts
    return reader


def _reader_figures(reader: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = reader.communicate(timeout=120)
    count, median, worst = out.split()
    return {
        "queries": int(count),
        "median_wait_s": round(float(median), 2),
        "max_wait_s": round(float(worst), 2),
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS), indent=2))

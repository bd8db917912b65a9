"""Local throughput: synthetic TDX search answers -> canonical tickets -> DuckDB, against dlt and
against DuckDB's own floor for the same rows.

``run()`` (called by ``make bench``) or ``python -m bench.throughput [ROWS]``, each in a child
process with DuckDB on one thread and a bounded memory:

1. ticketlake on 1,000,000 tickets down the tickets stream's own path (the body split into the
   objects' JSON texts as ``TdxApi.search_tickets`` does, the walker's row identities, the
   mapping, ``Store.write`` with the cursor; pages of ``BATCH`` rows, one transaction each):
   rows/s, rows per CPU second, CPU per stage, peak RSS;
2. DuckDB's floor on the same 1,000,000 rows: the canonical Arrow tables, built untimed, inserted
   by a bare DuckDB connection into the same table (no parsing, no mapping, no upsert, no
   cursor). No pipeline stores these rows faster on this machine; ``of_floor`` says how close
   ticketlake comes;
3. ticketlake and dlt's default pipeline into DuckDB on the first 100,000 tickets, dlt in
   ``build/bench-venv`` (created here, never the project venv). When dlt cannot be installed
   the figures say so.

Page generation is never timed. CPU seconds (user + system, children included) are reported next
to wall time because the machine is shared: rows per CPU second is the per-core figure.
Targets (issue 5): >= 100,000 rows/s on one core, >= 25x dlt, peak RSS < 500 MB.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench._venv import bench_python

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
WORK = BUILD / "bench-throughput"
DLT_REQUIREMENT = "dlt[duckdb]>=1.0,<2"
ROWS, SLICE, BATCH = 1_000_000, 100_000, 5_000
TARGETS = {"rows_per_s": 100_000, "times_dlt": 25, "peak_rss_mb": 500}
RSS_CAP_MB = 10_000


def run(rows: int = ROWS, slice_rows: int = SLICE, batch: int = BATCH) -> dict[str, Any]:
    """Measure ticketlake and dlt in this run; return the figures (also for build/bench.json)."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    ticketlake = _ticketlake(rows, batch, "full", "sync")
    floor = _ticketlake(rows, batch, "floor", "floor")
    ticketlake_slice = _ticketlake(slice_rows, batch, "slice", "sync")
    dlt = _dlt(slice_rows, batch)
    figures: dict[str, Any] = {
        "what": "synthetic TDX ticket search rows (JSON, ~2.9 KB each) -> canonical tickets "
        "(with raw JSON) -> DuckDB",
        "row_json_bytes": _row_bytes(),
        "ticketlake": ticketlake,
        "duckdb_floor": floor,
        "of_floor": {
            "wall": _ratio(ticketlake, floor, "rows_per_s"),
            "cpu": _ratio(ticketlake, floor, "rows_per_cpu_s"),
        },
        "ticketlake_on_dlt_slice": ticketlake_slice,
        "dlt": dlt,
        "targets": TARGETS,
        "times_dlt": {
            "wall": _ratio(ticketlake_slice, dlt, "rows_per_s"),
            "cpu": _ratio(ticketlake_slice, dlt, "rows_per_cpu_s"),
        },
    }
    figures["meets_targets"] = {
        "rows_per_s": ticketlake.get("rows_per_cpu_s", 0) >= TARGETS["rows_per_s"],
        "times_dlt": (figures["times_dlt"]["cpu"] or 0) >= TARGETS["times_dlt"],
        "peak_rss_mb": ticketlake.get("peak_rss_mb", 1e9) < TARGETS["peak_rss_mb"],
    }
    shutil.rmtree(WORK, ignore_errors=True)
    return figures


def _row_bytes() -> int:
    from bench._tdx_synth import pages

    [page] = pages(1, 1000, 1000)
    return round(len(json.dumps(page, separators=(",", ":"))) / 1000)


def _ticketlake(rows: int, batch: int, name: str, mode: str) -> dict[str, Any]:
    db = WORK / f"ticketlake-{name}.duckdb"
    command = [sys.executable, "-m", "bench._throughput_worker", str(rows), str(batch), str(db)]
    return _worker([*command, mode], _project_env())


def _dlt(rows: int, batch: int) -> dict[str, Any]:
    python = bench_python(DLT_REQUIREMENT, "dlt, duckdb")
    if isinstance(python, str):
        return {"error": python}
    db, dirs = WORK / "dlt.duckdb", WORK / "dlt-pipelines"
    command = [str(python), "-m", "bench._dlt_worker", str(rows), str(batch), str(db), str(dirs)]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = str(ROOT)  # bench._tdx_synth only; ticketlake stays out of this venv
    return _worker(command, env)


def _project_env() -> dict[str, str]:
    paths = [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def _worker(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a worker; kill it if its memory passes ``RSS_CAP_MB`` (dlt's grows with the load,
    and the machine is shared), and say so instead of a figure."""
    out, err = WORK / "worker.out", WORK / "worker.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        started, largest = time.monotonic(), 0.0
        while child.poll() is None:
            largest = max(largest, _tree_rss_mb(child.pid))
            if largest > RSS_CAP_MB:
                child.kill()
                child.wait()
                seconds = round(time.monotonic() - started)
                return {"error": f"killed after {seconds} s: RSS passed {RSS_CAP_MB} MB"}
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=0.5)
    lines = out.read_text().strip().splitlines()
    if child.returncode != 0 or not lines:
        tail = (err.read_text() or out.read_text()).strip().splitlines()[-5:]
        return {"error": f"worker exited {child.returncode}: " + " | ".join(tail)}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, from /proc (0 when gone)."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        proc = Path("/proc") / str(current)
        try:
            status = (proc / "status").read_text()
            children = " ".join(p.read_text() for p in (proc / "task").glob("*/children"))
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines()
                       if line.startswith("VmRSS:")), 0) / 1024  # fmt: skip
        pending.extend(int(c) for c in children.split())
    return total


def _ratio(ours: dict[str, Any], theirs: dict[str, Any], figure: str) -> float | None:
    if figure not in ours or figure not in theirs:
        return None
    return round(ours[figure] / theirs[figure], 2)


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    print(json.dumps(run(rows=size, slice_rows=min(SLICE, size)), indent=2))

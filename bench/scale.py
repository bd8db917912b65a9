"""Scale-out: many simulated TeamDynamix tenants synced by worker processes on Redis and Postgres.

``run()`` (called by ``make bench``) or ``python -m bench.scale``. Two measures:

1. ``fleet``: N small tenants (``BENCH_SCALE_TENANTS``, default 10,50,100; ``BENCH_SCALE_TICKETS``
   each) on ``BENCH_SCALE_WORKERS`` (2) worker processes of ``BENCH_SCALE_CONCURRENCY`` threads:
   each tenant's run elapsed over its own floor (the time its calls take at the documented
   limits: what the API, not ticketlake, imposes; 0 when every endpoint's calls fit in one
   window, and then no ratio), CPU seconds of the workers per 1,000 rows
   stored, and the workers' peak memory;
2. ``large``: one tenant of ``BENCH_SCALE_LARGE`` tickets with 1, 2, 4 workers, in slices of
   ``BENCH_SCALE_SLICE`` seconds (so the slices go from worker to worker): elapsed (first
   slice's start to the last one's end) over the sum of the slices' floors, and the calls the
   simulator refused as over its limit (HTTP 429: it must be 0).

Every tenant is served on its own 127.0.0.1 port (TeamDynamix counts per client IP and host)
from this process, at ``BENCH_SCALE_TIME_SCALE`` (20) times real time; a tenant's floor is in
its own virtual seconds. Needs ``TICKETLAKE_TEST_POSTGRES`` (or ``BENCH_SCALE_POSTGRES``) and a
Redis (``BENCH_SCALE_REDIS``, default db 13 of 127.0.0.1:6379, flushed).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import psycopg
import redis
from tests.e2e.simtenant import served

from bench._sim import ROOT
from ticketlake.catalog import Catalog, open_catalog
from ticketlake.connectors.fieldcheck import validate
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.spec import spec_for
from ticketlake.connectors.teamdynamix.endpoints import ENDPOINTS
from ticketlake.scale.queue import SliceRequest
from ticketlake.scale.schedules import Schedules
from ticketlake.scale.settings import ScaleSettings
from ticketlake.scale.worker import queue_for
from ticketlake.sync.plan import plan_of_calls

LOCAL = NetworkPolicy(allow_insecure_localhost=True)
HANG_GUARD = 1800.0


def _env(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def _sizes() -> list[int]:
    return [int(n) for n in _env("BENCH_SCALE_TENANTS", "10,50,100").split(",") if n.strip()]


SCALE = float(_env("BENCH_SCALE_TIME_SCALE", "20"))
TICKETS = int(_env("BENCH_SCALE_TICKETS", "100"))
LARGE = int(_env("BENCH_SCALE_LARGE", "1500"))
WORKERS = int(_env("BENCH_SCALE_WORKERS", "2"))
CONCURRENCY = int(_env("BENCH_SCALE_CONCURRENCY", "10"))
SLICE = float(_env("BENCH_SCALE_SLICE", "10"))


class Fleet:
    """Tenants served here, a catalog on a fresh Postgres schema, worker processes."""

    def __init__(self, postgres: str, redis_url: str, home: Path, slice_seconds: float) -> None:
        self.schema = f"bench_scale_{uuid.uuid4().hex[:8]}"
        self.postgres = postgres
        self.url = f"{postgres}{'&' if '?' in postgres else '?'}schema={self.schema}"
        self.redis_url = redis_url
        self.env = os.environ | {
            "TICKETLAKE_DATABASE_URL": self.url,
            "TICKETLAKE_REDIS_URL": redis_url,
            "TICKETLAKE_SLICE_SECONDS": str(slice_seconds),
            "TICKETLAKE_HOME": str(home),
        }
        self.logs = home
        self.apps: dict[str, Any] = {}
        self.workers: list[subprocess.Popen[bytes]] = []

    def add(self, stack: ExitStack, catalog: Catalog, name: str, tickets: int, seed: int) -> None:
        from ticketlake.sim import teamdynamix as simulator

        config = simulator.SimConfig(tickets=tickets, seed=seed, time_scale=SCALE)
        app = simulator.create_app(config)
        base = stack.enter_context(served(app))
        values = {"base_url": base, "app_id": str(config.app_id), "username": config.username,
                  "password": config.password, "timezone": "America/New_York"}  # fmt: skip
        catalog.create(name, validate(spec_for("teamdynamix"), values, policy=LOCAL))
        self.apps[name] = app

    def start_workers(self, count: int, concurrency: int) -> None:
        for i in range(count):
            cmd = [sys.executable, "-m", "ticketlake.cli.main", "worker", "--concurrency",
                   str(concurrency), "--time-scale", str(SCALE)]  # fmt: skip
            with (self.logs / f"worker-{len(self.workers)}-{i}.log").open("wb") as log:
                self.workers.append(
                    subprocess.Popen(
                        cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
                    )
                )

    def worker_usage(self) -> tuple[float, float]:
        """CPU seconds of the workers so far, and the largest peak resident set (MB)."""
        cpu, peak = 0.0, 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for proc in self.workers:
            stat = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(stat[11]) + int(stat[12])) / tick  # utime, stime
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        return cpu, peak

    def stop_workers(self) -> None:
        for proc in self.workers:
            proc.terminate()
        for proc in self.workers:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.workers = []

    def throttled(self, name: str) -> int:
        return sum(1 for r in self.apps[name].state.tenant.requests if r.status == 429)

    def drop(self) -> None:
        with psycopg.connect(self.postgres, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


def _wait_done(catalog: Catalog, names: list[str]) -> None:
    deadline = time.monotonic() + HANG_GUARD
    schedules = Schedules(catalog)
    while time.monotonic() < deadline:
        rows = {s.connection: s.last_status for s in schedules.all()}
        if all(rows.get(n) in ("done", "failed") for n in names):
            return
        time.sleep(0.5)
    raise TimeoutError(f"not done in {HANG_GUARD:.0f} s")


def _runs(catalog: Catalog, name: str) -> list[Any]:
    return sorted(catalog.history.runs(name, limit=1000), key=lambda r: r.started_at)


def _span(runs: list[Any]) -> float:
    """Real seconds from the first slice's start to the last one's end."""
    return float((runs[-1].finished_at - runs[0].started_at).total_seconds())


def _floor(runs: list[Any]) -> float:
    """The floor of every call the runs made together, at TeamDynamix's documented limits
    (a slice's own floor is no part of it: a slice's calls often fit in windows it opened)."""
    calls: dict[str, int] = {}
    for run in runs:
        for key, stats in ((run.detail or {}).get("endpoints") or {}).items():
            calls[key] = calls.get(key, 0) + int(stats.get("calls", 0))
    return plan_of_calls(calls, ENDPOINTS).floor


def _over(elapsed: float, floor: float) -> float | None:
    return round(elapsed / floor, 2) if floor else None


def _fleet(postgres: str, redis_url: str, tenants: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as home, ExitStack() as stack:
        os.environ["TICKETLAKE_HOME"] = home
        fleet = Fleet(postgres, redis_url, Path(home), 600.0)
        try:
            catalog = stack.enter_context(open_catalog(fleet.url, actor="bench"))
            names = [f"small{i}" for i in range(tenants)]
            for i, name in enumerate(names):
                fleet.add(stack, catalog, name, TICKETS, seed=100 + i)
            fleet.start_workers(WORKERS, CONCURRENCY)
            started = time.monotonic()
            queue = queue_for(ScaleSettings(redis_url=redis_url))
            for name in names:
                queue.enqueue(SliceRequest(name))
            _wait_done(catalog, names)
            makespan = time.monotonic() - started
            cpu, peak = fleet.worker_usage()
            fleet.stop_workers()
            ratios, floors, rows, ok = [], [], 0, 0
            for name in names:
                runs = _runs(catalog, name)
                ok += runs[-1].status == "ok"
                floor, elapsed = _floor(runs), _span(runs) * SCALE
                floors.append(floor)
                if floor:
                    ratios.append(elapsed / floor)
                rows += sum((runs[-1].detail or {}).get("stored", {}).values())
            return {
                "tenants": tenants,
                "ok": ok,
                "makespan_s": round(makespan, 1),
                "floor_virtual_s_median": round(statistics.median(floors), 1),
                "elapsed_over_floor_median": round(statistics.median(ratios), 2)
                if ratios
                else None,
                "elapsed_over_floor_max": round(max(ratios), 2) if ratios else None,
                "rows_stored": rows,
                "worker_cpu_s_per_1000_rows": round(1000 * cpu / rows, 3) if rows else None,
                "worker_peak_mb": round(peak, 1),
                "throttled_429": sum(fleet.throttled(n) for n in names),
            }
        finally:
            fleet.stop_workers()
            fleet.drop()


def _large(postgres: str, redis_url: str, workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as home, ExitStack() as stack:
        os.environ["TICKETLAKE_HOME"] = home
        fleet = Fleet(postgres, redis_url, Path(home), SLICE)
        try:
            catalog = stack.enter_context(open_catalog(fleet.url, actor="bench"))
            fleet.add(stack, catalog, "large", LARGE, seed=7)
            fleet.start_workers(workers, 1)
            queue_for(ScaleSettings(redis_url=redis_url)).enqueue(SliceRequest("large"))
            _wait_done(catalog, ["large"])
            fleet.stop_workers()
            runs = _runs(catalog, "large")
            elapsed, floor = _span(runs) * SCALE, _floor(runs)
            return {
                "workers": workers,
                "slices": len(runs),
                "last": runs[-1].status,
                "elapsed_virtual_s": round(elapsed, 1),
                "floor_virtual_s": round(floor, 1),
                "elapsed_over_floor": _over(elapsed, floor),
                "calls": sum(r.calls for r in runs),
                "calls_over_the_limit_429": fleet.throttled("large"),
            }
        finally:
            fleet.stop_workers()
            fleet.drop()


def run() -> dict[str, Any]:
    """Both measures; skipped with the reason when Postgres or Redis is missing."""
    postgres = _env("BENCH_SCALE_POSTGRES", os.environ.get("TICKETLAKE_TEST_POSTGRES", ""))
    redis_url = _env("BENCH_SCALE_REDIS", "redis://127.0.0.1:6379/13")
    if not postgres:
        return {"skipped": "set TICKETLAKE_TEST_POSTGRES (or BENCH_SCALE_POSTGRES)"}
    client = redis.Redis.from_url(redis_url)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        return {"skipped": f"no Redis at {redis_url}: {exc}"}
    settings = {"time_scale": SCALE, "tickets_each": TICKETS, "workers": WORKERS,
                "concurrency": CONCURRENCY, "large_tickets": LARGE, "slice_s": SLICE}  # fmt: skip
    fleet, large = [], []
    for tenants in _sizes():
        client.flushdb()
        fleet.append(_fleet(postgres, redis_url, tenants))
        print(json.dumps(fleet[-1]), flush=True)
    for workers in (1, 2, 4):
        client.flushdb()
        large.append(_large(postgres, redis_url, workers))
        print(json.dumps(large[-1]), flush=True)
    client.flushdb()
    return {"settings": settings, "fleet": fleet, "large": large}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

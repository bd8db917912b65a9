"""The simulated tenants for the benchmarks: ``ticketlake sim teamdynamix`` (``autotask``,
``teamwork``) in a child process on a free 127.0.0.1 port, returned once it answers.

Its data is pinned to ``AS_OF`` (``BENCH_AS_OF``, default 2026-11-01) unless a benchmark names
another: a tenant's data follows weekdays and seasons counted back from it, so figures are
reproducible only with the date they were measured on (``build/bench.json`` records it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEED = 1
AS_OF = os.environ.get("BENCH_AS_OF", "2026-11-01")
READY = {
    "teamdynamix": "/TDWebApi/api/applications",
    "autotask": "/ATServicesRest/versioninformation",
    "teamwork": "/_simulator/form",
}
"""A path each simulator answers once it serves (no credentials needed)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_simulator(
    port: int,
    tickets: int,
    scale: float,
    log: Path,
    *,
    seed: int = SEED,
    as_of: str = AS_OF,
    timeout: float = 300.0,
    source: str = "teamdynamix",
    options: tuple[str, ...] = (),
) -> subprocess.Popen[bytes]:
    """Start ``ticketlake sim SOURCE`` (with its own ``options`` added) and wait until it
    answers."""
    cmd = [sys.executable, "-m", "ticketlake", "sim", source, "--host", "127.0.0.1",
           "--port", str(port), "--tickets", str(tickets), "--seed", str(seed),
           "--time-scale", str(scale), "--as-of", as_of, *options]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the simulator exited early; see {log}")
        try:
            httpx.get(f"http://127.0.0.1:{port}{READY[source]}", timeout=2.0)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the simulator did not start within {timeout:.0f} s")

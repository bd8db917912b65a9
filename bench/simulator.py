"""The simulated reference tenant's own cost: how soon 100,000 tickets are served, and what an
all-tickets search (``MaxResults: 0``) costs the simulator.

``python -m bench.simulator [TICKETS]`` prints the figures; ``run()`` returns them. The
simulator runs in its own process (``ticketlake sim teamdynamix``); its peak memory is read from
``/proc/PID/status`` (VmHWM) before it is stopped.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench._sim import ROOT, free_port, start_simulator

BUILD = ROOT / "build"
TICKETS = 100_000
USERNAME, PASSWORD, APP_ID = "ticketlake-svc", "sim-password-1", 627


def run(tickets: int = TICKETS) -> dict[str, Any]:
    """Start the simulator, time its readiness and one all-tickets search; return figures."""
    BUILD.mkdir(exist_ok=True)
    port = free_port()
    started = time.monotonic()
    sim = start_simulator(port, tickets, 1.0, BUILD / "bench-simulator.log")
    base = f"http://127.0.0.1:{port}/TDWebApi/api"
    try:
        ready = time.monotonic() - started
        login = {"username": USERNAME, "password": PASSWORD}
        token = httpx.post(f"{base}/auth", json=login, timeout=30).text
        asked = time.monotonic()
        answer = httpx.post(
            f"{base}/{APP_ID}/tickets/search",
            json={"MaxResults": 0},
            headers={"Authorization": f"Bearer {token}"},
            timeout=900,
        )
        searched = time.monotonic() - asked
        answer.raise_for_status()
        found = len(answer.json())
        status = Path(f"/proc/{sim.pid}/status").read_text().splitlines()
        peak = next((int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM")), 0)
    finally:
        sim.terminate()
        sim.wait(timeout=30)
    return {
        "tickets": tickets,
        "ready_seconds": round(ready, 1),
        "search_all": {
            "seconds": round(searched, 1),
            "tickets_returned": found,
            "json_mb": round(len(answer.content) / 1e6, 1),
        },
        "simulator_peak_rss_mb": round(peak, 1),
        "targets": "ready in < 30 s; the all-tickets search answers without running out of memory",
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else TICKETS), indent=2))

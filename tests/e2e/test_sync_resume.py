"""A sync killed with SIGKILL at random points, then resumed, ends equal to the truth.

The simulator is served on 127.0.0.1 by uvicorn in a thread; each sync is a separate process
(``python -m ticketlake.cli.sync``) killed once the simulator has answered a random number of
its requests, so the kill lands anywhere: mid-window, mid-page, mid-transaction.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ticketlake.store import open_store

from .simtenant import APP_ID, PASSWORD, USERNAME, make_sim, served
from .truth import differences

pytestmark = pytest.mark.slow
KILLS = 10
SCALE = 2000.0


def sync_process(base: str, store: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "ticketlake.cli.sync", "sim", "--json", "--base-url", base,
           "--app-id", str(APP_ID), "--username", USERNAME, "--store", f"duckdb:///{store}",
           "--time-scale", str(SCALE), "--time-zone", "America/New_York"]  # fmt: skip
    env = os.environ | {"TICKETLAKE_PASSWORD": PASSWORD}
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_after(proc: subprocess.Popen[bytes], requests: list[object], count: int) -> bool:
    """SIGKILL ``proc`` once the simulator has served ``count`` more requests; False if it
    finished first."""
    target = len(requests) + count
    while len(requests) < target:
        if proc.poll() is not None:
            return False
        time.sleep(0.002)  # polling the simulator's request log, not timing anything
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def test_killed_ten_times_then_resumed_equals_the_truth(tmp_path: Path) -> None:
    sim = make_sim(600, seed=21, scale=SCALE)
    store = tmp_path / "data.duckdb"
    rng = random.Random(2024)
    kills = 0
    with served(sim.app) as base:
        while kills < KILLS:
            proc = sync_process(base, store)
            if kill_after(proc, sim.tenant.requests, rng.randint(2, 25)):
                kills += 1
            else:
                break  # it finished before the kill point: the rest is resumption anyway
        final = sync_process(base, store)
        _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()[-2000:]
    assert kills >= 1
    target = open_store(f"duckdb:///{store}")
    try:
        found = differences(target, sim.truth(tmp_path / "truth"), "sim", ZoneInfo("UTC"))
    finally:
        target.close()
    assert {t: d for t, d in found.items() if d} == {}

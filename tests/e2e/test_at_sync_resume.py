"""An Autotask sync killed with SIGKILL at random points, then resumed, ends equal to the truth.

The simulator is served on 127.0.0.1 by uvicorn in a thread; each sync is a separate process
(``python -m tests.e2e.atsyncproc``) killed once the simulator has answered a random number of
its requests, so the kill lands anywhere: mid-page, mid-pass, mid-transaction.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from ticketlake.sim.autotask import DEFAULT_INTEGRATION_CODE, DEFAULT_SECRET
from ticketlake.store import open_store

from .atsim import make_at_sim
from .attruth import differences
from .simtenant import served
from .test_sync_resume import kill_after

pytestmark = pytest.mark.slow
KILLS = 10
SCALE = 2000.0
ROOT = Path(__file__).resolve().parents[2]


def sync_process(discovery: str, store: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "tests.e2e.atsyncproc", discovery, f"duckdb:///{store}",
           str(SCALE)]  # fmt: skip
    env = os.environ | {"AT_SECRET": DEFAULT_SECRET, "AT_CODE": DEFAULT_INTEGRATION_CODE}
    return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip


def test_killed_ten_times_then_resumed_equals_the_truth(tmp_path: Path) -> None:
    sim = make_at_sim(500, seed=21, scale=SCALE)
    store = tmp_path / "data.duckdb"
    rng = random.Random(2026)
    kills = 0
    with served(sim.app) as base:
        discovery = base.replace("/TDWebApi", "/ATServicesRest")
        while kills < KILLS:
            proc = sync_process(discovery, store)
            if kill_after(proc, sim.tenant.requests, rng.randint(3, 60)):
                kills += 1
            else:
                break  # it finished before the kill point: the rest is resumption anyway
        final = sync_process(discovery, store)
        _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()[-2000:]
    assert kills == KILLS
    target = open_store(f"duckdb:///{store}")
    try:
        found = differences(target, sim.truth(tmp_path / "truth"), "at")
    finally:
        target.close()
    assert {t: d for t, d in found.items() if d} == {}

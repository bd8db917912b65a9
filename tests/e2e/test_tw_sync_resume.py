"""A Teamwork.com sync killed with SIGKILL at random points, then resumed, ends equal to the
truth, for a Projects and a Desk connection.

The simulator is served on 127.0.0.1 by uvicorn in a thread; each sync is a separate process
(``python -m tests.e2e.twsyncproc``) killed once the simulator has answered a random number of
its requests, so the kill lands anywhere: mid-page, mid-pass, mid-transaction.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from ticketlake.sim.teamwork import DEFAULT_API_KEY
from ticketlake.store import open_store

from .simtenant import served
from .test_sync_resume import kill_after
from .twsim import make_tw_sim
from .twtruth import differences

pytestmark = pytest.mark.slow
KILLS = 10
SCALE = 2000.0
ROOT = Path(__file__).resolve().parents[2]


def sync_process(api_type: str, site: str, store: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "tests.e2e.twsyncproc", api_type, site,
           f"duckdb:///{store}", str(SCALE)]  # fmt: skip
    env = os.environ | {"TW_API_KEY": DEFAULT_API_KEY}
    return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip


@pytest.mark.parametrize("api_type", ["projects", "desk"])
def test_killed_ten_times_then_resumed_equals_the_truth(tmp_path: Path, api_type: str) -> None:
    sim = make_tw_sim(4000, 1500, seed=21, scale=SCALE)
    store = tmp_path / "data.duckdb"
    rng = random.Random(2026)
    kills = 0
    with served(sim.app) as base:
        site = base.replace("/TDWebApi", "/us/acme")
        while kills < KILLS:
            proc = sync_process(api_type, site, store)
            if kill_after(proc, sim.tenant.requests, rng.randint(2, 9)):
                kills += 1
            else:
                break  # it finished before the kill point: the rest is resumption anyway
        final = sync_process(api_type, site, store)
        _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()[-2000:]
    assert kills == KILLS
    target = open_store(f"duckdb:///{store}")
    try:
        found = differences(target, sim.truth(tmp_path / "truth"), api_type)
    finally:
        target.close()
    assert {t: d for t, d in found.items() if d} == {}

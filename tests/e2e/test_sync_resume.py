"""A sync killed with SIGKILL at random points, then resumed, ends equal to the truth.

The simulator is served on 127.0.0.1 by uvicorn in a thread; each sync is a separate process
(``python -m ticketlake.cli.sync``) killed once the simulator has answered a random number of
its requests, so the kill lands anywhere: mid-window, mid-page, mid-transaction.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from .killed import differing, killed_then_resumed, start_module
from .simtenant import APP_ID, PASSWORD, USERNAME, make_sim, served
from .truth import differences

pytestmark = pytest.mark.slow
KILLS = 10
SCALE = 2000.0


def sync_process(base: str, store: Path) -> subprocess.Popen[bytes]:
    return start_module("ticketlake.cli.sync", "sim", "--json", "--base-url", base, "--app-id",
                        str(APP_ID), "--username", USERNAME, "--store", f"duckdb:///{store}",
                        "--time-scale", str(SCALE), "--time-zone", "America/New_York",
                        env={"TICKETLAKE_PASSWORD": PASSWORD})  # fmt: skip


def test_killed_ten_times_then_resumed_equals_the_truth(tmp_path: Path) -> None:
    sim = make_sim(600, seed=21, scale=SCALE)
    store = tmp_path / "data.duckdb"
    rng = random.Random(2024)
    with served(sim.app) as base:
        kills = killed_then_resumed(lambda: sync_process(base, store), sim.tenant.requests,
                                    lambda: rng.randint(2, 25), KILLS)  # fmt: skip
    assert kills >= 1
    truth = sim.truth(tmp_path / "truth")
    found = differing(store, lambda target: differences(target, truth, "sim", ZoneInfo("UTC")))
    assert found == {}

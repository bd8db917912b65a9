"""An Autotask sync killed with SIGKILL at random points, then resumed, ends equal to the truth.

The simulator is served on 127.0.0.1 by uvicorn in a thread; each sync is a separate process
(``python -m tests.e2e.atsyncproc``) killed once the simulator has answered a random number of
its requests, so the kill lands anywhere: mid-page, mid-pass, mid-transaction.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ticketlake.sim.autotask import DEFAULT_INTEGRATION_CODE, DEFAULT_SECRET

from .atsim import make_at_sim
from .attruth import differences
from .killed import differing, killed_then_resumed, start_module
from .simtenant import served

pytestmark = pytest.mark.slow
KILLS = 10
SCALE = 2000.0
SECRETS = {"AT_SECRET": DEFAULT_SECRET, "AT_CODE": DEFAULT_INTEGRATION_CODE}


def test_killed_ten_times_then_resumed_equals_the_truth(tmp_path: Path) -> None:
    sim = make_at_sim(500, seed=21, scale=SCALE)
    store = tmp_path / "data.duckdb"
    rng = random.Random(2026)
    with served(sim.app) as base:
        discovery = base.replace("/TDWebApi", "/ATServicesRest")
        kills = killed_then_resumed(
            lambda: start_module("tests.e2e.atsyncproc", discovery, f"duckdb:///{store}",
                                 str(SCALE), env=SECRETS),
            sim.tenant.requests, lambda: rng.randint(3, 60), KILLS,
        )  # fmt: skip
    assert kills == KILLS
    truth = sim.truth(tmp_path / "truth")
    assert differing(store, lambda target: differences(target, truth, "at")) == {}

"""A Teamwork.com sync killed with SIGKILL at random points, then resumed, ends equal to the
truth, for a Projects and a Desk connection.

The simulator is served on 127.0.0.1 by uvicorn in a thread; each sync is a separate process
(``python -m tests.e2e.twsyncproc``) killed once the simulator has answered a random number of
its requests, so the kill lands anywhere: mid-page, mid-pass, mid-transaction.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ticketlake.sim.teamwork import DEFAULT_API_KEY

from .killed import differing, killed_then_resumed, start_module
from .simtenant import served
from .twsim import make_tw_sim
from .twtruth import differences

pytestmark = pytest.mark.slow
KILLS = 10
SCALE = 2000.0


@pytest.mark.parametrize("api_type", ["projects", "desk"])
def test_killed_ten_times_then_resumed_equals_the_truth(tmp_path: Path, api_type: str) -> None:
    sim = make_tw_sim(4000, 1500, seed=21, scale=SCALE)
    store = tmp_path / "data.duckdb"
    rng = random.Random(2026)
    with served(sim.app) as base:
        site = base.replace("/TDWebApi", "/us/acme")
        kills = killed_then_resumed(
            lambda: start_module("tests.e2e.twsyncproc", api_type, site, f"duckdb:///{store}",
                                 str(SCALE), env={"TW_API_KEY": DEFAULT_API_KEY}),
            sim.tenant.requests, lambda: rng.randint(2, 9), KILLS,
        )  # fmt: skip
    assert kills == KILLS
    truth = sim.truth(tmp_path / "truth")
    assert differing(store, lambda target: differences(target, truth, api_type)) == {}

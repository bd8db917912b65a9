"""A simulator and ticketlake at different time scales: the sync says so while it runs and in
its summary, instead of blaming another client for the 429s."""

from __future__ import annotations

import pytest

from tests.pinned import CLOCK_START
from ticketlake.store import open_store
from ticketlake.sync.progress import Live
from ticketlake.transport import ScaledClock

from .simtenant import make_sim, sync_in_process

pytestmark = pytest.mark.slow


def test_a_client_sixty_times_faster_than_the_simulator_is_told_to_unset_its_scale() -> None:
    sim = make_sim(40, scale=1.0)  # a simulator in real time
    store = open_store("duckdb:///:memory:")
    live = Live()
    try:
        summary = sync_in_process(sim, store, clock=ScaledClock(60, start=CLOCK_START),
                                  progress=live)  # fmt: skip
    finally:
        store.close()
    [warning] = live.warnings  # said once, while it ran
    assert "times slower than ticketlake's: a simulator at another time scale" in warning
    assert "fix: `unset TICKETLAKE_TIME_SCALE`" in warning
    assert warning in summary.notes
    assert "another client" not in (summary.error or "")

"""Where the reference says UNCONFIRMED, the sync must be right under every plausible reading:
the simulator plays each one (``Readings``) and the store must still equal its truth."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ticketlake.store import open_store
from ticketlake.store.base import Store

from .simtenant import make_sim, simulator, sync_in_process
from .test_sync_truth import assert_equal_to_truth

APP_FEED = "GET api/{appId}/tickets/feed"


@pytest.fixture
def duck(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"duckdb:///{tmp_path / 'data.duckdb'}")
    yield store
    store.close()


@pytest.mark.parametrize("bounds", ["exclusive", "doc"])
def test_every_reading_of_the_feed_bounds_gives_the_whole_history(
    bounds: str, duck: Store, tmp_path: Path
) -> None:
    sim = make_sim(300, seed=6, readings=simulator().Readings(feed_bounds=bounds))
    summary = sync_in_process(sim, duck)
    assert summary.ok, summary.error
    assert summary.endpoints[APP_FEED]["calls"] > 1  # read through the bulk feed, not per ticket
    assert_equal_to_truth(duck, sim.truth(tmp_path / "truth"))
    sim.tenant.touch(12)
    again = sync_in_process(sim, duck)
    assert again.ok, again.error
    assert_equal_to_truth(duck, sim.truth(tmp_path / "truth-2"))


def test_a_server_that_caps_searches_below_our_max_results_loses_nothing(
    duck: Store, tmp_path: Path
) -> None:
    sim = make_sim(2500, seed=9, readings=simulator().Readings(search_cap=300))
    summary = sync_in_process(sim, duck)
    assert summary.ok, summary.error
    assert_equal_to_truth(duck, sim.truth(tmp_path / "truth"))

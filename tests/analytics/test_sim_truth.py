"""The views agree with the simulated TeamDynamix tenant's own truth, after a real sync.

Simulator -> transport -> connector -> mapping -> store -> views, compared with truth.py's
plain-Python reading of the tenant's truth dump (tickets, statuses, status_history,
time_entries, ticket_feed). Skips, saying so, while the simulator is not in this build.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.simtenant import make_sim, sync_in_process
from ticketlake.analytics.views import install_views

from .conftest import TestStore, throwaway_store
from .test_truth import check_backlog, check_facts, check_volume, check_worklog
from .truth import Truth

TRUTH_TABLES = ("tickets", "statuses", "status_history", "time_entries", "ticket_feed")


@pytest.fixture(
    scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def synced(request: pytest.FixtureRequest) -> Iterator[tuple[TestStore, Truth]]:
    """One sync of a 300-ticket simulated tenant per dialect, shared by this module's tests."""
    sim = make_sim(300, seed=11)
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    with throwaway_store(url) as store:
        summary = sync_in_process(sim, store.store)
        assert summary.ok, summary
        install_views(store.store)
        truth = Truth({name: list(sim.tenant.iter_truth(name)) for name in TRUTH_TABLES})
        yield store, truth


def test_ticket_facts_match_the_simulated_tenant(synced: tuple[TestStore, Truth]) -> None:
    check_facts(*synced, "sim")


def test_backlog_matches_the_simulated_tenant(synced: tuple[TestStore, Truth]) -> None:
    check_backlog(*synced, "sim")


@pytest.mark.parametrize("dimension", ["priority", "group", "type"])
def test_volume_matches_the_simulated_tenant(
    synced: tuple[TestStore, Truth], dimension: str
) -> None:
    check_volume(*synced, "sim", dimension)


def test_volume_by_custom_attributes_matches_the_simulated_tenant(
    synced: tuple[TestStore, Truth],
) -> None:
    store, truth = synced
    attributes = sorted({name for t in truth.tickets.values() for name in t.attributes})
    assert attributes, "the simulated tickets carry no custom attributes"
    for name in attributes:
        check_volume(store, truth, "sim", f"attribute:{name}")


def test_worklog_matches_the_simulated_tenant(synced: tuple[TestStore, Truth]) -> None:
    check_worklog(*synced, "sim")

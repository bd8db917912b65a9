"""The views agree with the metrics computed independently (truth.py) from the tenant's truth.

Here the tenant is the seeded synthetic desk (canonical rows in the store, the same desk in
TeamDynamix truth shapes for truth.py); the simulator-and-sync tenant runs the same checks.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest

from . import synthetic
from .conftest import TestStore
from .filled import rows_as_dicts
from .truth import Truth

MEASURES = [
    "first_response_hours",
    "resolution_hours",
    "reopen_count",
    "sla_respond_met",
    "sla_resolve_met",
    "open_age_days",
]


@pytest.fixture(scope="module")
def truth() -> Truth:
    return Truth(synthetic.as_truth())


@pytest.fixture
def store(empty_store: TestStore) -> TestStore:
    from ticketlake.analytics.views import install_views

    synthetic.load(empty_store)
    install_views(empty_store.store)
    return empty_store


def check_facts(store: Any, truth: Truth, connection: str) -> None:
    """Every measure of every ticket equals the truth's."""
    rows = rows_as_dicts(
        store.query(
            f"SELECT ticket_id, {', '.join(MEASURES)} FROM ticket_facts WHERE connection = $1",
            [connection],
        )
    )
    expected = truth.facts()
    assert sorted(r["ticket_id"] for r in rows) == sorted(expected)
    for row in rows:
        want = expected[row["ticket_id"]]
        for measure in MEASURES:
            got = row[measure]
            if isinstance(want[measure], float):
                assert got == pytest.approx(want[measure], abs=1e-6), (row["ticket_id"], measure)
            else:
                assert got == want[measure], (row["ticket_id"], measure)


def check_backlog(store: Any, truth: Truth, connection: str) -> None:
    """Open tickets at the end of every day equal the truth's."""
    rows = store.query(
        "SELECT day, SUM(open_tickets) FROM backlog_daily WHERE connection = $1 "
        "GROUP BY day ORDER BY day",
        [connection],
    ).rows
    assert {d: int(n) for d, n in rows} == truth.backlog()


def check_volume(store: Any, truth: Truth, connection: str, dimension: str) -> None:
    """Created and resolved per week and value equal the truth's."""
    rows = store.query(
        "SELECT week, value, SUM(created), SUM(resolved) FROM ticket_volume_weekly "
        "WHERE connection = $1 AND dimension = $2 GROUP BY week, value",
        [connection, dimension],
    ).rows
    got: Counter[tuple[date, str, str]] = Counter()
    for week, value, created, resolved in rows:
        got[(week, value, "created")] += int(created)
        got[(week, value, "resolved")] += int(resolved)
    assert +got == truth.volume(dimension)


def check_worklog(store: Any, truth: Truth, connection: str) -> None:
    """Hours per week and person equal the truth's."""
    rows = store.query(
        "SELECT week, person_id, SUM(hours) FROM worklog_weekly WHERE connection = $1 "
        "GROUP BY week, person_id",
        [connection],
    ).rows
    want = truth.worklog()
    assert {(w, p) for w, p, _ in rows} == set(want)
    for week, person, hours in rows:
        assert float(hours) == pytest.approx(want[(week, person)])


def test_ticket_facts_match_the_truth(store: TestStore, truth: Truth) -> None:
    check_facts(store, truth, synthetic.C)


def test_backlog_by_day_matches_the_truth(store: TestStore, truth: Truth) -> None:
    check_backlog(store, truth, synthetic.C)


@pytest.mark.parametrize("dimension", ["priority", "group", "type", "attribute:Campus"])
def test_weekly_volume_matches_the_truth(store: TestStore, truth: Truth, dimension: str) -> None:
    check_volume(store, truth, synthetic.C, dimension)


def test_worklog_matches_the_truth(store: TestStore, truth: Truth) -> None:
    check_worklog(store, truth, synthetic.C)

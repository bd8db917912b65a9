"""The metric views on a hand-made desk (see desk.py), on DuckDB and on Postgres."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ticketlake.analytics.views import VIEWS, install_views, view_sql
from ticketlake.errors import ConfigError

from . import desk
from .conftest import TestStore
from .filled import rows_as_dicts

Store = TestStore


@pytest.fixture
def store(empty_store: Store) -> Store:
    desk.load(empty_store)
    install_views(empty_store)
    return empty_store


def _facts(store: Store) -> dict[int, dict[str, Any]]:
    rows = rows_as_dicts(store.query("SELECT * FROM ticket_facts"))
    return {r["ticket_id"]: r for r in rows}


def test_install_twice_replaces_views(store: Store) -> None:
    install_views(store)
    assert store.query("SELECT COUNT(*) FROM ticket_facts").rows == [(5,)]


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(ConfigError):
        view_sql("ticket_facts", "sqlite")


def test_every_view_reads_without_error(store: Store) -> None:
    for name in VIEWS:
        store.query(f"SELECT * FROM {name}")


def test_first_response_and_resolution_hours(store: Store) -> None:
    facts = _facts(store)
    assert facts[1]["first_response_hours"] == pytest.approx(1.5)
    assert facts[1]["resolution_hours"] == pytest.approx(48.0)
    # T2's resolution runs to its final completion, after the reopen.
    assert facts[2]["resolution_hours"] == pytest.approx(146.0)
    assert facts[3]["resolution_hours"] is None  # still open
    assert facts[5]["resolution_hours"] is None  # cancelled is not resolved


def test_reopen_count_counts_closed_to_open(store: Store) -> None:
    reopens = {tid: f["reopen_count"] for tid, f in _facts(store).items()}
    # T2 went On Hold (still open, no reopen), Resolved, then back In Process (one reopen).
    assert reopens == {1: 0, 2: 1, 3: 0, 4: 0, 5: 0}


def test_sla_met_missed_and_undecided(store: Store) -> None:
    facts = _facts(store)
    assert (facts[1]["sla_respond_met"], facts[1]["sla_resolve_met"]) == (True, False)
    # T3 has no response and its deadline passed before the data's last activity.
    assert facts[3]["sla_respond_met"] is False
    assert facts[2]["sla_respond_met"] is None  # no SLA deadline
    assert facts[5]["sla_respond_met"] is None  # cancelled tickets are left out


def test_age_of_open_tickets_is_measured_from_the_data_as_of(store: Store) -> None:
    facts = _facts(store)
    # T3 opened 7 March 15:00; the last activity is 13 March 12:00.
    assert facts[3]["open_age_days"] == pytest.approx(5.875)
    assert [t for t, f in facts.items() if f["open_age_days"] is not None] == [3]


def test_backlog_by_day_follows_status_history(store: Store) -> None:
    rows = store.query(
        "SELECT day, SUM(open_tickets) FROM backlog_daily GROUP BY day ORDER BY day"
    ).rows
    # 6 March both tickets resolved; 8 March T2 reopened; 11 March T2 resolved again and T4
    # opened and closed the same day; 12 March T5 opened and was cancelled.
    assert [d.day for d, _ in rows] == list(range(4, 14))
    assert [int(n) for _, n in rows] == [1, 2, 0, 1, 2, 2, 2, 1, 1, 1]


def test_backlog_by_day_per_group(store: Store) -> None:
    rows = store.query(
        "SELECT day, open_tickets, opened, closed FROM backlog_daily "
        "WHERE responsible_group_id = $1 ORDER BY day",
        [desk.NETWORK],
    ).rows
    assert [r[1] for r in rows] == [0, 1, 0, 0, 1, 1, 1, 0, 0, 0]
    assert rows[7] == (date(2024, 3, 11), 0, 1, 2)  # T4 opened; T2 and T4 closed


def test_volume_by_week_and_type(store: Store) -> None:
    rows = store.query(
        "SELECT week, value, SUM(created), SUM(resolved) FROM ticket_volume_weekly "
        "WHERE dimension = 'type' GROUP BY week, value ORDER BY week, value"
    ).rows
    assert [(w.day, v, int(c), int(r)) for w, v, c, r in rows] == [
        (4, "Incident", 2, 1),
        (4, "Service Request", 1, 0),
        (11, "Incident", 1, 0),
        (11, "Service Request", 1, 2),
    ]


def test_volume_by_custom_attribute(store: Store) -> None:
    rows = store.query(
        "SELECT week, value, created, resolved FROM ticket_volume_weekly "
        "WHERE dimension = 'attribute:Building' ORDER BY week"
    ).rows
    assert [(w.day, v, c, r) for w, v, c, r in rows] == [(4, "North", 1, 0), (11, "South", 1, 1)]


def test_attribute_with_null_value_is_not_a_category(store: Store) -> None:
    names = store.query("SELECT DISTINCT dimension FROM ticket_volume_weekly").rows
    assert ("attribute:Floor",) not in names


def test_worklog_hours_by_week_group_and_person(store: Store) -> None:
    rows = store.query(
        "SELECT week, responsible_group, person, hours FROM worklog_weekly "
        "ORDER BY week, responsible_group, person"
    ).rows
    assert [(w.day, g, p, round(h, 2)) for w, g, p, h in rows] == [
        (4, "Network", "Ada Lovelace", 1.5),
        (4, "Network", "Grace Hopper", 1.0),
        (4, "Service Desk", "Ada Lovelace", 0.5),
        (11, "Network", "Grace Hopper", 0.75),
    ]


def test_hours_per_ticket(store: Store) -> None:
    rows = store.query("SELECT ticket_id, hours, people FROM ticket_hours ORDER BY 1").rows
    assert [(t, round(h, 2), p) for t, h, p in rows] == [(1, 0.5, 1), (2, 2.5, 2), (4, 0.75, 1)]


def test_sla_attainment_by_group(store: Store) -> None:
    rows = store.query(
        "SELECT responsible_group, SUM(respond_decided), SUM(respond_met), "
        "SUM(resolve_decided), SUM(resolve_met) FROM sla_weekly "
        "GROUP BY responsible_group ORDER BY 1"
    ).rows
    assert [tuple(int(x) if x is not None else None for x in r[1:]) for r in rows] == [
        (0, 0, 0, 0),  # Network: no SLA deadlines
        (2, 1, 1, 0),  # Service Desk: T1 met, T3 missed response; T1 missed resolution
    ]


def test_group_load(store: Store) -> None:
    rows = rows_as_dicts(store.query("SELECT * FROM group_load ORDER BY responsible_group"))
    network, service_desk = rows
    assert (network["open_tickets"], network["members"]) == (0, 2)
    assert (network["created_last_30_days"], network["resolved_last_30_days"]) == (2, 2)
    assert network["hours_last_30_days"] == pytest.approx(3.25)
    assert (service_desk["open_tickets"], service_desk["open_unassigned"]) == (1, 1)


def test_technician_load(store: Store) -> None:
    rows = rows_as_dicts(store.query("SELECT * FROM technician_load ORDER BY person"))
    ada, grace = rows
    assert (ada["primary_group"], ada["open_tickets"]) == ("Service Desk", 0)
    assert ada["resolved_last_30_days"] == 1
    assert ada["hours_last_30_days"] == pytest.approx(2.0)
    assert (grace["resolved_last_30_days"], grace["tickets_worked_last_30_days"]) == (2, 2)


def test_technician_group_falls_back_to_the_group_of_their_tickets(store: Store) -> None:
    store.execute("UPDATE group_members SET is_primary = NULL")
    rows = store.query("SELECT person, primary_group, main_group FROM technician_load ORDER BY 1")
    # Ada is in two groups (none marked primary now), Grace only in Network.
    assert rows.rows == [
        ("Ada Lovelace", None, "Service Desk"),
        ("Grace Hopper", "Network", "Network"),
    ]

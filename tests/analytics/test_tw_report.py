"""The report on a Teamwork.com connection, after a real sync of a simulated site, against the
simulator's truth: Projects tasks give throughput, cycle time and hours by project and person;
Desk tickets give the ITSM figures, and SLA met or missed (in the simulator's truth, not in
Desk's API) is said to be not derivable rather than shown as 0 %."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.twsim import make_tw_sim, sync_tw
from tests.pinned import AS_OF
from ticketlake.analytics import report_html
from ticketlake.analytics.scope import resolve_scope
from ticketlake.analytics.tasks import TaskFigures, task_figures, task_tables
from ticketlake.analytics.views import install_views
from ticketlake.store import open_store
from ticketlake.store.base import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"duckdb:///{tmp_path / 'tw.duckdb'}")
    yield opened
    opened.close()


def synced(store: Store, api_type: str) -> Any:
    """A simulated site synced into ``store``; its tenant (the truth)."""
    sim = make_tw_sim(80, 60, seed=7)
    sync_tw(sim, store, api_type)
    install_views(store)
    return sim.tenant


def figures(store: Store) -> TaskFigures:
    found = task_figures(store, resolve_scope(store, "tw", None, None, None))
    assert found is not None
    return found


def _hours(when: str) -> datetime:
    return datetime.fromisoformat(when.replace("Z", "+00:00"))


def live_tasks(tenant: Any) -> list[dict[str, Any]]:
    return [t for t in tenant.iter_truth("tasks") if t["deletedAt"] is None]


def logged(tenant: Any, key: Any) -> dict[str, float]:
    """Hours of the live time logs on live tasks, added up by ``key(log, task)``."""
    tasks = {t["id"]: t for t in live_tasks(tenant)}
    found: Counter[str] = Counter()
    for log in tenant.iter_truth("timelogs"):
        task = tasks.get((log["task"] or {}).get("id"))
        if not log["deleted"] and task is not None:
            found[key(log, task)] += log["minutes"] / 60
    return dict(found)


def test_task_throughput_counts_every_completed_task(store: Store) -> None:
    tenant = synced(store, "projects")
    done = [t for t in live_tasks(tenant) if t["status"] == "completed"]
    by_week = Counter(_hours(t["completedAt"]).date().isocalendar()[:2] for t in done)
    found = figures(store)
    assert found.completed == len(done)
    assert {w.week.isocalendar()[:2]: w.completed for w in found.weeks} == dict(by_week)


def test_task_cycle_time_is_the_median_from_creation_to_completion(store: Store) -> None:
    tenant = synced(store, "projects")
    spans = [
        (_hours(t["completedAt"]) - _hours(t["createdAt"])).total_seconds() / 3600
        for t in live_tasks(tenant)
        if t["status"] == "completed"
    ]
    assert figures(store).median_cycle_hours == pytest.approx(statistics.median(spans))


def test_hours_by_project_are_the_time_logged_on_its_tasks(store: Store) -> None:
    tenant = synced(store, "projects")
    lists = {x["id"]: x["projectId"] for x in tenant.iter_truth("tasklists")}
    names = {p["id"]: p["name"] for p in tenant.iter_truth("projects")}
    truth = logged(tenant, lambda log, task: names[lists[task["tasklistId"]]])
    table = task_tables(figures(store))[1]
    assert table["title"] == "Hours by project"
    assert {row[0]: row[1] for row in table["rows"]} == {
        name: f"{hours:,.1f}" for name, hours in truth.items()
    }


def test_hours_by_person_are_the_time_each_logged_on_tasks(store: Store) -> None:
    tenant = synced(store, "projects")
    people = {p["id"]: f"{p['firstName']} {p['lastName']}" for p in tenant.iter_truth("people")}
    truth = logged(tenant, lambda log, task: people[log["user"]["id"]])
    table = task_tables(figures(store))[2]
    assert {row[0]: row[1] for row in table["rows"]} == {
        name: f"{hours:,.1f}" for name, hours in truth.items()
    }


def kpi(html: str, label: str) -> tuple[str, str]:
    found = re.search(
        rf'<div class="label">{label}</div><div class="value">([^<]*)</div>'
        r'<div class="note">([^<]*)</div>',
        html,
    )
    assert found is not None, label
    return found.group(1), found.group(2)


def test_a_projects_report_says_what_tasks_cannot_give(store: Store) -> None:
    synced(store, "projects")
    html = report_html(store, "tw", now=AS_OF)
    assert kpi(html, "Median first response") == ("not derivable", "tasks have no first response")
    assert kpi(html, "Response SLA met")[0] == "not derivable"
    assert "stage changes are known only as observed between syncs" in html
    assert "Task throughput and cycle time" in html


def test_a_desk_report_says_sla_attainment_is_not_derivable(store: Store) -> None:
    tenant = synced(store, "desk")
    results = list(tenant.iter_truth("desk_sla_results"))
    assert {True, False} <= {r["firstResponseMet"] for r in results}  # the site knows
    html = report_html(store, "tw", now=AS_OF)
    assert kpi(html, "Response SLA met") == ("not derivable", "no SLA targets")
    assert kpi(html, "Resolution SLA met") == ("not derivable", "no SLA targets")
    assert "Teamwork Desk&#39;s API has no SLA target fields" in html
    tickets = sum(1 for t in tenant.iter_truth("desk_tickets") if t.get("deletedAt") is None)
    assert kpi(html, "Tickets created")[0] == f"{tickets:,}"
    assert "Task throughput" not in html

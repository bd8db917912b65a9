"""The views agree with the simulated Autotask tenant's own truth, after a real sync.

Simulator -> transport -> Autotask connector -> mapping -> store -> views, compared with
``truth.py``'s plain-Python metrics over the tenant's truth dump. The dump is in Autotask's
shapes; it is restated here in the shapes ``truth.py`` reads, with the status classes the
simulated tenant's statuses mean written out (a second statement of the connector's reading,
not a call to it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.atsim import make_at_sim, sync_at
from ticketlake.analytics.views import install_views

from .conftest import TestStore, throwaway_store
from .test_truth import check_backlog, check_facts, check_volume, check_worklog
from .truth import Truth

NEW, IN_PROCESS, COMPLETED, ON_HOLD = 1, 2, 3, 5  # the StatusClass numbers truth.py reads
CLASSES = {
    "New": NEW, "In Progress": IN_PROCESS, "Dispatched": IN_PROCESS, "Complete": COMPLETED,
    "Waiting Customer": ON_HOLD, "Waiting Vendor": ON_HOLD, "Customer Note Added": IN_PROCESS,
}  # fmt: skip
"""The simulated tenant's statuses and what each means (Autotask statuses carry no class)."""
STATUS_CHANGE = re.compile(r"^Status changed from (.+) to (.+)$")


def restated(tenant: Any) -> dict[str, list[dict[str, Any]]]:
    """The tenant's truth in the shapes ``truth.py`` reads."""
    picks: dict[tuple[str, int], str] = {
        (p["field"], int(p["value"])): p["label"]
        for p in tenant.iter_truth("picklists")
        if p["entity"] == "Tickets"
    }
    udfs = {
        u["name"]: {str(v["value"]): v["label"] for v in u["picklistValues"] or []}
        for u in tenant.iter_truth("udf_definitions")
        if u["entity"] == "Tickets"
    }
    statuses = {label: value for (field, value), label in picks.items() if field == "status"}
    history = list(tenant.iter_truth("ticket_history"))
    return {
        "statuses": [{"ID": v, "StatusClass": CLASSES[label]} for label, v in statuses.items()],
        "status_history": [
            {"TicketID": h["ticketID"], "Date": h["date"], "ToStatusID": statuses[m[2]]}
            for h in history
            if (m := STATUS_CHANGE.match(h["detail"] or ""))
        ],
        "tickets": [_ticket(t, picks, udfs) for t in tenant.iter_truth("tickets")],
        "time_entries": [
            {
                "TimeDate": e["dateWorked"],
                "Uid": f"resource:{e['resourceID']}",
                "Minutes": e["hoursWorked"] * 60,
            }
            for e in tenant.iter_truth("time_entries")
            if e["ticketID"] is not None
        ],
        "ticket_feed": [
            *({"CreatedDate": n["createDateTime"]} for n in tenant.iter_truth("ticket_notes")),
            *({"CreatedDate": h["date"]} for h in history),
        ],
    }


def _ticket(
    t: dict[str, Any], picks: dict[tuple[str, int], str], udfs: dict[str, dict[str, str]]
) -> dict[str, Any]:
    return {
        "ID": t["id"], "CreatedDate": t["createDate"], "ModifiedDate": t["lastActivityDate"],
        "RespondedDate": t["firstResponseDateTime"], "CompletedDate": t["completedDate"],
        "StatusID": t["status"], "RespondByDate": t["firstResponseDueDateTime"],
        "ResolveByDate": t["resolvedDueDateTime"],
        "ResponsibleGroupName": picks[("queueID", t["queueID"])],
        "PriorityName": picks[("priority", t["priority"])],
        "TypeName": picks[("issueType", t["issueType"])],
        "Attributes": [
            {"Name": u["name"], "ValueText": _label(udfs, u["name"], u["value"])}
            for u in t["userDefinedFields"] if u["value"] is not None
        ],
    }  # fmt: skip


def _label(udfs: dict[str, dict[str, str]], name: str, value: Any) -> Any:
    return udfs.get(name, {}).get(str(value), value)


@pytest.fixture(
    scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def synced(request: pytest.FixtureRequest) -> Iterator[tuple[TestStore, Truth]]:
    """One sync of a 300-ticket simulated Autotask tenant per dialect."""
    sim = make_at_sim(300, seed=11)
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    with throwaway_store(url) as store:
        summary = sync_at(sim, store.store)
        assert summary.ok, summary
        install_views(store.store)
        yield store, Truth(restated(sim.tenant))


def test_ticket_facts_match_the_simulated_tenant(synced: tuple[TestStore, Truth]) -> None:
    check_facts(*synced, "at")


def test_backlog_matches_the_simulated_tenant(synced: tuple[TestStore, Truth]) -> None:
    check_backlog(*synced, "at")


@pytest.mark.parametrize("dimension", ["priority", "group", "type"])
def test_volume_matches_the_simulated_tenant(
    synced: tuple[TestStore, Truth], dimension: str
) -> None:
    check_volume(*synced, "at", dimension)


def test_volume_by_udf_matches_the_simulated_tenant(synced: tuple[TestStore, Truth]) -> None:
    store, truth = synced
    names = sorted({name for t in truth.tickets.values() for name in t.attributes})
    assert names == ["Customer PO", "Onsite Visit Required", "Root Cause"]
    for name in names:
        check_volume(store, truth, "at", f"attribute:{name}")


def test_worklog_matches_the_simulated_tenant(synced: tuple[TestStore, Truth]) -> None:
    check_worklog(*synced, "at")

"""The tenant's data: deterministic, realistic (SLAs met and missed, reopened and deleted
tickets, notes, time entries), consistent between entities, picklists as strings with
sub-issue types under their issue types."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ticketlake.sim.autotask.catalog import COMPLETE

from .conftest import Sim, make_tenant, run_with


def _truth(name: str, **kw: Any) -> list[dict[str, Any]]:
    tenant, _ = make_tenant(**kw)
    return list(tenant.iter_truth(name))


def test_same_seed_same_tenant_other_seed_other_tenant() -> None:
    assert _truth("tickets", seed=3) == _truth("tickets", seed=3)
    assert _truth("ticket_notes", seed=3) == _truth("ticket_notes", seed=3)
    assert _truth("tickets", seed=3) != _truth("tickets", seed=4)


def test_tickets_are_realistic() -> None:
    tickets = _truth("tickets", tickets=3000, seed=2)
    met = Counter(t["serviceLevelAgreementHasBeenMet"] for t in tickets)
    assert met[True] > 300
    assert met[False] > 300
    statuses = Counter(t["status"] for t in tickets)
    assert statuses[COMPLETE] > 0.7 * len(tickets)
    assert len(statuses) >= 3
    assert len({t["queueID"] for t in tickets}) == 6
    assert len({t["issueType"] for t in tickets}) == 8
    assert sum(t["contactID"] is None for t in tickets) > 0
    assert all(t["createDate"] < "2026-11-01" for t in tickets)
    assert all(t["ticketNumber"].startswith("T2026") for t in tickets if t["createDate"] >= "2026")


def test_reopened_tickets_show_in_their_history() -> None:
    history = _truth("ticket_history", tickets=1500, seed=2)
    reopened = {
        h["ticketID"]
        for h in history
        if h["detail"] == "Status changed from Complete to Customer Note Added"
    }
    assert len(reopened) > 20


def test_deleted_tickets_are_logged_and_gone_with_their_notes() -> None:
    tenant, _ = make_tenant(tickets=3000, seed=2)
    logged = {d["ticketID"] for d in tenant.iter_truth("deleted_ticket_logs")}
    tickets = {t["id"] for t in tenant.iter_truth("tickets")}
    noted = {n["ticketID"] for n in tenant.iter_truth("ticket_notes")}
    assert len(logged) > 10
    assert not logged & tickets
    assert not logged & noted
    assert len(tickets) + len(logged) == 3000
    activity = list(tenant.iter_truth("deleted_ticket_activity_logs"))
    assert {a["typeID"] for a in activity} == {1, 2}
    assert not {a["ticketID"] for a in activity} & logged


def test_children_belong_to_existing_tickets_and_people() -> None:
    tenant, _ = make_tenant(tickets=800, seed=2)
    tickets = {t["id"] for t in tenant.iter_truth("tickets")}
    resources = {r["id"] for r in tenant.iter_truth("resources")}
    for name in ("ticket_notes", "time_entries", "sla_results", "ticket_history"):
        rows = list(tenant.iter_truth(name))
        assert rows, name
        assert {r["ticketID"] for r in rows} <= tickets, name
    assert {e["resourceID"] for e in tenant.iter_truth("time_entries")} <= resources
    contacts = {c["id"]: c["companyID"] for c in tenant.iter_truth("contacts")}
    for t in tenant.iter_truth("tickets"):
        if t["contactID"] is not None:
            assert contacts[t["contactID"]] == t["companyID"]


def test_picklists_are_strings_and_sub_issue_types_name_their_parent() -> None:
    tenant, clock = make_tenant(20)

    async def go(sim: Sim) -> Any:
        return (await sim.get("Tickets/entityInformation/fields")).json()["fields"]

    fields = {f["name"]: f for f in run_with(tenant, clock, go)}
    issues = {v["value"] for v in fields["issueType"]["picklistValues"]}
    sub = fields["subIssueType"]
    assert sub["picklistParentValueField"] == "issueType"
    assert all(isinstance(v["value"], str) for v in sub["picklistValues"])
    assert {v["parentValue"] for v in sub["picklistValues"]} == issues
    assert fields["companyID"]["isReference"] is True
    assert fields["companyID"]["referenceEntityType"] == "Company"
    assert fields["creatorType"]["isQueryable"] is False

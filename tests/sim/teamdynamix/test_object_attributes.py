"""Custom attributes of people, accounts and locations, and the survey report: definitions per
component, values where the reference says the API returns them (a person or an account read
one at a time), and survey responses only through a Report Builder report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ticketlake.sim.teamdynamix import SURVEY_REPORT_ID

from .conftest import Run, Sim, make_tenant, run_with
from .test_people import _get

SAMPLES = Path("/work/shared/reference/samples/teamdynamix")
PERSON, ACCOUNT, LOCATION = 31, 14, 71


def _status(path: str) -> Any:
    async def go(sim: Sim) -> int:
        r = await sim.client.get(path, headers=await sim.login())
        return r.status_code

    return go


def _definitions(run: Run, component: int, app_id: int = 0) -> list[dict[str, Any]]:
    params = {"componentId": component, "associatedTypeId": 0, "appId": app_id}
    found: list[dict[str, Any]] = run(_get("api/attributes/custom", **params))
    return found


def _shown(attributes: list[dict[str, Any]]) -> dict[str, str]:
    return {a["Name"]: a["ValueText"] for a in attributes}


def test_each_component_has_its_own_definitions_in_the_real_samples_shape(run: Run) -> None:
    sample = json.loads((SAMPLES / "psclient/custom_attributes_componentId63.json").read_text())
    names = {c: [d["Name"] for d in _definitions(run, c)] for c in (PERSON, ACCOUNT, LOCATION)}
    assert names == {
        PERSON: ["Campus", "Support Tier", "VIP", "Employee ID"],
        ACCOUNT: ["Division", "Cost Center"],
        LOCATION: ["Campus Zone", "Network Closet"],
    }
    person = _definitions(run, PERSON)
    assert set(sample[0]) <= set(person[0])
    assert [c["Name"] for c in person[1]["Choices"]] == ["Tier 1", "Tier 2", "Tier 3"]
    assert _definitions(run, 63) == []  # configuration items: none defined


def test_org_level_definitions_do_not_depend_on_the_app_id(run: Run) -> None:
    assert _definitions(run, PERSON, app_id=627) == _definitions(run, PERSON, app_id=0)
    assert _definitions(run, 9, app_id=999) == []  # ticket attributes belong to their app


def test_a_person_read_alone_carries_attributes_the_search_leaves_out(
    run: Run, shared: Any
) -> None:
    tenant, _ = shared
    tech = tenant.world.directory.people[tenant.world.directory.tech_start]
    person = run(_get(f"api/people/{tech.uid}"))
    shown = _shown(person["Attributes"])
    assert shown["Support Tier"] in ("Tier 1", "Tier 2", "Tier 3")
    tier = next(a for a in person["Attributes"] if a["Name"] == "Support Tier")
    assert tier["Value"] == str(
        next(c["ID"] for c in tier["Choices"] if c["Name"] == tier["ValueText"])
    )

    async def search(sim: Sim) -> Any:
        body = {"SearchText": tech.username}
        return (
            await sim.client.post("api/people/search", json=body, headers=await sim.login())
        ).json()

    [row] = run(search)
    assert row["Attributes"] == []  # seed 004: "you must load a user individually"


def test_requesters_have_no_support_tier_and_service_accounts_no_values(
    run: Run, shared: Any
) -> None:
    tenant, _ = shared
    directory = tenant.world.directory
    requester = run(_get(f"api/people/{directory.people[directory.req_start].uid}"))
    assert _shown(requester["Attributes"])["Support Tier"] == ""
    account = run(_get(f"api/people/{tenant.account.uid}"))
    assert set(_shown(account["Attributes"]).values()) == {""}


def test_accounts_carry_attributes_only_when_read_one_at_a_time(run: Run) -> None:
    listed = run(_get("api/accounts"))
    assert all(a["Attributes"] == [] for a in listed)  # "will not be included" (reference §6)
    one = run(_get(f"api/accounts/{listed[0]['ID']}"))
    assert _shown(one["Attributes"]) == {"Division": "Academic", "Cost Center": "CC-4100"}
    assert {k: v for k, v in one.items() if k != "Attributes"} == {
        k: v for k, v in listed[0].items() if k != "Attributes"
    }
    assert run(_status("api/accounts/1")) == 404


def test_locations_carry_attributes_only_when_read_one_at_a_time(run: Run) -> None:
    listed = run(_get("api/locations"))
    assert all(loc["Attributes"] == [] for loc in listed)
    medical = next(loc for loc in listed if "Medical" in loc["Name"])
    one = run(_get(f"api/locations/{medical['ID']}"))
    assert _shown(one["Attributes"])["Campus Zone"] == "Medical"
    assert run(_status("api/locations/1")) == 404


def test_an_account_outside_the_accounts_visibility_is_refused() -> None:
    tenant, clock = make_tenant(tickets=150, scenario="partial_visibility")

    async def go(sim: Sim) -> tuple[list[int], int, int]:
        headers = await sim.login()
        listed = [a["ID"] for a in (await sim.client.get("api/accounts", headers=headers)).json()]
        hidden = next(a for a in range(30101, 30125) if a not in listed)
        mine = await sim.client.get(f"api/accounts/{listed[0]}", headers=headers)
        other = await sim.client.get(f"api/accounts/{hidden}", headers=headers)
        return listed, mine.status_code, other.status_code

    listed, mine, other = run_with(tenant, clock, go)
    assert 0 < len(listed) < 24
    assert (mine, other) == (200, 401)


def test_the_survey_report_has_a_row_per_response_about_resolved_tickets(
    run: Run, shared: Any
) -> None:
    tenant, _ = shared
    report = run(_get(f"api/reports/{SURVEY_REPORT_ID}", withData="true"))
    columns = [c["ColumnName"] for c in report["DisplayedColumns"]]
    assert columns[:3] == ["ResponseID", "TicketID", "SurveyName"]
    rows = report["DataRows"]
    assert rows == list(tenant.iter_truth("survey_responses"))
    assert 0.05 < len(rows) / tenant.config.tickets < 0.2
    tickets = {t["ID"]: t for t in tenant.iter_truth("tickets")}
    for row in rows:
        ticket = tickets[row["TicketID"]]
        assert ticket["StatusName"] in ("Resolved", "Closed")
        assert row["RespondentUid"] == ticket["RequestorUid"]
        assert row["CompletedDate"] > ticket["CompletedDate"]
        assert 1 <= row["Rating"] <= 5
    listed = [r["ID"] for r in run(_get("api/reports"))]
    assert SURVEY_REPORT_ID in listed


def test_survey_responses_stay_as_given_when_their_ticket_changes_later() -> None:
    tenant, _ = make_tenant(tickets=300, seed=4)
    before = list(tenant.iter_truth("survey_responses"))
    touched = set(tenant.touch(60))
    assert touched & {r["TicketID"] for r in before}  # some surveyed tickets were reopened
    assert list(tenant.iter_truth("survey_responses")) == before

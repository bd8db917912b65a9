"""People and groups: shapes of the real samples, restricted rows, lookups, memberships."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import Run, Sim

SAMPLES = Path("/work/shared/reference/samples/teamdynamix")
RESTRICTED = ("Applications", "Attributes", "GroupIDs", "OrgApplications", "Permissions")


def _sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


def _get(path: str, **params: Any) -> Any:
    async def go(sim: Sim) -> Any:
        r = await sim.client.get(path, params=params, headers=await sim.login())
        assert r.status_code == 200, r.text
        return r.json()

    return go


def _post(path: str, body: Any) -> Any:
    async def go(sim: Sim) -> Any:
        r = await sim.client.post(path, json=body, headers=await sim.login())
        assert r.status_code == 200, r.text
        return r.json()

    return go


def test_person_has_the_shape_of_the_real_sample(run: Run, shared: Any) -> None:
    tenant, _ = shared
    tech = tenant.world.directory.people[tenant.world.directory.tech_start]
    person = run(_get(f"api/people/{tech.uid}"))
    sample = _sample("psclient/user_get_person.json")
    assert set(sample) <= set(person)
    assert person["UID"] == tech.uid
    assert person["FullName"] == tech.full_name
    assert person["GroupIDs"], "technicians belong to groups"
    assert person["Applications"]
    assert person["SecurityRoleName"] == "Technician"


def test_people_search_rows_are_users_with_empty_collections(run: Run) -> None:
    rows = run(_post("api/people/search", {"SearchText": "a", "MaxResults": 5}))
    sample = _sample("psclient/people_search_result.json")
    assert len(rows) == 5
    assert set(sample[0]) <= set(rows[0])
    assert all(r[k] == [] for r in rows for k in RESTRICTED)


def test_people_search_max_results_null_means_all(run: Run, shared: Any) -> None:
    tenant, _ = shared
    rows = run(_post("api/people/search", {"MaxResults": None}))
    assert len(rows) == len(tenant.world.directory.people)


def test_lookup_defaults_to_50_and_matches_text(run: Run) -> None:
    everyone = run(_get("api/people/lookup"))
    assert len(everyone) == 50
    name = everyone[7]["LastName"]
    found = run(_get("api/people/lookup", searchText=name.lower(), maxResults=100))
    assert found
    assert all(name.lower() in r["FullName"].lower() for r in found)


def test_userlist_filters_by_user_type(run: Run) -> None:
    customers = run(_get("api/people/userlist", userType="Customer"))
    assert customers
    assert all(r["TypeID"] == 2 for r in customers)


def test_groups_search_get_and_members(run: Run, shared: Any) -> None:
    tenant, _ = shared
    groups = run(_post("api/groups/search", {"NameLike": "service"}))
    assert {g["Name"] for g in groups} == {"Service Desk"}
    group = run(_get(f"api/groups/{groups[0]['ID']}"))
    assert group == groups[0]
    members = run(_get(f"api/groups/{group['ID']}/members"))
    truth = [m for m in tenant.iter_truth("group_members") if m["GroupID"] == group["ID"]]
    assert {m["UID"] for m in members} == {m["UID"] for m in truth}
    flags = {m["UID"]: m["IsPrimaryGroup"] for m in members}
    assert flags == {m["UID"]: m["IsPrimary"] for m in truth}
    assert sum(m["IsGroupManager"] for m in members) == 1


def test_person_groups_and_functional_roles(run: Run, shared: Any) -> None:
    tenant, _ = shared
    tech = tenant.world.directory.people[tenant.world.directory.tech_start]
    groups = run(_get(f"api/people/{tech.uid}/groups"))
    assert groups
    assert set(groups[0]) == {"GroupID", "GroupName", "IsPrimary", "IsManager", "IsNotified"}
    roles = run(_get(f"api/people/{tech.uid}/functionalroles"))
    assert set(_sample("psclient/functional_role_1.json")) == set(roles[0])


def test_custom_attributes_for_tickets_have_choices(run: Run) -> None:
    attrs = run(_get("api/attributes/custom", componentId=9, associatedTypeId=0, appId=627))
    sample = _sample("psclient/custom_attributes_componentId63.json")
    assert set(sample[0]) <= set(attrs[0])
    names = {a["Name"]: a for a in attrs}
    assert {"Category", "Tier", "Building"} <= set(names)
    assert all(c["IsActive"] for c in names["Category"]["Choices"])
    assert run(_get("api/attributes/custom", componentId=63, associatedTypeId=0, appId=0)) == []


def test_reference_lists(run: Run) -> None:
    statuses = run(_get("api/627/tickets/statuses"))
    assert {s["StatusClass"] for s in statuses} == {1, 2, 3, 4, 5}
    assert sum(s["IsDefault"] for s in statuses) == 1
    for kind in ("types", "priorities", "impacts", "urgencies", "sources", "forms"):
        assert run(_get(f"api/627/tickets/{kind}")), kind
    accounts = run(_get("api/accounts"))
    assert len(accounts) == 24
    assert accounts[0]["Attributes"] == []
    assert run(_get("api/locations"))
    apps = run(_get("api/applications"))
    ticketing = [a for a in apps if a["Type"] == "Ticketing"]
    assert {a["AppID"] for a in ticketing} >= {627}
    assert set(apps[0]) == {"AppID", "Name", "Description", "Type", "AppClass", "ExternalUrl",
                            "Purpose", "Active", "PartialUrl"}  # fmt: skip


def test_every_person_has_a_distinct_uid_and_username(shared: Any) -> None:
    tenant, _ = shared
    people = list(tenant.iter_truth("people"))
    assert len({p["UID"] for p in people}) == len(people)
    assert len({p["UserName"].lower() for p in people}) == len(people)

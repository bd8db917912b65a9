"""The People section as an administrator uses it: NewUser rules, full-replace collections,
security-role assignment, bulk Accts/Depts, and each write's limit."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix import roles

from .conftest import APP, Sim, make_tenant, run_with

NEW_USER = {"FirstName": "CIO", "LastName": "Analytics", "UserName": "cio-new",
            "Password": "pw-new-1", "SecurityRoleID": roles.ANALYTICS_ROLE.id}  # fmt: skip


def _run(body: Any, scenario: str = "healthy") -> Any:
    tenant, clock = make_tenant(100, seed=5, scenario=scenario)
    return run_with(tenant, clock, body), tenant


def test_new_user_needs_a_security_role_and_a_username() -> None:
    async def body(sim: Sim) -> list[int]:
        h = await sim.admin()
        without_role = {k: v for k, v in NEW_USER.items() if k != "SecurityRoleID"}
        without_name = {k: v for k, v in NEW_USER.items() if k != "UserName"}
        app_role = {**NEW_USER, "SecurityRoleID": roles.APP_ANALYTICS_ROLE.id}
        return [(await sim.client.post("api/people", json=b, headers=h)).status_code
                for b in (without_role, without_name, app_role, NEW_USER, NEW_USER)]  # fmt: skip

    assert _run(body)[0] == [400, 400, 400, 201, 400]


def test_patch_orgapplications_is_a_full_replace() -> None:
    async def body(sim: Sim) -> list[int]:
        h = await sim.admin()
        uid = sim.tenant.account.uid
        ops = [{"op": "add", "path": "/orgapplications",
                "value": [{"id": APP, "securityroleid": roles.APP_ANALYTICS_ROLE.id}]}]  # fmt: skip
        await sim.client.patch(f"api/people/{uid}", json=ops, headers=h)
        user = (await sim.client.get(f"api/people/{uid}", headers=h)).json()
        return [a["ID"] for a in user["OrgApplications"]]

    apps, _ = _run(body)
    assert apps == [APP], "the client portal, omitted, was removed"


def test_an_invalid_app_role_drops_the_application() -> None:
    async def body(sim: Sim) -> list[int]:
        h = await sim.admin()
        uid = sim.tenant.account.uid
        value = [{"id": APP, "securityroleid": roles.ANALYTICS_ROLE.id}, {"id": APP + 1}]
        ops = [{"op": "add", "path": "/orgapplications", "value": value}]
        await sim.client.patch(f"api/people/{uid}", json=ops, headers=h)
        return [a for a, _ in sim.tenant.account.org_apps]

    assert _run(body)[0] == [APP + 1]


def test_password_and_type_cannot_be_patched() -> None:
    async def body(sim: Sim) -> list[int]:
        h = await sim.admin()
        uid = sim.tenant.account.uid
        out = []
        for path, value in (("/password", "x"), ("/typeid", 1)):
            ops = [{"op": "add", "path": path, "value": value}]
            out.append(
                (await sim.client.patch(f"api/people/{uid}", json=ops, headers=h)).status_code
            )
        return out

    assert _run(body)[0] == [400, 400]


def test_assigning_the_role_resets_customised_permissions() -> None:
    async def body(sim: Sim) -> Any:
        h = await sim.admin()
        uid = sim.tenant.account.uid
        ops = [{"op": "add", "path": "/securityroleid", "value": roles.ANALYTICS_ROLE.id}]
        await sim.client.patch(f"api/people/{uid}", json=ops, headers=h)
        return (await sim.client.get(f"api/people/{uid}", headers=h)).json()["Permissions"]

    granted, _ = _run(body, "partial_visibility")
    assert granted == list(roles.READ_PERMISSIONS)


def test_bulk_changeacctdepts_adds_for_full_users_only_once_per_120_seconds() -> None:
    async def body(sim: Sim) -> list[int]:
        h = await sim.admin()
        user = sim.tenant.world.directory.people[sim.tenant.world.directory.tech_start]
        svc = sim.tenant.account
        payload = {"UserUIDs": [user.uid, svc.uid], "AccountIDs": [1234]}
        first = await sim.client.post("api/people/bulk/changeacctdepts", json=payload, headers=h)
        second = await sim.client.post("api/people/bulk/changeacctdepts", json=payload, headers=h)
        sim.clock.advance(120)
        third = await sim.client.post("api/people/bulk/changeacctdepts", json=payload, headers=h)
        return [first.status_code, second.status_code, third.status_code]

    codes, tenant = _run(body)
    assert codes == [200, 429, 200]
    tech = tenant.world.directory.people[tenant.world.directory.tech_start]
    assert 1234 in tech.account_ids
    assert 1234 not in tenant.account.account_ids, "a service account is not a full user"


def test_bulk_changesecurityrole_takes_a_role_guid() -> None:
    async def body(sim: Sim) -> int:
        h = await sim.admin()
        user = sim.tenant.world.directory.people[sim.tenant.world.directory.tech_start]
        path = f"api/people/bulk/changesecurityrole/{roles.ANALYTICS_ROLE.id}"
        return (await sim.client.post(path, json=[user.uid], headers=h)).status_code

    code, tenant = _run(body)
    assert code == 200
    tech = tenant.world.directory.people[tenant.world.directory.tech_start]
    assert tech.security_role_id == roles.ANALYTICS_ROLE.id


def test_people_writes_are_limited_to_45_a_minute() -> None:
    async def body(sim: Sim) -> list[int]:
        h = await sim.admin()
        uid = sim.tenant.account.uid
        ops = [{"op": "add", "path": "/title", "value": "t"}]
        return [(await sim.client.patch(f"api/people/{uid}", json=ops, headers=h)).status_code
                for _ in range(46)]  # fmt: skip

    codes, _ = _run(body)
    assert codes[:45] == [200] * 45
    assert codes[45] == 429

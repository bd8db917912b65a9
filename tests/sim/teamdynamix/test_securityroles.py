"""SecurityRoles section: roles are tenant state with a UserCount; only the admin key edits."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix import roles

from .conftest import APP, Sim, make_tenant, run_with

GLOBAL = roles.ANALYTICS_ROLE.id
APP_ROLE = roles.APP_ANALYTICS_ROLE.id


def _run(body: Any, scenario: str = "healthy") -> Any:
    tenant, clock = make_tenant(100, seed=5, scenario=scenario)
    return run_with(tenant, clock, body), tenant


def test_a_role_has_the_documented_shape_and_counts_its_users() -> None:
    async def body(sim: Sim) -> Any:
        return (
            await sim.client.get(f"api/securityroles/{GLOBAL}", headers=await sim.admin())
        ).json()

    role, _ = _run(body)
    assert set(role) == {"ID", "Name", "CreatedDate", "ModifiedDate", "UserCount", "AppID",
                         "Permissions", "LicenseType", "LicenseTypeName"}  # fmt: skip
    assert (role["AppID"], role["UserCount"]) == (0, 1)
    assert role["Permissions"] == list(roles.READ_PERMISSIONS)
    assert (role["LicenseType"], role["LicenseTypeName"]) == (9, "Technician + Reporting")


def test_search_filters_by_application_name_and_license() -> None:
    async def body(sim: Sim) -> list[list[str]]:
        h = await sim.admin()
        out = []
        for search in ({"AppID": 0}, {"AppID": APP}, {"AppID": APP, "NameLike": "analytics"},
                       {"AppID": 0, "LicenseTypeID": 6}):  # fmt: skip
            r = await sim.client.post("api/securityroles/search", json=search, headers=h)
            out.append([x["Name"] for x in r.json()])
        return out

    found, _ = _run(body)
    assert found[0] == [r.name for r in roles.GLOBAL_ROLES]
    assert found[1] == [r.name for r in roles.APP_ROLES]
    assert found[2] == ["CIO Analytics Role"]
    assert found[3] == ["Client"]


def test_technicians_role_is_held_by_many() -> None:
    async def body(sim: Sim) -> int:
        role_id = roles.TECHNICIAN_ROLE.id
        r = await sim.client.get(f"api/securityroles/{role_id}", headers=await sim.admin())
        return int(r.json()["UserCount"])

    count, tenant = _run(body)
    techs = tenant.world.directory.req_start - tenant.world.directory.tech_start
    assert count == techs > 1


def test_permissions_per_application_and_license_type() -> None:
    async def body(sim: Sim) -> list[Any]:
        h = await sim.admin()
        out = []
        for params in ({"forAppId": 0}, {"forAppId": APP}, {"forAppId": 0, "forLicenseType": 6}):
            r = await sim.client.get("api/securityroles/permissions", params=params, headers=h)
            out.append(r.json())
        return out

    (global_, app, client), _ = _run(body)
    assert set(global_[0]) == {"ID", "Name", "Description", "SectionID", "SectionName"}
    assert {p["ID"] for p in global_} >= set(roles.READ_PERMISSIONS)
    assert "Add Tickets" in {p["ID"] for p in app}
    assert all(p["Name"].startswith("View") for p in client)


def test_admin_creates_a_role_and_edits_it() -> None:
    async def body(sim: Sim) -> tuple[Any, Any, Any]:
        h = await sim.admin()
        new = {"Name": "Reader", "AppID": 0, "LicenseType": 9,
               "Permissions": [roles.VIEW_ALL_TYPES]}  # fmt: skip
        made = (await sim.client.post("api/securityroles", json=new, headers=h)).json()
        edit = {**made, "Permissions": [roles.VIEW_ALL_TYPES, roles.VIEW_PEOPLE], "AppID": APP}
        put = await sim.client.put(f"api/securityroles/{made['ID']}", json=edit, headers=h)
        return made, put.json(), sim.tenant.writes

    made, edited, writes = _run(body)[0]
    assert (made["Name"], made["AppID"], made["UserCount"]) == ("Reader", 0, 0)
    assert edited["Permissions"] == [roles.VIEW_ALL_TYPES, roles.VIEW_PEOPLE]
    assert edited["AppID"] == 0, "AppID is not editable"
    assert [(w.method, w.status) for w in writes] == [("POST", 200), ("PUT", 200)]


def test_role_writes_reject_what_the_api_would() -> None:
    async def body(sim: Sim) -> list[int]:
        h = await sim.admin()
        bad = [
            {"AppID": 0, "LicenseType": 9},  # no Name
            {"Name": "X", "AppID": 0},  # no LicenseType
            {"Name": "X", "AppID": 0, "LicenseType": 9, "Permissions": ["Add Tickets"]},
            {"Name": "X", "AppID": 0, "LicenseType": 6, "Permissions": ["Edit People"]},
            {"Name": "CIO Analytics Security Role", "AppID": 0, "LicenseType": 9},
        ]
        return [(await sim.client.post("api/securityroles", json=b, headers=h)).status_code
                for b in bad]  # fmt: skip

    assert _run(body)[0] == [400] * 5


def test_only_the_admin_key_edits_roles() -> None:
    async def body(sim: Sim) -> list[int]:
        h = await sim.login()
        put = await sim.client.put(f"api/securityroles/{GLOBAL}", headers=h,
                                   json={"Name": "x", "LicenseType": 9})  # fmt: skip
        post = await sim.client.post("api/securityroles", headers=h,
                                     json={"Name": "x", "LicenseType": 9})  # fmt: skip
        get = await sim.client.get(f"api/securityroles/{GLOBAL}", headers=h)
        return [put.status_code, post.status_code, get.status_code]

    codes, tenant = _run(body)
    assert codes == [401, 401, 200]
    assert tenant.world.roles.get(GLOBAL).name == roles.ANALYTICS_ROLE.name  # type: ignore[union-attr]


def test_use_default_permissions_grants_defaults_with_writes() -> None:
    async def body(sim: Sim) -> Any:
        h = await sim.admin()
        new = {"Name": "Defaults", "AppID": 0, "LicenseType": 9}
        r = await sim.client.post("api/securityroles", params={"useDefaultPermissions": "true"},
                                  json=new, headers=h)  # fmt: skip
        return r.json()["Permissions"]

    granted, _ = _run(body)
    assert "Create People" in granted


def test_unknown_role_is_404() -> None:
    async def body(sim: Sim) -> int:
        missing = "00000000-0000-0000-0000-0000000000aa"
        return (await sim.client.get(f"api/securityroles/{missing}",
                                     headers=await sim.admin())).status_code  # fmt: skip

    assert _run(body)[0] == 404

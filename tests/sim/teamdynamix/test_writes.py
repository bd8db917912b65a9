"""People API writes really change the tenant, are logged in ``writes``, and need rights."""

from __future__ import annotations

from typing import Any

from .conftest import Sim, make_tenant, run_with


def _fresh() -> tuple[Any, Any]:
    return make_tenant(100, seed=5)


def test_reads_leave_writes_empty_and_a_standard_account_cannot_write() -> None:
    tenant, clock = _fresh()

    async def body(sim: Sim) -> list[int]:
        h = await sim.login()
        await sim.client.post("api/627/tickets/search", json={"MaxResults": 5}, headers=h)
        await sim.client.post("api/people/search", json={"MaxResults": 5}, headers=h)
        assert sim.tenant.writes == []
        uid = sim.tenant.world.directory.people[5].uid
        return [
            (await sim.client.put(f"api/people/{uid}/isactive", params={"status": "false"},
                                  headers=h)).status_code,
            (await sim.client.post("api/627/tickets", json={"Title": "x"},
                                   headers=h)).status_code,
        ]  # fmt: skip

    assert run_with(tenant, clock, body) == [401, 404]
    assert [(w.method, w.status) for w in tenant.writes] == [("PUT", 401), ("POST", 404)]
    assert tenant.world.directory.people[5].is_active is True


def test_admin_creates_a_service_account_that_can_then_log_in() -> None:
    tenant, clock = _fresh()

    async def body(sim: Sim) -> tuple[int, int, Any]:
        admin = await sim.admin()
        r = await sim.client.post("api/people", headers=admin, json={
            "FirstName": "Svc", "LastName": "Two", "UserName": "svc-two", "TypeID": 9,
            "Password": "pw-2", "SecurityRoleID": "3a7c1e52-6b0d-4f1e-9a55-0c2b7d9e1f01",
            "Applications": ["TDPeople"],
            "OrgApplications": [{"id": 627,
                                 "securityroleid": "5e2d4b61-8c3a-4d7f-b1e9-6a0f2c4d8b11"}],
        })  # fmt: skip
        login = await sim.client.post("api/auth", json={"username": "svc-two",
                                                        "password": "pw-2"})  # fmt: skip
        me = await sim.client.get(
            "api/auth/getuser", headers={"Authorization": f"Bearer {login.text}"}
        )
        return r.status_code, login.status_code, me.json()

    created, login, me = run_with(tenant, clock, body)
    assert (created, login) == (201, 200)
    assert me["TypeID"] == 9
    assert me["Applications"] == ["TDPeople"]
    assert [a["ID"] for a in me["OrgApplications"]] == [627]
    assert tenant.writes[0].body["UserName"] == "svc-two"


def test_patch_and_isactive_change_the_person() -> None:
    tenant, clock = _fresh()
    person = tenant.world.directory.people[tenant.world.directory.tech_start]

    async def body(sim: Sim) -> tuple[Any, Any]:
        admin = await sim.admin()
        patched = await sim.client.patch(f"api/people/{person.uid}", headers=admin, json=[
            {"op": "replace", "path": "/Title", "value": "Lead"},
            {"op": "add", "path": "/applications", "value": ["MyWork"]}])  # fmt: skip
        await sim.client.put(f"api/people/{person.uid}/isactive", params={"status": "false"},
                             headers=admin)  # fmt: skip
        after = await sim.client.get(f"api/people/{person.uid}", headers=admin)
        return patched.json(), after.json()

    patched, after = run_with(tenant, clock, body)
    assert patched["Title"] == "Lead"
    assert patched["Applications"] == ["MyWork"]
    assert after["IsActive"] is False
    assert [w.method for w in tenant.writes] == ["PATCH", "PUT"]


def test_group_membership_writes() -> None:
    tenant, clock = _fresh()
    d = tenant.world.directory
    person = next(p for p in d.people[d.req_start :] if p.type_id == 1)

    async def body(sim: Sim) -> list[Any]:
        admin = await sim.admin()
        await sim.client.put(f"api/people/{person.uid}/groups/4413",
                             params={"isPrimary": "true"}, headers=admin)  # fmt: skip
        joined = (await sim.client.get(f"api/people/{person.uid}/groups", headers=admin)).json()
        await sim.client.delete(f"api/people/{person.uid}/groups/4413", headers=admin)
        left = (await sim.client.get(f"api/people/{person.uid}/groups", headers=admin)).json()
        return [joined, left]

    joined, left = run_with(tenant, clock, body)
    assert [(g["GroupID"], g["IsPrimary"]) for g in joined] == [(4413, True)]
    assert left == []


def test_bulk_needs_the_admin_key_and_one_call_per_120_seconds() -> None:
    tenant, clock = _fresh()
    d = tenant.world.directory
    users = [p.uid for p in d.people[d.req_start :] if p.type_id == 1][:3]

    async def body(sim: Sim) -> list[int]:
        url = "api/people/bulk/changeactivestatus"
        codes = [(await sim.client.post(url, params={"isActive": "false"}, json=users,
                                        headers=await sim.login())).status_code]  # fmt: skip
        sim.clock.advance(121)
        admin = await sim.admin()
        for _ in range(2):
            codes.append((await sim.client.post(url, params={"isActive": "false"}, json=users,
                                                headers=admin)).status_code)  # fmt: skip
        return codes

    assert run_with(tenant, clock, body) == [401, 200, 429]
    assert all(not d.get(u).is_active for u in users)  # type: ignore[union-attr]

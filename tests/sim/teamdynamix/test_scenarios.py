"""Every scenario's observable effect: the tenant's state decides, the endpoints react."""

from __future__ import annotations

from typing import Any

import pytest

from ticketlake.sim.teamdynamix import SCENARIOS, Tenant

from .conftest import APP, Sim, make_tenant, run_with


def _tenant(scenario: str) -> tuple[Tenant, Any]:
    return make_tenant(200, seed=21, scenario=scenario)


def _run(scenario: str, body: Any) -> Any:
    tenant, clock = _tenant(scenario)
    return run_with(tenant, clock, body)


async def _password(sim: Sim) -> int:
    r = await sim.client.post("api/auth", json={"username": "ticketlake-svc",
                                                "password": "sim-password-1"})  # fmt: skip
    return r.status_code


async def _account_as_admin(sim: Sim) -> Any:
    uid = sim.tenant.account.uid
    return (await sim.client.get(f"api/people/{uid}", headers=await sim.admin())).json()


async def _ticket_calls(sim: Sim, app: int = APP) -> dict[str, int]:
    h = await sim.login()
    search = await sim.client.post(f"api/{app}/tickets/search", json={"MaxResults": 0}, headers=h)
    some = sim.tenant.life(0).p.id
    get = await sim.client.get(f"api/{app}/tickets/{some}", headers=h)
    feed = await sim.client.get(f"api/{app}/tickets/{some}/feed", headers=h)
    app_feed = await sim.client.get(f"api/{app}/tickets/feed", headers=h)
    time = await sim.client.post("api/time/search", json={"MaxResults": 1}, headers=h)
    people = await sim.client.post("api/people/search", json={"MaxResults": 1}, headers=h)
    return {"search": search.status_code, "get": get.status_code, "feed": feed.status_code,
            "app_feed": app_feed.status_code, "time": time.status_code,
            "people": people.status_code}  # fmt: skip


def test_every_scenario_is_listed() -> None:
    assert set(SCENARIOS) == {
        "healthy", "throttled", "wrong_password", "sso_only", "inactive_account",
        "not_assigned_to_app", "wrong_app_id", "partial_visibility", "no_time_access",
        "no_people_access", "feed_not_visible", "wrong_admin_key", "over_privileged",
    }  # fmt: skip


def test_healthy_reads_everything() -> None:
    assert set(_run("healthy", _ticket_calls).values()) == {200}


def test_wrong_password_refuses_the_password_login_only() -> None:
    async def body(sim: Sim) -> tuple[int, int]:
        return await _password(sim), (await _account_as_admin(sim))["IsActive"]

    assert _run("wrong_password", body) == (401, True)


def test_sso_only_account_is_a_person_with_an_sso_provider_and_no_password() -> None:
    async def body(sim: Sim) -> tuple[int, Any]:
        return await _password(sim), await _account_as_admin(sim)

    code, user = _run("sso_only", body)
    assert code == 401
    assert user["TypeID"] == 1
    assert user["IsEmployee"] is True
    assert user["AuthenticationProviderID"] != 0
    assert user["AuthenticationUserName"]


def test_healthy_account_is_a_service_account() -> None:
    user = _run("healthy", _account_as_admin)
    assert user["TypeID"] == 9
    assert user["IsEmployee"] is False
    assert user["AuthenticationProviderID"] == 0


def test_inactive_account_cannot_log_in() -> None:
    async def body(sim: Sim) -> tuple[int, bool]:
        return await _password(sim), (await _account_as_admin(sim))["IsActive"]

    assert _run("inactive_account", body) == (401, False)


def test_not_assigned_to_app_sees_no_tickets() -> None:
    async def body(sim: Sim) -> tuple[Any, dict[str, int]]:
        me = (await sim.client.get("api/auth/getuser", headers=await sim.login())).json()
        return me, await _ticket_calls(sim)

    me, codes = _run("not_assigned_to_app", body)
    assert APP not in {a["ID"] for a in me["OrgApplications"]}
    assert codes["search"] == codes["get"] == 401
    assert codes["time"] == codes["people"] == 200


def test_wrong_app_id_is_another_kind_of_application() -> None:
    async def body(sim: Sim) -> tuple[Any, dict[str, int], dict[str, int]]:
        apps = (await sim.client.get("api/applications", headers=await sim.login())).json()
        real = next(a["AppID"] for a in apps if a["Name"] == "IT Tickets")
        return apps, await _ticket_calls(sim), await _ticket_calls(sim, real)

    apps, wrong, right = _run("wrong_app_id", body)
    by_id = {a["AppID"]: a for a in apps}
    assert by_id[APP]["Type"] == "Assets/CI"
    assert wrong["search"] == 404
    assert set(right.values()) == {200}


def test_partial_visibility_sees_only_member_departments() -> None:
    tenant, clock = _tenant("partial_visibility")
    members = tenant.account.member_accounts()

    async def body(sim: Sim) -> tuple[Any, Any, Any, int, Any]:
        h = await sim.login()
        rows = (await sim.client.post(f"api/{APP}/tickets/search", json={"MaxResults": 0},
                                      headers=h)).json()  # fmt: skip
        accounts = (await sim.client.get("api/accounts", headers=h)).json()
        hidden = next(i for i in range(sim.tenant.index.count)
                      if sim.tenant.index.account[i] not in members)  # fmt: skip
        code = (await sim.client.get(f"api/{APP}/tickets/{sim.tenant.life(hidden).p.id}",
                                     headers=h)).status_code  # fmt: skip
        report = (await sim.client.get("api/reports/1", params={"withData": "true"},
                                       headers=h)).json()  # fmt: skip
        feed = (await sim.client.get(f"api/{APP}/tickets/feed", params={"ReturnCount": 100},
                                     headers=h)).json()  # fmt: skip
        return rows, accounts, report, code, feed

    rows, accounts, report, code, feed = run_with(tenant, clock, body)
    assert 0 < len(rows) < tenant.config.tickets
    assert {r["AccountID"] for r in rows} <= members
    assert {a["ID"] for a in accounts} == members
    assert code == 401
    assert {r["TicketID"] for r in report["DataRows"]} == {r["ID"] for r in rows}
    visible_ids = {r["ID"] for r in rows}
    assert {e["ItemID"] for e in feed["Entries"]} <= visible_ids


@pytest.mark.parametrize(
    ("scenario", "refused"),
    [
        ("no_time_access", {"time"}),
        ("no_people_access", {"people"}),
        ("feed_not_visible", {"feed", "app_feed"}),
    ],
)
def test_missing_access_refuses_exactly_those_calls(scenario: str, refused: set[str]) -> None:
    codes = _run(scenario, _ticket_calls)
    assert {k for k, v in codes.items() if v == 401} == refused
    assert {k for k, v in codes.items() if v != 401} == set(codes) - refused


def test_no_people_access_keeps_the_restricted_lookup() -> None:
    async def body(sim: Sim) -> list[int]:
        h = await sim.login()
        uid = sim.tenant.world.directory.people[5].uid
        return [(await sim.client.get(p, headers=h)).status_code
                for p in ("api/people/lookup", f"api/people/{uid}", "api/groups/4411",
                          "api/groups/4411/members")]  # fmt: skip

    assert _run("no_people_access", body) == [200, 401, 401, 401]


def test_wrong_admin_key_refuses_loginadmin_only() -> None:
    async def body(sim: Sim) -> tuple[int, int]:
        r = await sim.client.post(
            "api/auth/loginadmin",
            json={
                "BEID": sim.tenant.config.beid,
                "WebServicesKey": sim.tenant.config.web_services_key,
            },
        )
        return r.status_code, await _password(sim)

    assert _run("wrong_admin_key", body) == (401, 200)


def test_over_privileged_account_shows_and_can_use_write_permissions() -> None:
    tenant, clock = _tenant("over_privileged")

    async def body(sim: Sim) -> tuple[Any, int]:
        h = await sim.login()
        me = (await sim.client.get("api/auth/getuser", headers=h)).json()
        created = await sim.client.post(
            "api/people",
            headers=h,
            json={"FirstName": "New", "LastName": "Person", "UserName": "np1", "TypeID": 2},
        )
        return me, created.status_code

    me, created = run_with(tenant, clock, body)
    assert "TDAdmin" in me["Applications"]
    assert me["SecurityRoleName"] == "Administrator"
    assert "Edit People" in me["Permissions"]
    tickets_app = next(a for a in me["OrgApplications"] if a["ID"] == APP)
    assert tickets_app["IsAdministrator"] is True
    assert created == 201
    assert len(tenant.writes) == 1


def test_healthy_account_has_only_the_guides_read_permissions() -> None:
    async def body(sim: Sim) -> Any:
        return (await sim.client.get("api/auth/getuser", headers=await sim.login())).json()

    me = _run("healthy", body)
    assert sorted(me["Permissions"]) == sorted([
        "View All Accts/Depts", "View All Types", "View People from Accts/Depts",
        "View all requests belonging to assigned Accts/Depts"])  # fmt: skip
    assert "TDAdmin" not in me["Applications"]
    ticket_app = next(a for a in me["OrgApplications"] if a["ID"] == APP)
    assert ticket_app["SecurityRoleName"] == "CIO Analytics Role"
    assert ticket_app["IsAdministrator"] is False

"""Header auth with the status codes Autotask is observed to answer (reference A2), and the
seed-002 scenarios that break it."""

from __future__ import annotations

from typing import Any

import pytest

from ticketlake.sim.autotask import DEFAULT_USERNAME, Readings

from .conftest import ALL, DISCOVERY, HEADERS, Run, Sim, errors, make_tenant, run_with


def _status(tenant_kw: dict[str, Any], headers: dict[str, str] = HEADERS) -> tuple[int, Any]:
    tenant, clock = make_tenant(40, **tenant_kw)

    async def go(sim: Sim) -> Any:
        return await sim.query("Tickets", {"filter": ALL}, headers=headers)

    r = run_with(tenant, clock, go)
    return r.status_code, r.json()


@pytest.mark.parametrize(("header", "value", "status"), [
    ("UserName", "someone@NORTHWINDIT.COM", 500),
    ("ApiIntegrationCode", "NOTTHECODE", 500),
    ("Secret", "not-the-secret", 401),
])  # fmt: skip
def test_each_wrong_header_gets_the_observed_status(run: Run, header: str, value: str,
                                                    status: int) -> None:  # fmt: skip
    async def go(sim: Sim) -> Any:
        return await sim.query("Tickets", {"filter": ALL}, headers={**HEADERS, header: value})

    r = run(go)
    assert r.status_code == status
    assert len(errors(r)) == 1


def test_missing_headers_are_refused_and_user_names_match_in_any_case(run: Run) -> None:
    async def go(sim: Sim) -> list[int]:
        codes = []
        for drop in ("UserName", "ApiIntegrationCode", "Secret"):
            headers = {k: v for k, v in HEADERS.items() if k != drop}
            codes.append((await sim.query("Tickets", {"filter": ALL}, headers=headers))
                         .status_code)  # fmt: skip
        lower = {**HEADERS, "UserName": DEFAULT_USERNAME.lower()}
        codes.append((await sim.query("Tickets", {"filter": ALL}, headers=lower)).status_code)
        return codes

    assert run(go) == [500, 500, 401, 200]


@pytest.mark.parametrize(("scenario", "status"), [
    ("wrong_username", 500), ("wrong_secret", 401), ("wrong_tracking_identifier", 500),
    ("missing_tracking_identifier", 500), ("inactive_api_user", 401), ("not_api_only", 401),
])  # fmt: skip
def test_credential_scenarios_refuse_every_call(scenario: str, status: int) -> None:
    code, body = _status({"scenario": scenario})
    assert code == status
    assert set(body) == {"errors"}


def test_zone_lookup_tells_a_wrong_user_name_from_the_others() -> None:
    found = {}
    for scenario in ("wrong_username", "wrong_secret", "inactive_api_user"):
        tenant, clock = make_tenant(20, scenario=scenario)

        async def go(sim: Sim) -> int:
            r = await sim.client.get(f"{DISCOVERY}V1.0/zoneInformation",
                                     params={"user": DEFAULT_USERNAME})  # fmt: skip
            return r.status_code

        found[scenario] = run_with(tenant, clock, go)
    assert found == {"wrong_username": 500, "wrong_secret": 200, "inactive_api_user": 200}


def test_a_user_not_api_only_is_served_under_the_allow_reading() -> None:
    code, body = _status({"scenario": "not_api_only",
                          "readings": Readings(call_seconds=0, not_api_only="allow")})  # fmt: skip
    assert code == 200
    assert body["items"]


def test_the_api_user_shows_its_level_and_license_in_resources() -> None:
    levels = {}
    for scenario in ("healthy", "over_privileged", "not_api_only", "no_crm"):
        tenant, clock = make_tenant(
            20, scenario=scenario, readings=Readings(call_seconds=0, not_api_only="allow")
        )

        async def go(sim: Sim) -> Any:
            me = await sim.query(
                "Resources",
                {"filter": [{"op": "eq", "field": "userName", "value": DEFAULT_USERNAME}]},
            )
            fields = await sim.get("Resources/entityInformation/fields")
            return me.json()["items"], fields.json()["fields"]

        items, fields = run_with(tenant, clock, go)
        picks = {f["name"]: {v["value"]: v["label"] for v in f["picklistValues"] or []}
                 for f in fields}  # fmt: skip
        (me,) = items
        levels[scenario] = (
            picks["userType"][str(me["userType"])],
            picks["licenseType"][str(me["licenseType"])],
        )
    assert levels == {
        "healthy": ("Analytics API User (API-only)", "API User"),
        "over_privileged": ("API User (system) (API-only)", "API User"),
        "not_api_only": ("Technician", "Professional"),
        "no_crm": ("Analytics API User - no CRM (API-only)", "API User"),
    }

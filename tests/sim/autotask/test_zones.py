"""Zone discovery (reference A1): V1.0 zoneInformation without auth on any zone, the version
trap, and what a call to a zone the tenant does not live in gets."""

from __future__ import annotations

from typing import Any

import pytest

from ticketlake.sim.autotask import DEFAULT_USERNAME, Readings

from .conftest import ALL, DISCOVERY, HEADERS, ORIGIN, ZONE, Run, Sim, errors, make_tenant, run_with

ZONE_PATHS = ["/ATServicesRest/V1.0/zoneInformation", "/atservicesrest/v1.0/ZoneInformation/",
              "/webservices14/ATServicesRest/V1.0/zoneInformation"]  # fmt: skip


@pytest.mark.parametrize("path", ZONE_PATHS)
def test_zone_information_names_the_tenants_zone_without_auth(run: Run, path: str) -> None:
    async def go(sim: Sim) -> Any:
        return await sim.client.get(f"{ORIGIN}{path}", params={"user": DEFAULT_USERNAME.lower()})

    r = run(go)
    assert r.status_code == 200
    assert r.json() == {"zoneName": "America East 2",
                        "url": f"{ORIGIN}/webservices5/ATServicesRest/",
                        "webUrl": f"{ORIGIN}/ww5/", "ci": 5}  # fmt: skip


def test_zone_url_is_the_base_clients_append_v1_to(run: Run, shared: Any) -> None:
    async def go(sim: Sim) -> Any:
        zone = await sim.client.get(f"{DISCOVERY}V1.0/zoneInformation",
                                    params={"user": DEFAULT_USERNAME})  # fmt: skip
        return await sim.client.post(f"{zone.json()['url']}V1.0/Tickets/query/count",
                                     json={"filter": ALL}, headers=HEADERS)  # fmt: skip

    tickets = sum(1 for _ in shared[0].iter_truth("tickets"))
    assert run(go).json() == {"queryCount": tickets}
    assert tickets > 350


@pytest.mark.parametrize("user", ["nobody@example.com", ""])
def test_unknown_or_blank_user_is_a_500_with_autotasks_words(run: Run, user: str) -> None:
    async def go(sim: Sim) -> Any:
        return await sim.client.get(f"{DISCOVERY}V1.0/zoneInformation", params={"user": user})

    r = run(go)
    assert (r.status_code, errors(r)) == (500, ["Zone information could not be determined"])


def test_versioninformation_lists_v2_whose_zone_information_is_404(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        versions = await sim.client.get(f"{ORIGIN}/atservicesrest/versioninformation")
        v2 = await sim.client.get(f"{DISCOVERY}V2.0/zoneInformation",
                                  params={"user": DEFAULT_USERNAME})  # fmt: skip
        return [versions, v2]

    versions, v2 = run(go)
    assert versions.json() == {"apiVersions": ["V1.0", "V2.0"]}
    assert v2.status_code == 404
    assert "No HTTP resource was found" in v2.json()["Message"]


def test_a_wrong_zone_answers_401_and_costs_the_tenant_nothing(run: Run, shared: Any) -> None:
    tenant, _ = shared

    async def go(sim: Sim) -> Any:
        before = tenant.budget.window.count(sim.clock.now())
        r = await sim.client.post(f"{ORIGIN}/webservices14/ATServicesRest/V1.0/Tickets/query",
                                  json={"filter": ALL}, headers=HEADERS)  # fmt: skip
        return r, tenant.budget.window.count(sim.clock.now()) - before

    r, counted = run(go)
    assert r.status_code == 401
    assert "zone" in errors(r)[0]
    assert counted == 0


def test_the_empty_reading_answers_a_wrong_zone_with_nothing() -> None:
    tenant, clock = make_tenant(60, readings=Readings(call_seconds=0, wrong_zone="empty"))

    async def go(sim: Sim) -> list[Any]:
        base = f"{ORIGIN}/ATServicesRest/V1.0/"
        page = await sim.client.post(f"{base}Tickets/query", json={"filter": ALL},
                                     headers=HEADERS)  # fmt: skip
        count = await sim.client.post(f"{base}Tickets/query/count", json={"filter": ALL},
                                      headers=HEADERS)  # fmt: skip
        return [page.json()["items"], count.json()]

    assert run_with(tenant, clock, go) == [[], {"queryCount": 0}]


def test_a_moved_tenant_is_found_in_its_new_zone_only() -> None:
    tenant, clock = make_tenant(30)

    async def go(sim: Sim) -> list[Any]:
        moved = await sim.client.post(f"{ORIGIN}/_simulator/zone", json={"zone": "webservices14"})
        info = await sim.client.get(f"{DISCOVERY}V1.0/zoneInformation",
                                    params={"user": DEFAULT_USERNAME})  # fmt: skip
        old = await sim.client.get(f"{ZONE}ThresholdInformation", headers=HEADERS)
        new = await sim.client.get(f"{info.json()['url']}V1.0/ThresholdInformation",
                                   headers=HEADERS)  # fmt: skip
        return [moved.status_code, info.json()["zoneName"], old.status_code, new.status_code]

    assert run_with(tenant, clock, go) == [200, "EU1 (English)", 401, 200]

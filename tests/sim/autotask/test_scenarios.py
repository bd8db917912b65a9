"""The security-level scenarios of seed 002: a section set to "No Permission" gives empty
answers (or 500s under the other reading), never a tidy 403; over-privileged levels show in
entityInformation; writes are refused, recorded, and never performed."""

from __future__ import annotations

from typing import Any

import pytest

from ticketlake.sim.autotask import SCENARIOS, Readings
from ticketlake.sim.autotask.levels import ENTITY_SECTION

from .conftest import ALL, HEADERS, ZONE, Sim, errors, make_tenant, run_with

SECTION_OF_SCENARIO = {"no_service_desk": "Service Desk", "no_timesheet": "Timesheet",
                       "no_crm": "CRM", "no_admin": "Admin"}  # fmt: skip


def _answers(scenario: str, restricted: str = "empty") -> dict[str, Any]:
    tenant, clock = make_tenant(
        400, scenario=scenario, readings=Readings(call_seconds=0, restricted=restricted)
    )

    async def go(sim: Sim) -> dict[str, Any]:
        out = {}
        for entity in sorted(ENTITY_SECTION):
            filters = ([{"op": "eq", "field": "ticketID", "value": 42_003}]
                       if entity == "TicketHistory" else ALL)  # fmt: skip
            r = await sim.query(entity, {"filter": filters})
            out[entity] = (r.status_code, len(r.json().get("items", [])))
        return out

    answers: dict[str, Any] = run_with(tenant, clock, go)
    return answers


@pytest.mark.parametrize("scenario", sorted(SECTION_OF_SCENARIO))
def test_a_section_without_permission_reads_as_empty(scenario: str) -> None:
    answers = _answers(scenario)
    section = SECTION_OF_SCENARIO[scenario]
    for entity, (status, n) in answers.items():
        assert status == 200, entity
        if ENTITY_SECTION[entity] == section:
            assert n == 0, entity
        else:
            assert n > 0, entity


def test_under_the_error_reading_a_section_without_permission_is_a_500() -> None:
    answers = _answers("no_timesheet", restricted="error")
    assert answers["TimeEntries"] == (500, 0)
    assert answers["Tickets"][0] == 200


def test_healthy_reads_everything_it_needs_and_may_write_nothing() -> None:
    answers = _answers("healthy")
    assert all(status == 200 and n > 0 for status, n in answers.values()), answers


@pytest.mark.parametrize(("scenario", "create"), [("healthy", "None"),
                                                  ("over_privileged", "All"),
                                                  ("write_permissions", "All")])  # fmt: skip
def test_entity_information_shows_what_the_level_may_change(scenario: str, create: str) -> None:
    tenant, clock = make_tenant(20, scenario=scenario)

    async def go(sim: Sim) -> Any:
        return (await sim.get("Tickets/entityInformation")).json()["info"]

    info = run_with(tenant, clock, go)
    assert (info["userAccessForQuery"], info["userAccessForCreate"],
            info["userAccessForUpdate"]) == ("All", create, create)  # fmt: skip


def test_writes_are_refused_and_recorded_whatever_the_level() -> None:
    for scenario in ("healthy", "over_privileged"):
        tenant, clock = make_tenant(20, scenario=scenario)

        async def go(sim: Sim) -> list[Any]:
            return [await sim.client.post(f"{ZONE}Tickets", json={"title": "x"},
                                          headers=HEADERS),
                    await sim.client.patch(f"{ZONE}TimeEntries", json={"id": 1},
                                           headers=HEADERS),
                    await sim.client.delete(f"{ZONE}Companies/5", headers=HEADERS)]  # fmt: skip

        refused = run_with(tenant, clock, go)
        assert [r.status_code for r in refused] == [500, 500, 500]
        words = errors(refused[0])[0]
        assert ("adequate permissions" in words) == (scenario == "healthy")
        assert [(w.method, w.path.rsplit("/", 1)[-1]) for w in tenant.writes] == [
            ("POST", "Tickets"),
            ("PATCH", "TimeEntries"),
            ("DELETE", "5"),
        ]
        assert tenant.writes[0].body == '{"title":"x"}'
        assert all(r.write for r in tenant.requests)


def test_every_scenario_is_listed_with_its_seed_002_step() -> None:
    assert {"healthy", "busy_tenant", "wrong_username", "wrong_secret",
            "wrong_tracking_identifier", "missing_tracking_identifier", "inactive_api_user",
            "not_api_only", "no_service_desk", "no_timesheet", "no_crm", "no_admin",
            "wrong_zone", "over_privileged", "write_permissions"} == set(SCENARIOS)  # fmt: skip
    for s in SCENARIOS.values():
        assert s.step == "-" or "step" in s.step, s.name


def test_wrong_zone_scenario_pins_a_zone_the_tenant_is_not_in() -> None:
    tenant, _ = make_tenant(20, scenario="wrong_zone")
    setup = tenant.world.setup
    assert setup.advertised_zone != tenant.zone == "webservices5"

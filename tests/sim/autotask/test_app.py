"""The app's manners: .NET routing bodies for 404 and 405, metadata for every entity, a request
log, and independence from the client's code."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sim.isolation import assert_loads_no_client_code
from ticketlake.sim.autotask.models import ENTITIES

from .conftest import ALL, HEADERS, ORIGIN, ZONE, Run, Sim


def test_unknown_routes_and_methods_answer_like_asp_net(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        c = sim.client
        return [await c.get(f"{ZONE}NoSuchEntity/query", headers=HEADERS),
                await c.get(f"{ORIGIN}/elsewhere"),
                await c.delete(f"{ZONE}Tickets/query", headers=HEADERS),
                await c.put(f"{ZONE}Tickets/query/count", headers=HEADERS)]  # fmt: skip

    assert [(r.status_code, set(r.json())) for r in run(go)] == [
        (404, {"Message"}),
        (404, {"Message"}),
        (405, {"Message"}),
        (405, {"Message"}),
    ]


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_entity_has_information_fields_and_udfs(run: Run, entity: str) -> None:
    async def go(sim: Sim) -> list[Any]:
        return [await sim.get(f"{entity.lower()}/EntityInformation/{part}")
                for part in ("", "fields", "userDefinedFields")]  # fmt: skip

    info, fields, udfs = run(go)
    assert info.json()["info"]["name"] == entity
    assert {f["name"] for f in fields.json()["fields"]} >= {"id"}
    assert isinstance(udfs.json()["fields"], list)


def test_requests_are_logged_with_who_and_how_long_they_were_held(run: Run, shared: Any) -> None:
    tenant, _ = shared
    before = len(tenant.requests)

    async def go(sim: Sim) -> None:
        await sim.query("Roles", {"filter": ALL})
        await sim.query("Roles", {"filter": ALL}, headers={**HEADERS, "Secret": "x"})

    run(go)
    got = [(r.method, r.status, r.client, r.write, r.who) for r in tenant.requests[before:]]
    assert got == [("POST", 200, "10.0.0.7", False, HEADERS["UserName"]),
                   ("POST", 401, "10.0.0.7", False, "")]  # fmt: skip


def test_the_simulator_imports_nothing_from_the_client() -> None:
    assert_loads_no_client_code("ticketlake.sim.autotask", "tickets=5")

"""The app's manners: ASP.NET-style error bodies, and independence from the client's code."""

from __future__ import annotations

from typing import Any

from tests.sim.isolation import assert_loads_no_client_code

from .conftest import APP, Run, Sim


def test_unknown_route_method_and_media_type(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        h = await sim.login()
        return [
            await sim.client.get("api/no/such/thing", headers=h),
            await sim.client.delete(f"api/{APP}/tickets/search", headers=h),
            await sim.client.post(
                f"api/{APP}/tickets/search",
                content=b"MaxResults=1",
                headers={**h, "Content-Type": "text/plain"},
            ),
            await sim.client.post(
                f"api/{APP}/tickets/search",
                content=b"{not json",
                headers={**h, "Content-Type": "application/json"},
            ),
        ]

    codes = [(r.status_code, set(r.json())) for r in run(go)]
    assert codes == [(404, {"Message"}), (405, {"Message"}), (415, {"Message"}),
                     (400, {"Message"})]  # fmt: skip


def test_form_encoded_search_bodies_are_accepted(run: Run) -> None:
    async def go(sim: Sim) -> Any:
        h = await sim.login()
        return await sim.client.post(f"api/{APP}/tickets/search", data={"MaxResults": "3"},
                                     headers=h)  # fmt: skip

    r = run(go)
    assert r.status_code == 200
    assert len(r.json()) == 3


def test_requests_are_logged_with_client_and_status(run: Run, shared: Any) -> None:
    tenant, _ = shared
    before = len(tenant.requests)

    async def go(sim: Sim) -> None:
        await sim.client.get("api/auth/getuser")

    run(go)
    last = tenant.requests[before:]
    assert [(r.method, r.status, r.client, r.write) for r in last] == [
        ("GET", 401, "10.0.0.7", False)
    ]
    assert last[0].path == "/TDWebApi/api/auth/getuser"


def test_the_simulator_imports_nothing_from_the_client() -> None:
    assert_loads_no_client_code("ticketlake.sim.teamdynamix", "tickets=5")

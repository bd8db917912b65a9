"""Every scenario produces the failure the onboarding check built on it must name, and the
form the scenario's customer filled in says which entry is wrong."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ticketlake.sim.teamwork import SCENARIOS, Readings

from .conftest import EVERYTHING, ORIGIN, V3, Sim, make_tenant, run_with
from .test_oauth import REDIRECT, _authorize, _login_params, _query, _token_call

ME = "/projects/api/v3/me.json"


def _on(scenario: str, body: Any, **kw: Any) -> Any:
    tenant, clock = make_tenant(120, 60, scenario=scenario, **kw)
    return run_with(tenant, clock, body)


def test_every_scenario_names_its_form_step_and_what_a_client_sees() -> None:
    assert "healthy" in SCENARIOS
    assert len(SCENARIOS) == 11
    for s in SCENARIOS.values():
        assert s.step
        assert s.observable


def test_wrong_site_name_is_a_401_and_the_real_site_answers() -> None:
    async def go(sim: Sim) -> list[int]:
        form = (await sim.client.get(f"{ORIGIN}/_simulator/form")).json()
        return [
            (await sim.get(f"{ORIGIN}/us/{form['site']}{ME}")).status_code,
            (await sim.get(f"{ORIGIN}/us/{sim.tenant.site.name}{ME}")).status_code,
        ]

    assert _on("wrong_site_name", go) == [401, 200]


@pytest.mark.parametrize(("reading", "status"), [("401", 401), ("redirect", 302)])
def test_wrong_region_is_refused_on_the_us_host(reading: str, status: int) -> None:
    async def go(sim: Sim) -> list[httpx.Response]:
        return [await sim.get(f"{ORIGIN}/us/acme{ME}"), await sim.get(f"{ORIGIN}/eu/acme{ME}")]

    us, eu = _on("wrong_region", go, readings=Readings(wrong_region=reading))  # type: ignore[arg-type]
    assert us.status_code == status
    assert eu.status_code == 200
    if status == 302:
        assert us.headers["location"] == f"{ORIGIN}/eu/acme{ME}"


def test_wrong_api_key_is_a_401_on_an_existing_site() -> None:
    async def go(sim: Sim) -> int:
        return (await sim.get(f"{ORIGIN}/us/acme{ME}")).status_code

    assert _on("wrong_api_key", go) == 401


def test_restricted_user_sees_only_some_projects() -> None:
    async def go(sim: Sim) -> list[Any]:
        me = (await sim.get(f"{V3}me.json")).json()["person"]
        tasks = await sim.every(f"{V3}tasks.json", "tasks", {**EVERYTHING, "pageSize": "500"})
        projects = (await sim.get(f"{V3}projects.json", params=EVERYTHING)).json()["projects"]
        return [me, len(tasks), len(projects), len(sim.tenant.world.directory.projects)]

    me, tasks, projects, every = _on("restricted_user", go)
    assert me["isAdmin"] is False
    assert 0 < tasks < 120
    assert 0 < projects < every


async def _sign_in_and_exchange(sim: Sim) -> httpx.Response:
    code = _query(await _authorize(sim, f"{ORIGIN}/launchpad/login", _login_params()))["code"]
    return await sim.client.post(f"{ORIGIN}/launchpad/v1/token.json", json=_token_call(code))


def test_wrong_client_secret_fails_the_token_call() -> None:
    r = _on("wrong_client_secret", _sign_in_and_exchange)
    assert r.status_code == 401
    assert r.json()["status"] == "error"


def test_redirect_uri_mismatch_is_refused_on_the_login_page() -> None:
    async def go(sim: Sim) -> httpx.Response:
        return await sim.client.get(f"{ORIGIN}/launchpad/login", params=_login_params())

    r = _on("redirect_uri_mismatch", go)
    assert r.status_code == 400
    assert "redirect_uri" in r.text
    assert REDIRECT not in r.headers.get("location", "")


def test_expired_code_fails_the_token_call() -> None:
    r = _on("expired_code", _sign_in_and_exchange)
    assert r.status_code == 400
    assert "expired" in r.json()["message"]


def test_desk_not_enabled_refuses_desk_and_says_so_in_the_installation() -> None:
    async def go(sim: Sim) -> list[Any]:
        desk = await sim.get(f"{ORIGIN}/us/acme/desk/api/v2/tickets.json")
        token = await _sign_in_and_exchange(sim)
        return [desk.status_code, token.json()["installation"]["deskEnabled"]]

    assert _on("desk_not_enabled", go) == [403, False]


def test_wrong_api_version_finds_no_tasks_on_v2() -> None:
    async def go(sim: Sim) -> list[Any]:
        form = (await sim.client.get(f"{ORIGIN}/_simulator/form")).json()
        base = f"{ORIGIN}/us/acme/projects/api/{form['api_version']}/"
        return [form["api_version"], (await sim.get(f"{base}tasks.json")).status_code]

    assert _on("wrong_api_version", go) == ["v2", 404]


def test_wrong_space_id_is_a_404_and_the_site_lists_its_spaces() -> None:
    async def go(sim: Sim) -> list[Any]:
        form = (await sim.client.get(f"{ORIGIN}/_simulator/form")).json()
        base = f"{ORIGIN}/us/acme/spaces/api/v1/"
        one = await sim.get(f"{base}spaces/{form['space_id']}.json")
        spaces = (await sim.get(f"{base}spaces.json")).json()["spaces"]
        return [one.status_code, form["space_id"] in {s["id"] for s in spaces}, len(spaces)]

    assert _on("wrong_space_id", go) == [404, False, 3]


def test_wrong_space_id_form_signs_in_with_oauth_as_seed_003s_spaces_section_allows() -> None:
    async def go(sim: Sim) -> list[Any]:
        form = (await sim.client.get(f"{ORIGIN}/_simulator/form")).json()
        return [form["api_type"], form["api_version"], form["auth_type"]]

    assert _on("wrong_space_id", go) == ["spaces", "v2", "oauth2"]

"""Who may call and how often: Basic and Bearer API keys, 401 for wrong keys and nonexistent
sites (without rate-limit headers), sites by path prefix and Host header, per-account limits
with their header spellings and 429."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from ticketlake.sim.teamwork import DEFAULT_API_KEY, DEFAULT_PASSWORD, Readings

from .conftest import BASIC, BEARER, DESK, ORIGIN, V3, Run, Sim, error_detail, make_tenant
from .conftest import run_with as run_on


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_basic_with_any_password_and_bearer_are_the_same_caller(run: Run) -> None:
    async def go(sim: Sim) -> list[Any]:
        return [(await sim.get(f"{V3}me.json", headers=h)).json()["person"]["id"]
                for h in (BASIC, BEARER, _basic(DEFAULT_API_KEY, "anything"))]  # fmt: skip

    assert len(set(run(go))) == 1


def test_a_person_may_sign_in_with_email_and_password(run: Run, shared: Any) -> None:
    email = shared[0].world.directory.people[0].email

    async def go(sim: Sim) -> list[int]:
        return [(await sim.get(f"{V3}me.json", headers=h)).status_code
                for h in (_basic(email, DEFAULT_PASSWORD), _basic(email, "wrong"))]  # fmt: skip

    assert run(go) == [200, 401]


def test_wrong_keys_and_unknown_sites_are_401_without_rate_headers(run: Run) -> None:
    async def go(sim: Sim) -> list[httpx.Response]:
        return [await sim.get(f"{V3}tasks.json", headers=_basic("nope", "x")),
                await sim.get(f"{V3}tasks.json", headers={}),
                await sim.get(f"{ORIGIN}/us/nosuchsite/projects/api/v3/tasks.json"),
                await sim.get(f"{ORIGIN}/eu/acme/projects/api/v3/tasks.json"),
                await sim.get(f"{ORIGIN}/us/nosuchsite/tasks.json")]  # fmt: skip

    answers = run(go)
    assert [r.status_code for r in answers] == [401] * 5
    assert all(error_detail(r) == "401: Not authorized" for r in answers[:4])
    assert answers[4].json() == {"MESSAGE": "401: Not authorized", "STATUS": "Error"}
    assert not any("ratelimit" in k.replace("-", "") for r in answers for k in r.headers)


def test_sites_are_found_by_host_header_too(run: Run) -> None:
    async def go(sim: Sim) -> list[int]:
        url = "/projects/api/v3/me.json"
        return [(await sim.get(f"http://acme.teamwork.com{url}")).status_code,
                (await sim.get(f"http://acme.eu.teamwork.com{url}")).status_code,
                (await sim.get(f"{ORIGIN}{url}")).status_code]  # fmt: skip

    assert run(go) == [200, 401, 200]


def test_projects_allow_150_a_minute_then_429_until_the_window_resets() -> None:
    tenant, clock = make_tenant(50, 10)

    async def go(sim: Sim) -> tuple[list[httpx.Response], httpx.Response]:
        answers = [await sim.get(f"{V3}tags.json") for _ in range(151)]
        clock.advance(60)
        return answers, await sim.get(f"{V3}tags.json")

    answers, after = run_on(tenant, clock, go)
    first, last_ok, refused = answers[0], answers[149], answers[150]
    assert first.headers["X-RateLimit-Limit"] == "150"
    assert first.headers["X-RateLimit-Remaining"] == "149"
    assert int(first.headers["X-RateLimit-Reset"]) == int(clock.now())
    assert last_ok.status_code == 200
    assert last_ok.headers["X-RateLimit-Remaining"] == "0"
    assert refused.status_code == 429
    assert "X-RateLimit-Reset" in refused.headers
    assert after.status_code == 200


def test_desk_counts_apart_with_its_own_spelling_and_scale_doubles_projects() -> None:
    tenant, clock = make_tenant(50, 10, plan="scale",
                                readings=Readings(projects_headers="both"))  # fmt: skip

    async def go(sim: Sim) -> tuple[httpx.Response, httpx.Response]:
        return await sim.get(f"{V3}tags.json"), await sim.get(f"{DESK}inboxes.json")

    projects, desk = run_on(tenant, clock, go)
    assert projects.headers["X-RateLimit-Limit"] == projects.headers["X-Rate-Limit-Limit"] == "300"
    assert desk.headers["X-Rate-Limit-Limit"] == "120"
    assert "X-RateLimit-Limit" not in desk.headers
    assert desk.headers["X-Rate-Limit-Remaining"] == "119"

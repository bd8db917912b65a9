"""Rate limits: per method, per client IP, a fixed window anchored at the first call."""

from __future__ import annotations

import email.utils
from typing import Any

from ticketlake.sim.teamdynamix import RateLimit

from .conftest import APP, Run, Sim, make_tenant, run_with


def _reset(r: Any) -> float:
    parsed = email.utils.parsedate_to_datetime(r.headers["X-RateLimit-Reset"])
    return parsed.timestamp()


def test_61st_call_in_a_window_is_429_with_truthful_headers(run: Run) -> None:
    async def body(sim: Sim) -> tuple[list[Any], float]:
        headers = await sim.login()
        first_at = sim.clock.now() + 0.25
        sim.clock.advance(0.25)
        rs = []
        for _ in range(61):
            rs.append(await sim.client.get(f"api/{APP}/tickets/statuses", headers=headers))
            sim.clock.advance(0.5)
        return rs, first_at

    rs, first_at = run(body)
    assert [r.status_code for r in rs[:60]] == [200] * 60
    assert rs[0].headers["X-RateLimit-Limit"] == "60"
    assert rs[0].headers["X-RateLimit-Remaining"] == "59"
    assert rs[59].headers["X-RateLimit-Remaining"] == "0"
    last = rs[60]
    assert last.status_code == 429
    assert last.headers["X-RateLimit-Limit"] == "60"
    assert last.headers["X-RateLimit-Remaining"] == "0"
    assert _reset(last) == _reset(rs[0]) >= first_at + 60  # anchored at the first call
    assert _reset(last) - (first_at + 60) < 1
    assert "Message" in last.json()


def test_window_resets_after_its_period(run: Run) -> None:
    async def body(sim: Sim) -> list[int]:
        headers = await sim.login()
        for _ in range(60):
            await sim.client.get(f"api/{APP}/tickets/statuses", headers=headers)
        codes = [(await sim.client.get(f"api/{APP}/tickets/statuses", headers=headers)).status_code]
        sim.clock.advance(60)
        r = await sim.client.get(f"api/{APP}/tickets/statuses", headers=headers)
        codes += [r.status_code, int(r.headers["X-RateLimit-Remaining"])]
        return codes

    assert run(body) == [429, 200, 59]


def test_limits_are_per_method(run: Run) -> None:
    async def body(sim: Sim) -> tuple[int, int]:
        headers = await sim.login()
        for _ in range(61):
            await sim.client.get(f"api/{APP}/tickets/statuses", headers=headers)
        other = await sim.client.get(f"api/{APP}/tickets/priorities", headers=headers)
        return other.status_code, int(other.headers["X-RateLimit-Remaining"])

    assert run(body) == (200, 59)


def test_limits_are_per_client_ip() -> None:
    tenant, clock = make_tenant(100)

    async def burn(sim: Sim) -> int:
        headers = await sim.login()
        for _ in range(60):
            await sim.client.get(f"api/{APP}/tickets/statuses", headers=headers)
        return (await sim.client.get(f"api/{APP}/tickets/statuses", headers=headers)).status_code

    async def other(sim: Sim) -> int:
        headers = await sim.login()
        return (await sim.client.get(f"api/{APP}/tickets/statuses", headers=headers)).status_code

    assert run_with(tenant, clock, burn, client_ip="10.0.0.1") == 429
    assert run_with(tenant, clock, other, client_ip="10.0.0.2") == 200


def test_ticket_search_allows_30_per_minute(run: Run) -> None:
    async def body(sim: Sim) -> list[Any]:
        headers = await sim.login()
        return [await sim.client.post(f"api/{APP}/tickets/search", json={"MaxResults": 1},
                                      headers=headers) for _ in range(31)]  # fmt: skip

    rs = run(body)
    assert rs[0].headers["X-RateLimit-Limit"] == "30"
    assert [r.status_code for r in rs[-2:]] == [200, 429]


def test_unauthorized_calls_count_and_carry_headers(run: Run) -> None:
    async def body(sim: Sim) -> Any:
        return await sim.client.get(f"api/{APP}/tickets/statuses")

    r = run(body)
    assert r.status_code == 401
    assert r.headers["X-RateLimit-Remaining"] == "59"


def test_every_response_has_a_virtual_date_header(run: Run) -> None:
    async def body(sim: Sim) -> tuple[Any, float]:
        return await sim.client.get("api/nothing/here"), sim.clock.now()

    r, now = run(body)
    assert r.status_code == 404
    assert email.utils.parsedate_to_datetime(r.headers["Date"]).timestamp() == int(now)


def test_throttled_scenario_lowers_limits_and_says_so() -> None:
    tenant, clock = make_tenant(100, scenario="throttled")

    async def body(sim: Sim) -> list[Any]:
        headers = await sim.login()
        return [await sim.client.post(f"api/{APP}/tickets/search", json={"MaxResults": 1},
                                      headers=headers) for _ in range(11)]  # fmt: skip

    rs = run_with(tenant, clock, body)
    assert rs[0].headers["X-RateLimit-Limit"] == "10"
    assert [r.status_code for r in rs[-2:]] == [200, 429]


def test_limits_can_be_overridden() -> None:
    tenant, clock = make_tenant(100, limits={"GET api/auth/getuser": RateLimit(2, 5)})

    async def body(sim: Sim) -> list[int]:
        headers = await sim.login()
        return [(await sim.client.get("api/auth/getuser", headers=headers)).status_code
                for _ in range(3)]  # fmt: skip

    assert run_with(tenant, clock, body) == [200, 200, 429]


def test_userlist_is_one_call_per_user_per_minute(run: Run) -> None:
    async def body(sim: Sim) -> list[Any]:
        user, admin = await sim.login(), await sim.admin()
        a = await sim.client.get("api/people/userlist", headers=user)
        b = await sim.client.get("api/people/userlist", headers=user)
        c = await sim.client.get("api/people/userlist", headers=admin)
        return [a, b, c]

    a, b, c = run(body)
    assert (a.status_code, b.status_code, c.status_code) == (200, 429, 200)
    assert a.headers["X-RateLimit-Limit"] == "1"

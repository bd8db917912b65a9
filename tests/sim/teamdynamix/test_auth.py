"""Auth section: text/plain JWTs with TDX's claims, getuser, refusals, expiry in virtual time."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from ticketlake.sim.clock import ScaledClock
from ticketlake.sim.teamdynamix import DEFAULT_BEID, DEFAULT_USERNAME, SimConfig, Tenant

from .conftest import AS_OF, START, Run, Sim, run_with

SAMPLES = Path("/work/shared/reference/samples/teamdynamix")


def _part(token: str, k: int) -> dict[str, Any]:
    seg = token.split(".")[k]
    return json.loads(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)))


def test_login_returns_a_bare_jwt_as_text_plain(run: Run) -> None:
    async def body(sim: Sim) -> Any:
        return await sim.client.post(
            "api/auth", json={"username": DEFAULT_USERNAME, "password": "sim-password-1"}
        )

    r = run(body)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.text.count(".") == 2
    assert not r.text.startswith('"')


def test_token_claims_match_the_documented_example(run: Run, shared: Any) -> None:
    _tenant, clock = shared

    async def body(sim: Sim) -> str:
        return (await sim.login())["Authorization"].split()[1]

    token = run(body)
    doc = (SAMPLES / "official_docs/jwt_example_from_TDWebApi_overview.txt").read_text().strip()
    assert _part(token, 0) == _part(doc, 0) == {"typ": "JWT", "alg": "HS256"}
    claims = _part(token, 1)
    assert list(claims) == list(_part(doc, 1))  # iss, aud, nbf, exp, unique_name
    assert claims["iss"] == "TD"
    assert claims["aud"] == "https://www.teamdynamix.com/"
    assert claims["unique_name"] == DEFAULT_USERNAME
    assert claims["nbf"] == int(clock.now())
    assert claims["exp"] - claims["nbf"] == 86_400


def test_login_alias_and_case_insensitive_fields(run: Run) -> None:
    async def body(sim: Sim) -> int:
        r = await sim.client.post(
            "api/auth/login", json={"UserName": "TICKETLAKE-SVC", "Password": "sim-password-1"}
        )
        return r.status_code

    assert run(body) == 200


def test_wrong_password_is_401_with_a_message_body(run: Run) -> None:
    async def body(sim: Sim) -> Any:
        return await sim.client.post("api/auth", json={"username": DEFAULT_USERNAME,
                                                       "password": "nope"})  # fmt: skip

    r = run(body)
    assert r.status_code == 401
    assert set(r.json()) == {"Message"}
    assert r.json()["Message"]


def test_missing_and_forged_tokens_are_401(run: Run) -> None:
    async def body(sim: Sim) -> list[int]:
        good = (await sim.login())["Authorization"]
        forged = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
        codes = []
        for headers in ({}, {"Authorization": "Bearer x.y.z"}, {"Authorization": forged}):
            codes.append((await sim.client.get("api/auth/getuser", headers=headers)).status_code)
        return codes

    assert run(body) == [401, 401, 401]


def test_token_expires_after_24_virtual_hours(run: Run) -> None:
    async def body(sim: Sim) -> list[int]:
        headers = await sim.login()
        codes = [(await sim.client.get("api/auth/getuser", headers=headers)).status_code]
        sim.clock.advance(86_399)
        codes.append((await sim.client.get("api/auth/getuser", headers=headers)).status_code)
        sim.clock.advance(1)
        codes.append((await sim.client.get("api/auth/getuser", headers=headers)).status_code)
        return codes

    assert run(body) == [200, 200, 401]


def test_token_expires_under_a_time_scale_without_waiting() -> None:
    real = [1000.0]  # a fake monotonic clock: "real" seconds we move by hand
    clock = ScaledClock(scale=10_000, start=START, monotonic=lambda: real[0])
    tenant = Tenant(SimConfig(tickets=50, seed=3, as_of=AS_OF, clock=clock))

    async def body(sim: Sim) -> list[int]:
        headers = await sim.login()
        codes = [(await sim.client.get("api/auth/getuser", headers=headers)).status_code]
        real[0] += 8.6  # 86,000 virtual seconds
        codes.append((await sim.client.get("api/auth/getuser", headers=headers)).status_code)
        real[0] += 0.05  # 500 more: past 24 h
        codes.append((await sim.client.get("api/auth/getuser", headers=headers)).status_code)
        return codes

    assert run_with(tenant, clock, body) == [200, 200, 401]  # type: ignore[arg-type]


def test_getuser_has_every_field_of_the_real_user_sample(run: Run) -> None:
    async def body(sim: Sim) -> Any:
        return (await sim.client.get("api/auth/getuser", headers=await sim.login())).json()

    user = run(body)
    sample = json.loads((SAMPLES / "psclient/auth_getuser.json").read_text())
    assert set(sample) <= set(user)
    for key, value in sample.items():
        assert type(user[key]) is type(value) or value is None, key
    assert user["UserName"] == DEFAULT_USERNAME
    assert user["BEID"] == DEFAULT_BEID
    assert user["Birthday"] == "0001-01-01T05:00:00Z"
    assert user["TypeID"] == 9
    assert user["IsEmployee"] is False


def test_loginadmin_gives_the_admin_user(run: Run) -> None:
    async def body(sim: Sim) -> Any:
        return (await sim.client.get("api/auth/getuser", headers=await sim.admin())).json()

    user = run(body)
    assert user["Applications"] == ["TDAdmin"]
    assert user["FullName"] == "API User"


def test_loginadmin_wrong_key_is_401(run: Run) -> None:
    async def body(sim: Sim) -> int:
        r = await sim.client.post(
            "api/auth/loginadmin",
            json={"BEID": DEFAULT_BEID, "WebServicesKey": "00000000-0000-0000-0000-000000000001"},
        )
        return r.status_code

    assert run(body) == 401


def test_sandbox_prefix_serves_the_same_tenant(run: Run) -> None:
    async def body(sim: Sim) -> tuple[int, int]:
        r = await sim.client.post(
            "http://sim.test/SBTDWebApi/api/auth",
            json={"username": DEFAULT_USERNAME, "password": "sim-password-1"},
        )
        headers = {"Authorization": f"Bearer {r.text}"}
        me = await sim.client.get("http://sim.test/SBTDWebApi/api/auth/getuser", headers=headers)
        return r.status_code, me.status_code

    assert run(body) == (200, 200)

"""TeamDynamix login: token parsing, renewal before exp, one login for many concurrent calls."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import jwt
import pytest

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.teamdynamix.auth import (
    TdxAuth,
    jwt_claims,
    token_from_body,
    token_life,
)
from ticketlake.connectors.teamdynamix.settings import TdxSettings
from ticketlake.errors import AuthError
from ticketlake.secret import Secret

T0 = 1_767_225_600.0


def make_token(nbf: float, lifetime: float = 86400.0) -> str:
    claims = {"iss": "TD", "aud": "https://www.teamdynamix.com/", "unique_name": "svc"}
    claims |= {"nbf": int(nbf), "exp": int(nbf + lifetime)}
    return jwt.encode(claims, "server-signing-key-for-tests-0123456789", algorithm="HS256")


class FakeClock:
    def __init__(self) -> None:
        self.t = T0

    def now(self) -> float:
        return self.t


class FakeTransport:
    """Answers logins with a fresh token; records them."""

    def __init__(self, clock: FakeClock, *, quoted: bool = False, lifetime: float = 86400.0):
        self.clock = clock
        self.server_offset = 0.0
        self.secrets: list[str] = []
        self.logins: list[tuple[str, dict[str, Any]]] = []
        self.quoted = quoted
        self.lifetime = lifetime
        self.token_offset = 0.0
        """How far the clock the server stamps tokens with is from its Date clock."""

    def server_now(self) -> float:
        return self.clock.now() + self.server_offset

    def register_secret(self, value: str) -> None:
        self.secrets.append(value)

    async def call(self, method: str, template: str, **kw: Any) -> httpx.Response:
        assert kw["authenticate"] is False
        self.logins.append((template, kw["json"]))
        await asyncio.sleep(0)  # let concurrent callers pile up on the lock
        token = make_token(self.server_now() + self.token_offset, self.lifetime)
        body = f'"{token}"' if self.quoted else f"{token}\n"
        return httpx.Response(200, text=body)


def settings(**values: Any) -> TdxSettings:
    secrets = {
        k: Secret(v) for k, v in values.items() if k in ("password", "web_services_key", "beid")
    }
    plain = {k: v for k, v in values.items() if k not in secrets}
    conn = ConnectionSettings(
        "t",
        "teamdynamix",
        {"base_url": "http://127.0.0.1/TDWebApi", "app_id": 627} | plain,
        secrets,
    )
    return TdxSettings.from_connection(conn)


PASSWORD = {"username": "svc", "password": "pw-1"}


def test_token_body_quotes_and_whitespace_are_stripped() -> None:
    assert token_from_body(' "abc.def.ghi" \n') == "abc.def.ghi"
    assert token_from_body("abc.def.ghi\r\n") == "abc.def.ghi"


def test_claims_are_read_without_the_signing_key() -> None:
    assert jwt_claims(make_token(T0))["exp"] == int(T0) + 86400


def test_a_body_that_is_not_a_jwt_is_an_auth_error() -> None:
    with pytest.raises(AuthError):
        jwt_claims("<html>login page</html>")


def test_password_login_sends_username_and_password_and_sets_bearer() -> None:
    clock = FakeClock()
    transport = FakeTransport(clock, quoted=True)
    auth = TdxAuth(settings(**PASSWORD))
    headers: dict[str, str] = {}
    asyncio.run(auth.apply(headers, transport))
    assert transport.logins == [("api/auth", {"username": "svc", "password": "pw-1"})]
    assert headers["Authorization"].startswith("Bearer ey")
    assert '"' not in headers["Authorization"]
    # The token is handed to the transport's redactor as soon as it exists.
    assert transport.secrets == [headers["Authorization"].removeprefix("Bearer ")]


def test_admin_login_sends_beid_and_key() -> None:
    clock = FakeClock()
    transport = FakeTransport(clock)
    auth = TdxAuth(settings(auth_mode="admin", beid="b-1", web_services_key="k-1"))
    asyncio.run(auth.apply({}, transport))
    assert transport.logins == [("api/auth/loginadmin", {"BEID": "b-1", "WebServicesKey": "k-1"})]


def test_token_is_reused_until_shortly_before_exp() -> None:
    clock = FakeClock()
    transport = FakeTransport(clock)
    auth = TdxAuth(settings(**PASSWORD), margin=600)

    async def scenario() -> list[int]:
        counts = []
        for advance in (0, 3600, 86400 - 3600 - 700, 200):
            clock.t += advance
            await auth.apply({}, transport)
            counts.append(len(transport.logins))
        return counts

    # 0 s and 1 h: same token; exp - 700 s: still fine; exp - 500 s: inside the margin.
    assert asyncio.run(scenario()) == [1, 1, 1, 2]


def test_renewal_is_judged_on_the_server_clock() -> None:
    clock = FakeClock()
    transport = FakeTransport(clock)
    auth = TdxAuth(settings(**PASSWORD), margin=600)
    asyncio.run(auth.apply({}, transport))
    # Our clock is 1 h behind the server's; the token was stamped with the server's time.
    transport.server_offset = 3600.0
    clock.t += 86400 - 3600 - 300
    asyncio.run(auth.apply({}, transport))
    assert len(transport.logins) == 2


def test_a_token_stamped_on_another_clock_is_still_used_for_its_whole_life() -> None:
    clock = FakeClock()
    transport = FakeTransport(clock)
    auth = TdxAuth(settings(**PASSWORD), margin=600)
    transport.token_offset = -3 * 86400.0  # tokens stamped three days behind its Date clock

    async def calls() -> None:
        for _ in range(5):
            await auth.apply({}, transport)
            clock.t += 60

    asyncio.run(calls())
    assert len(transport.logins) == 1


def test_token_life_comes_from_the_token() -> None:
    assert token_life({"nbf": 100, "exp": 86500}, now=5e9) == 86400
    assert token_life({"exp": 1000 + 3600}, now=1000) == 3600
    assert token_life({"exp": 10}, now=5e9) == 86400  # exp on another clock: the documented life
    assert token_life({}, now=5e9) == 86400


def test_concurrent_calls_share_one_login() -> None:
    clock = FakeClock()
    transport = FakeTransport(clock)
    auth = TdxAuth(settings(**PASSWORD))

    async def many() -> None:
        await asyncio.gather(*(auth.apply({}, transport) for _ in range(20)))

    asyncio.run(many())
    assert len(transport.logins) == 1


def test_concurrent_refreshes_after_401_share_one_login() -> None:
    clock = FakeClock()
    transport = FakeTransport(clock)
    auth = TdxAuth(settings(**PASSWORD))

    async def scenario() -> None:
        await auth.apply({}, transport)
        await asyncio.gather(*(auth.refresh(transport) for _ in range(10)))

    asyncio.run(scenario())
    assert len(transport.logins) == 2


def test_a_short_lived_token_is_renewed_at_half_life_not_every_call() -> None:
    clock = FakeClock()
    transport = FakeTransport(clock, lifetime=300)
    auth = TdxAuth(settings(**PASSWORD), margin=600)

    async def scenario() -> int:
        for _ in range(5):
            await auth.apply({}, transport)
            clock.t += 10
        return len(transport.logins)

    assert asyncio.run(scenario()) == 1


def test_the_token_never_prints() -> None:
    clock = FakeClock()
    auth = TdxAuth(settings(**PASSWORD))
    asyncio.run(auth.apply({}, FakeTransport(clock)))
    assert "ey" not in repr(auth.token)
    assert "ey" not in str(auth.token)

"""No secret in any error or log line of the transport, registered or not."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
import pytest

from ticketlake.errors import AuthError, SourceError
from ticketlake.secret import MASK, Secret
from ticketlake.transport import Endpoint, Transport

from .scripted import ENDPOINTS, Server

pytestmark = pytest.mark.anyio

MakeTransport = Callable[..., Transport]
PASSWORD = "hunter2-Very-Secret"
KEY = "5c0a1f7e-3b2d-4c6e-8f9a-0e1d2c3b4a50"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1bmlxdWVfbmFtZSI6InN2YyJ9.c2lnbmF0dXJl"
ECHO = Endpoint("GET", "api/echo/{value}")


class LoginAuth:
    """Logs in through the transport, the way a connector does."""

    def __init__(self) -> None:
        self.token: str | None = None

    async def apply(self, headers: dict[str, str], transport: Transport) -> None:
        if self.token is None:
            body = {"username": "svc", "password": PASSWORD}
            self.token = await transport.json("POST", "api/auth", json=body, authenticate=False)
            transport.register_secret(self.token)
        headers["Authorization"] = f"Bearer {self.token}"

    async def refresh(self, transport: Transport) -> None:
        self.token = None


def leaked(text: str) -> list[str]:
    return [s for s in (PASSWORD, KEY, JWT) if s in text]


async def test_errors_and_logs_carry_no_password_key_or_token(
    make_transport: MakeTransport, server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ticketlake.transport")
    echo = f'{{"Message": "bad request", "password": "{PASSWORD}", "WebServicesKey": "{KEY}"}}'
    server.script = [httpx.Response(200, text=JWT), httpx.Response(400, text=echo + JWT)]
    async with make_transport(auth=LoginAuth(), redact=[Secret(PASSWORD)]) as t:
        with pytest.raises(SourceError) as caught:
            await t.call("GET", "api/{appId}/tickets/{id}", path={"appId": 1, "id": 2})
    message = str(caught.value)
    assert leaked(message) == []
    assert MASK in message
    assert "bad request" in message
    assert leaked(caplog.text) == []
    assert "failed" in caplog.text


async def test_a_refused_login_echoing_the_password_does_not_leak_it(
    make_transport: MakeTransport, server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ticketlake.transport")
    server.script = [httpx.Response(401, text=f"Unknown user svc / {PASSWORD}")]
    async with make_transport(auth=LoginAuth(), redact=[Secret(PASSWORD)]) as t:
        with pytest.raises(AuthError) as caught:
            await t.call("GET", "api/{appId}/tickets/{id}", path={"appId": 1, "id": 2})
    assert leaked(str(caught.value)) == []
    assert leaked(caplog.text) == []


async def test_a_registered_secret_in_a_path_is_masked_in_the_debug_log(
    make_transport: MakeTransport, server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ticketlake.transport")
    async with make_transport(endpoints=[*ENDPOINTS, ECHO], redact=[Secret(KEY)]) as t:
        await t.call("GET", ECHO.template, path={"value": KEY})
    assert str(server.requests[0].url).endswith(KEY)
    assert f"api/echo/{MASK} -> 200" in caplog.text
    assert leaked(caplog.text) == []

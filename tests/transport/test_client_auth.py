"""Transport and Auth: headers from ``apply``, one ``refresh`` and one retry on 401."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from ticketlake.errors import AuthError, PermissionDenied
from ticketlake.transport import Transport

from .scripted import TICKET, Server

pytestmark = pytest.mark.anyio

MakeTransport = Callable[..., Transport]
PATH = {"appId": 627, "id": 5}


class CountingAuth:
    """Hands out ``tok-N``; each refresh moves to the next token."""

    def __init__(self) -> None:
        self.version = 1
        self.refreshes = 0

    async def apply(self, headers: dict[str, str], transport: Transport) -> None:
        headers["Authorization"] = f"Bearer tok-{self.version}"

    async def refresh(self, transport: Transport) -> None:
        self.refreshes += 1
        self.version += 1


def authorizations(server: Server) -> list[str | None]:
    return [r.headers.get("authorization") for r in server.requests]


async def test_401_refreshes_once_and_retries_with_the_new_token(
    make_transport: MakeTransport, server: Server
) -> None:
    auth = CountingAuth()
    server.script = [httpx.Response(401), httpx.Response(200, json={"ID": 5})]
    async with make_transport(auth=auth) as t:
        assert (await t.json("GET", TICKET.template, path=PATH)) == {"ID": 5}
        assert t.stats[TICKET.key].retries == 1
    assert auth.refreshes == 1
    assert authorizations(server) == ["Bearer tok-1", "Bearer tok-2"]


async def test_401_after_a_fresh_login_is_a_permission_problem(
    make_transport: MakeTransport, server: Server
) -> None:
    auth = CountingAuth()
    server.script = [httpx.Response(401, json={"Message": "Authorization denied."})]
    async with make_transport(auth=auth) as t:
        with pytest.raises(PermissionDenied, match="after logging in again"):
            await t.call("GET", TICKET.template, path=PATH)
    assert auth.refreshes == 1
    assert len(server.requests) == 2


async def test_a_refused_login_is_an_auth_error_and_is_not_retried(
    make_transport: MakeTransport, server: Server
) -> None:
    auth = CountingAuth()
    server.script = [httpx.Response(401, text="Invalid username or password.")]
    async with make_transport(auth=auth) as t:
        with pytest.raises(AuthError, match="refused the credentials"):
            await t.call("POST", "api/auth", json={"username": "u"}, authenticate=False)
    assert auth.refreshes == 0
    assert authorizations(server) == [None]


async def test_401_without_any_auth_is_an_auth_error(
    make_transport: MakeTransport, server: Server
) -> None:
    server.script = [httpx.Response(401)]
    async with make_transport() as t:
        with pytest.raises(AuthError):
            await t.call("GET", TICKET.template, path=PATH)
    assert len(server.requests) == 1

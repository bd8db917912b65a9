"""The TeamDynamix allow-list: only reads, each with its documented limit."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.teamdynamix import TeamDynamix
from ticketlake.connectors.teamdynamix.endpoints import BY_KEY, ENDPOINTS
from ticketlake.errors import ReadOnlyViolation
from ticketlake.secret import Secret

CONNECTION = ConnectionSettings(
    "t",
    "teamdynamix",
    {"base_url": "http://tdx.test/TDWebApi", "app_id": 627, "username": "svc"},
    {"password": Secret("pw")},
)


def test_only_logins_and_documented_searches_are_not_gets() -> None:
    posts = sorted(e.template for e in ENDPOINTS if e.method != "GET")
    assert posts == [
        "api/auth",
        "api/auth/loginadmin",
        "api/groups/search",
        "api/people/search",
        "api/time/search",
        "api/{appId}/tickets/search",
    ]


def test_every_endpoint_has_a_limit_and_the_searches_the_lower_one() -> None:
    assert all(e.limit is not None for e in ENDPOINTS)
    search = BY_KEY["POST api/{appId}/tickets/search"]
    assert search.limit is not None
    assert (search.limit.calls, search.limit.period, search.confirmed) == (30, 60.0, False)
    ticket = BY_KEY["GET api/{appId}/tickets/{id}"]
    assert ticket.limit is not None
    assert (ticket.limit.calls, ticket.confirmed) == (60, True)


@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("POST", "api/{appId}/tickets"),
        ("PATCH", "api/people/{uid}"),
        ("PUT", "api/people/{uid}/isactive"),
        ("POST", "api/people/bulk/changeacctdept"),
        ("DELETE", "api/{appId}/tickets/{id}"),
    ],
)
def test_a_write_is_refused_before_the_network(method: str, template: str) -> None:
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, text="")

    transport = TeamDynamix().transport(CONNECTION, http_transport=httpx.MockTransport(record))

    async def attempt() -> None:
        async with transport:
            await transport.call(method, template, path={"appId": 627, "id": 1, "uid": "u"})

    with pytest.raises(ReadOnlyViolation):
        asyncio.run(attempt())
    assert sent == []  # not even a login went out

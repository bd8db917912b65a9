"""Every call a check makes is recorded as evidence: the path as called, the status, a
redacted excerpt; errors too."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ticketlake.errors import PermissionDenied

from .toy import SECRET, ToyContext


def test_a_call_is_recorded_with_its_concrete_path_and_query() -> None:
    ctx = ToyContext(lambda r: httpx.Response(200, json={"id": 7}))
    found = asyncio.run(ctx.call("GET", "v1/{zone}/tickets/{id}", path={"id": 7}, params={"a": 1}))
    assert found == {"id": 7}
    [evidence] = ctx.take_evidence()
    assert (evidence.method, evidence.path, evidence.status) == ("GET", "v1/eu/tickets/7?a=1", 200)
    assert evidence.excerpt == '{"id":7}'
    assert ctx.take_evidence() == ()  # taken once, by the check that made the call


def test_secrets_and_masked_values_never_reach_the_excerpt() -> None:
    body = f'{{"token": "abc.def", "note": "{SECRET}", "user": "svc"}}'
    ctx = ToyContext(lambda r: httpx.Response(200, text=body))
    asyncio.run(ctx.call("GET", "v1/{zone}/whoami"))
    excerpt = ctx.last_evidence.excerpt if ctx.last_evidence else ""
    assert "abc.def" not in excerpt
    assert SECRET not in excerpt
    assert '"user": "svc"' in excerpt


def test_a_refused_call_is_recorded_then_raised() -> None:
    ctx = ToyContext(lambda r: httpx.Response(403, json={"errors": ["no access"]}))
    with pytest.raises(PermissionDenied):
        asyncio.run(ctx.call("GET", "v1/{zone}/tickets/{id}", path={"id": 9}))
    [evidence] = ctx.take_evidence()
    assert (evidence.path, evidence.status) == ("v1/eu/tickets/9", 403)
    assert "no access" in evidence.excerpt


def test_an_api_client_on_the_recorded_transport_makes_recorded_calls() -> None:
    ctx = ToyContext(lambda r: httpx.Response(200, json=[]))
    recorded = ctx.recorded()
    response = asyncio.run(recorded.call("GET", "v1/{zone}/tickets/{id}", path={"id": 3}))
    assert response.status_code == 200
    assert [e.path for e in ctx.take_evidence()] == ["v1/eu/tickets/3"]
    assert recorded.server_now() == ctx.transport.server_now()

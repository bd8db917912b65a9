"""The Autotask API client: zone discovery, header auth, paging and its host check, the
allow-list, and errors that say what fixes them."""

from __future__ import annotations

import httpx
import pytest

from ticketlake.connectors.autotask.api import AutotaskApi, query_body
from ticketlake.connectors.autotask.endpoints import ENDPOINTS
from ticketlake.connectors.autotask.filters import ALL
from ticketlake.errors import AuthError, PermissionDenied, ReadOnlyViolation, SourceError
from ticketlake.transport import FakeClock

from .fakeat import CODE, HOST, SECRET, USER, FakeAutotask, transport_for

pytestmark = pytest.mark.anyio


def tickets(n: int) -> list[dict[str, object]]:
    return [{"id": i, "title": f"ticket {i}"} for i in range(1, n + 1)]


async def test_the_first_call_finds_the_zone_then_reads_the_budget_then_goes_there(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.records["Tickets"] = tickets(1)
    async with transport_for(tenant, clock) as t:
        page = await AutotaskApi.of(t).first_page("Tickets", ALL)
    assert page.rows() == [{"id": 1, "title": "ticket 1"}]
    zone, threshold, query = tenant.requests
    assert (zone.method, zone.url) == (
        "GET", f"{HOST}/ATServicesRest/V1.0/zoneInformation?user={USER.replace('@', '%40')}"
    )  # fmt: skip
    assert not {"secret", "apiintegrationcode", "username"} & set(zone.headers)
    assert threshold.path == "/webservices5/ATServicesRest/V1.0/ThresholdInformation"
    assert query.path == "/webservices5/ATServicesRest/V1.0/Tickets/query"
    for call in (threshold, query):
        assert call.headers["apiintegrationcode"] == CODE
        assert call.headers["username"] == USER
        assert call.headers["secret"] == SECRET
        assert "impersonationresourceid" not in call.headers
    assert query.body == {"MaxRecords": 500, "Filter": [{"op": "gte", "field": "id", "value": 0}]}


async def test_the_zone_is_cached_for_the_next_transport(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    for _ in range(2):
        async with transport_for(tenant, clock) as t:
            await AutotaskApi.of(t).threshold()
    lookups = [r for r in tenant.requests if r.path.endswith("zoneInformation")]
    assert len(lookups) == 1


async def test_a_pinned_zone_is_not_looked_up(tenant: FakeAutotask, clock: FakeClock) -> None:
    async with transport_for(tenant, clock, zone_url=tenant.root) as t:
        await AutotaskApi.of(t).threshold()
    assert next(r.path for r in tenant.requests).endswith("/V1.0/ThresholdInformation")


async def test_a_401_looks_the_zone_up_again_and_follows_the_tenant(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.records["Tickets"] = tickets(1)
    async with transport_for(tenant, clock) as t:
        api = AutotaskApi.of(t)
        await api.threshold()
        tenant.zone = "webservices14"  # the tenant moved: the old zone answers 401
        page = await api.first_page("Tickets", ALL)
        assert t.base_url == f"{HOST}/webservices14/ATServicesRest/"
    assert page.rows()[0]["id"] == 1
    lookups = [r for r in tenant.requests if r.path.endswith("zoneInformation")]
    assert len(lookups) == 2


async def test_a_401_in_the_same_zone_stops_every_call_with_the_fix(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.refuse("ThresholdInformation", httpx.Response(401, json={"errors": ["bad"]}), 2)
    async with transport_for(tenant, clock) as t:
        with pytest.raises(AuthError) as info:
            await AutotaskApi.of(t).first_page("Tickets", ALL)
        assert t.login_failed.is_set()
    assert "the secret is wrong, or the user is inactive" in info.value.message
    assert "ticketlake check acme" in str(info.value.fix)
    assert SECRET not in str(info.value)


async def test_an_unknown_user_name_stops_at_the_zone_lookup(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    refusal = httpx.Response(500, json={"errors": ["Zone information could not be determined"]})
    tenant.refuse("zoneInformation", refusal)
    async with transport_for(tenant, clock) as t:
        with pytest.raises(AuthError) as info:
            await AutotaskApi.of(t).threshold()
        assert t.login_failed.is_set()
    assert info.value.brief == (
        f"Autotask found no zone for the user name {USER}: no API user has that name"
    )
    assert "--set api_username=NAME" in str(info.value.fix)
    assert len(tenant.requests) == 1  # a 500 carrying errors is an answer: not retried


async def test_a_500_to_the_first_call_points_at_the_tracking_identifier(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    refusal = httpx.Response(500, json={"errors": ["The integration code is invalid."]})
    tenant.refuse("ThresholdInformation", refusal)
    async with transport_for(tenant, clock) as t:
        with pytest.raises(AuthError) as info:
            await AutotaskApi.of(t).first_page("Tickets", ALL)
    assert "the API tracking identifier is not this user's" in info.value.message
    assert "Custom (Internal Integration) (API user, step 5)" in str(info.value.fix)
    assert CODE not in str(info.value)


async def test_a_zone_on_another_domain_gets_no_credentials(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    elsewhere = {"zoneName": "x", "url": "https://evil.example/ATServicesRest/", "ci": 1}
    tenant.refuse("zoneInformation", httpx.Response(200, json=elsewhere))
    async with transport_for(tenant, clock) as t:
        with pytest.raises(SourceError) as info:
            await AutotaskApi.of(t).threshold()
    assert "not on the discovery host's domain" in info.value.message
    assert len(tenant.requests) == 1


async def test_pages_follow_next_page_url_by_post_with_the_same_body(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.records["Tickets"] = tickets(5)
    async with transport_for(tenant, clock) as t:
        pages = [p async for p in AutotaskApi.of(t).pages("Tickets", ALL, include=["title"])]
    assert [[r["id"] for r in p.rows()] for p in pages] == [[1, 2], [3, 4], [5]]
    queries = [r for r in tenant.requests if "/Tickets/" in r.path]
    assert [r.method for r in queries] == ["POST", "POST", "POST"]
    assert [r.path.rsplit("/", 2)[-2:] for r in queries] == [
        ["Tickets", "query"], ["query", "next"], ["query", "next"]
    ]  # fmt: skip
    body = query_body(ALL, ["title"])
    assert body["IncludeFields"] == ["id", "title"]
    assert all(r.body == body for r in queries)


async def test_a_relative_next_page_url_is_read_on_the_zone(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.records["Tickets"] = tickets(3)
    tenant.next_url = lambda entity, last: f"/{entity}/query/next?paging={last}"
    async with transport_for(tenant, clock) as t:
        pages = [p async for p in AutotaskApi.of(t).pages("Tickets", ALL)]
    assert sum(len(p.items) for p in pages) == 3
    assert tenant.requests[-1].path == "/webservices5/ATServicesRest/V1.0/Tickets/query/next"


async def test_a_next_page_on_another_host_is_not_followed(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.records["Tickets"] = tickets(3)
    tenant.next_url = lambda entity, last: f"https://evil.example/x/V1.0/{entity}/query/next"
    async with transport_for(tenant, clock) as t:
        with pytest.raises(SourceError) as info:
            _ = [p async for p in AutotaskApi.of(t).pages("Tickets", ALL)]
    assert "not on the zone" in info.value.message
    assert all("evil.example" not in r.url for r in tenant.requests)


async def test_the_allow_list_reads_only() -> None:
    non_gets = {(e.method, e.template.rsplit("/", 2)[-1]) for e in ENDPOINTS if e.method != "GET"}
    assert non_gets == {("POST", "query"), ("POST", "next"), ("POST", "count")}


@pytest.mark.parametrize(
    ("method", "template"),
    [("POST", "V1.0/Tickets"), ("PATCH", "V1.0/Tickets"), ("DELETE", "V1.0/Tickets/{id}"),
     ("POST", "V1.0/Tickets/{id}/Notes"), ("PUT", "V1.0/TimeEntries")],
)  # fmt: skip
async def test_writes_are_refused_before_the_network(
    tenant: FakeAutotask, clock: FakeClock, method: str, template: str
) -> None:
    async with transport_for(tenant, clock) as t:
        with pytest.raises(ReadOnlyViolation):
            await t.call(method, template, path={"id": 1}, json={"title": "x"})
    assert tenant.requests == []


async def test_a_permission_refusal_names_the_section_that_grants_the_read(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    message = "The logged in Resource does not have the adequate permissions to query this entity."
    tenant.refuse("/TimeEntries/", httpx.Response(500, json={"errors": [message]}))
    async with transport_for(tenant, clock) as t:
        with pytest.raises(PermissionDenied) as info:
            await AutotaskApi.of(t).first_page("TimeEntries", ALL)
    assert "Timesheet" in info.value.message
    assert "Security level (Setup connection to Autotask), step 12" in str(info.value.fix)
    assert len([r for r in tenant.requests if "/TimeEntries/" in r.path]) == 1


async def test_a_missing_item_is_none_whether_404_or_null(
    tenant: FakeAutotask, clock: FakeClock
) -> None:
    tenant.refuse("/Tickets/7", httpx.Response(200, json={"item": None}))
    async with transport_for(tenant, clock) as t:
        api = AutotaskApi.of(t)
        assert await api.item("Tickets", 7) is None
        assert await api.item("Tickets", 8) is None  # the fake answers 404

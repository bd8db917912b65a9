"""The tenant's budget (reference A8): 10,000 requests per rolling hour shared with other
integrations, latency as usage rises, suspension past the threshold (and its e-mail), and 3
threads per tracking identifier and endpoint; the UNCONFIRMED parts under each reading."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from ticketlake.sim.autotask import DEFAULT_USERNAME, Readings
from ticketlake.sim.autotask.budget import THREAD_MESSAGE

from .conftest import ALL, DISCOVERY, HEADERS, ORIGIN, Sim, errors, make_tenant, run_with


def _used(r: Any) -> int:
    return int(r.json()["currentTimeframeRequestCount"])


def test_threshold_information_counts_every_integrations_last_hour() -> None:
    tenant, clock = make_tenant(20, other_integrations_rph=1_000)

    async def go(sim: Sim) -> list[int]:
        for _ in range(5):
            await sim.query("Roles", {"filter": ALL})
            sim.clock.advance(60)
        await sim.client.get(f"{DISCOVERY}V1.0/zoneInformation", params={"user": DEFAULT_USERNAME})
        now = _used(await sim.get("ThresholdInformation"))
        sim.clock.advance(3600 - 270)  # an hour and 30 s after the first query: it left
        later = _used(await sim.get("ThresholdInformation"))
        return [now, later]

    assert run_with(tenant, clock, go) == [1_006, 1_006]


@pytest.mark.parametrize(("others", "tiers", "delay"), [
    (4_000, ((0.5, 0.5), (0.75, 1.0)), 0.0),
    (5_000, ((0.5, 0.5), (0.75, 1.0)), 0.5),
    (7_600, ((0.5, 0.5), (0.75, 1.0)), 1.0),
    (7_600, ((0.3, 2.0),), 2.0),
])  # fmt: skip
def test_latency_grows_with_the_tenants_usage(others: int, tiers: Any, delay: float) -> None:
    tenant, clock = make_tenant(
        20, other_integrations_rph=others, readings=Readings(call_seconds=0.25, latency_tiers=tiers)
    )

    async def go(sim: Sim) -> float:
        before = sim.clock.now()
        await sim.query("Roles", {"filter": ALL})
        return sim.clock.now() - before

    waited = run_with(tenant, clock, go)
    assert waited == pytest.approx(0.25 + delay)
    assert tenant.requests[-1].delay == pytest.approx(0.25 + delay)


@pytest.mark.parametrize(("status", "minutes"), [(429, 60.0), (500, 5.0)])
def test_passing_the_threshold_suspends_the_tenant_and_emails_its_admins(
    status: int, minutes: float
) -> None:
    tenant, clock = make_tenant(20, other_integrations_rph=9_995, readings=Readings(
        call_seconds=0, threshold_status=status, suspension_minutes=minutes))  # fmt: skip

    async def go(sim: Sim) -> list[Any]:
        codes = [(await sim.query("Roles", {"filter": ALL})).status_code for _ in range(6)]
        sim.clock.advance(minutes * 60 - 1)
        during = await sim.query("Roles", {"filter": ALL})
        sim.clock.advance(3600)
        after = await sim.query("Roles", {"filter": ALL})
        mail = (await sim.client.get(f"{ORIGIN}/_simulator/emails")).json()
        return [codes, during.status_code, errors(during)[0], after.status_code, mail]

    codes, during, message, after, mail = run_with(tenant, clock, go)
    assert codes == [200] * 5 + [status]
    assert (during, after) == (status, 200)
    assert "suspended" in message
    assert len(mail) == 1
    assert (mail[0]["requests"], mail[0]["ours"]) == (10_001, 6)
    assert mail[0]["until"] - mail[0]["at"] == minutes * 60
    assert mail[0]["recipients"] == ["mreyes@northwindit.com"]


def test_busy_tenant_shows_other_integrations_using_most_of_the_hour() -> None:
    tenant, clock = make_tenant(20, scenario="busy_tenant")

    async def go(sim: Sim) -> list[int]:
        busy = _used(await sim.get("ThresholdInformation"))
        await sim.client.post(f"{ORIGIN}/_simulator/load", json={"other_integrations_rph": 300})
        calm = _used(await sim.get("ThresholdInformation"))
        return [busy, calm]

    assert run_with(tenant, clock, go) == [8_501, 302]


@pytest.mark.parametrize("status", [429, 500])
def test_a_fourth_concurrent_call_on_one_endpoint_is_refused(status: int) -> None:
    holder: dict[str, asyncio.Event] = {}

    async def sleep(seconds: float) -> None:
        await holder["gate"].wait()

    tenant, clock = make_tenant(
        20, sleep=sleep, readings=Readings(call_seconds=1, thread_status=status)
    )
    other = tenant.world.directory.resources[3]  # IT Glue's API user
    other_headers = {"UserName": other.username, "Secret": other.secret or "",
                     "ApiIntegrationCode": other.tracking_id or ""}  # fmt: skip

    async def go(sim: Sim) -> list[Any]:
        holder["gate"] = asyncio.Event()
        held = [asyncio.create_task(sim.query("Tickets", {"filter": ALL})) for _ in range(3)]
        await asyncio.sleep(0.05)
        fourth = await sim.query("Tickets", {"MaxRecords": 1, "filter": ALL})
        elsewhere = asyncio.create_task(sim.query("Companies", {"filter": ALL}))
        theirs = asyncio.create_task(sim.query("Tickets", {"filter": ALL},
                                               headers=other_headers))  # fmt: skip
        await asyncio.sleep(0.05)
        holder["gate"].set()
        done = await asyncio.gather(*held, elsewhere, theirs)
        again = await sim.query("Tickets", {"MaxRecords": 1, "filter": ALL})
        return [fourth, [r.status_code for r in done], again.status_code]

    fourth, done, again = run_with(tenant, clock, go)
    assert fourth.status_code == status
    assert errors(fourth) == [THREAD_MESSAGE]
    assert done == [200] * 5
    assert again == 200


def test_discovery_needs_no_thread_and_is_not_counted() -> None:
    tenant, clock = make_tenant(20, other_integrations_rph=0)

    async def go(sim: Sim) -> int:
        for _ in range(5):
            await sim.client.get(f"{DISCOVERY}V1.0/zoneInformation",
                                 params={"user": DEFAULT_USERNAME})  # fmt: skip
        return _used(await sim.get("ThresholdInformation", headers=HEADERS))

    assert run_with(tenant, clock, go) == 1

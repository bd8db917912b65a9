"""The application-wide feed and its paging rule (our reading, see the module docstring)."""

from __future__ import annotations

from typing import Any

from ticketlake.sim.teamdynamix.config import Readings
from ticketlake.sim.teamdynamix.wire import parse_instant

from .conftest import APP, Sim, make_tenant, run_with


def _t(stamp: str) -> int:
    value = parse_instant(stamp, None)  # type: ignore[arg-type]  # always zoned here
    assert value is not None
    return value


def _pages(tenant: Any, clock: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    async def go(sim: Sim) -> list[dict[str, Any]]:
        headers = await sim.login()
        pages, query = [], dict(params)
        while True:
            r = await sim.client.get(f"api/{APP}/tickets/feed", params=query, headers=headers)
            assert r.status_code == 200, r.text
            page = r.json()
            pages.append(page)
            if page["NextDateTo"] is None:
                return pages
            query["DateTo"] = page["NextDateTo"]
            sim.clock.advance(1.0)  # stay within 60 calls a minute

    return run_with(tenant, clock, go)


def test_paging_returns_every_entry_exactly_once_after_dedup() -> None:
    tenant, clock = make_tenant(150, seed=4)
    truth = {e["ID"] for e in tenant.iter_truth("ticket_feed")}
    pages = _pages(tenant, clock, {"ReturnCount": 40})
    ids = [e["ID"] for p in pages for e in p["Entries"]]
    assert set(ids) == truth
    assert len(pages) > 5
    assert all(len(p["Entries"]) == 40 for p in pages[:-1])


def test_entries_are_newest_first_and_next_date_to_is_the_first_omitted() -> None:
    tenant, clock = make_tenant(150, seed=4)

    async def go(sim: Sim) -> tuple[Any, Any]:
        headers = await sim.login()
        small = await sim.client.get(f"api/{APP}/tickets/feed", params={"ReturnCount": 5},
                                     headers=headers)  # fmt: skip
        big = await sim.client.get(f"api/{APP}/tickets/feed", params={"ReturnCount": 6},
                                   headers=headers)  # fmt: skip
        return small.json(), big.json()

    small, big = run_with(tenant, clock, go)
    assert len(small["Entries"]) == 5
    assert small["NextDateTo"] == big["Entries"][5]["LastUpdatedDate"]
    assert [e["ID"] for e in small["Entries"]] == [e["ID"] for e in big["Entries"][:5]]
    assert small["AsOfDate"].endswith("Z")


def test_date_from_is_exclusive_and_date_to_inclusive() -> None:
    tenant, clock = make_tenant(150, seed=4)
    entries = sorted(tenant.iter_truth("ticket_feed"), key=lambda e: _t(e["LastUpdatedDate"]))
    lo, hi = entries[10]["LastUpdatedDate"], entries[30]["LastUpdatedDate"]
    pages = _pages(tenant, clock, {"DateFrom": lo, "DateTo": hi, "ReturnCount": 100})
    got = {e["ID"] for p in pages for e in p["Entries"]}
    assert entries[30]["ID"] in got
    assert entries[10]["ID"] not in got
    assert all(_t(lo) < _t(e["LastUpdatedDate"]) <= _t(hi) for p in pages for e in p["Entries"])


def test_return_count_defaults_to_25_and_caps_at_100() -> None:
    tenant, clock = make_tenant(150, seed=4)

    async def go(sim: Sim) -> tuple[int, int]:
        headers = await sim.login()
        url = f"api/{APP}/tickets/feed"
        default = (await sim.client.get(url, headers=headers)).json()
        huge = (await sim.client.get(url, params={"ReturnCount": 500}, headers=headers)).json()
        return len(default["Entries"]), len(huge["Entries"])

    assert run_with(tenant, clock, go) == (25, 100)


def test_feed_and_status_history_agree() -> None:
    tenant, _ = make_tenant(120, seed=8)
    changes = {
        (e["ItemID"], e["CreatedDate"])
        for e in tenant.iter_truth("ticket_feed")
        if e["UpdateType"] == 2
    }
    history = {(h["TicketID"], h["Date"]) for h in tenant.iter_truth("status_history")}
    assert changes == history
    assert len(history) > 120


def _first_two(tenant: Any, clock: Any, second: dict[str, str]) -> tuple[Any, Any]:
    """The first page (5 entries) and the page asked with ``second`` bounds."""

    async def go(sim: Sim) -> tuple[Any, Any]:
        headers = await sim.login()
        url = f"api/{APP}/tickets/feed"
        first = await sim.client.get(url, params={"ReturnCount": 5}, headers=headers)
        bounds = {k: first.json()[v] for k, v in second.items()}
        following = await sim.client.get(url, params={"ReturnCount": 5, **bounds}, headers=headers)
        return first.json(), following.json()

    return run_with(tenant, clock, go)


def test_the_exclusive_reading_leaves_out_the_entry_at_date_to() -> None:
    tenant, clock = make_tenant(150, seed=4, readings=Readings(feed_bounds="exclusive"))
    first, following = _first_two(tenant, clock, {"DateTo": "NextDateTo"})
    assert all(_t(e["LastUpdatedDate"]) < _t(first["NextDateTo"]) for e in following["Entries"])


def test_the_docs_reading_takes_date_from_as_the_latest_bound() -> None:
    tenant, clock = make_tenant(150, seed=4, readings=Readings(feed_bounds="doc"))
    first, following = _first_two(tenant, clock, {"DateFrom": "NextDateTo"})
    assert following["Entries"]
    assert all(_t(e["LastUpdatedDate"]) < _t(first["NextDateTo"]) for e in following["Entries"])
    _, newer = _first_two(tenant, clock, {"DateTo": "NextDateTo"})  # DateTo: the earliest
    assert all(_t(e["LastUpdatedDate"]) > _t(first["NextDateTo"]) for e in newer["Entries"])


def test_a_search_cap_cuts_even_an_ask_for_all() -> None:
    tenant, clock = make_tenant(150, seed=4, readings=Readings(search_cap=40))

    async def go(sim: Sim) -> list[int]:
        headers = await sim.login()
        sizes = []
        for body in ({"MaxResults": 0}, {"MaxResults": 100}, {"MaxResults": 10}):
            r = await sim.client.post(f"api/{APP}/tickets/search", json=body, headers=headers)
            sizes.append(len(r.json()))
        return sizes

    assert run_with(tenant, clock, go) == [40, 40, 10]

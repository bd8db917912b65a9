"""Queries (reference A3, A4): the filter grammar, IncludeFields, MaxRecords, paging by a
nextPageUrl that must be POSTed with the same body, counts, items, lenient paths and values."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

from ticketlake.sim.autotask import Readings

from .conftest import ALL, HEADERS, ORIGIN, ZONE, Run, Sim, errors, make_tenant, run_with


def _tickets(shared: Any) -> list[dict[str, Any]]:
    return list(shared[0].iter_truth("tickets"))


def _ids(run: Run, entity: str, filters: list[Any]) -> list[int]:
    async def go(sim: Sim) -> list[int]:
        return [x["id"] for x in await sim.all_items(entity, filters)]

    ids: list[int] = run(go)
    return ids


CASES = [
    ("eq", "priority", 4, lambda t: t["priority"] == 4),
    ("noteq", "status", 5, lambda t: t["status"] != 5),
    ("gt", "createDate", "2026-10-15T00:00:00", lambda t: t["createDate"] > "2026-10-15T00"),
    ("gte", "id", 42_100, lambda t: t["id"] >= 42_100),
    ("lt", "lastActivityDate", "2026-10-01T12:30:00.000Z",
     lambda t: t["lastActivityDate"] < "2026-10-01T12:30:00.000Z"),
    ("lte", "queueID", "29683354", lambda t: t["queueID"] <= 29683354),
    ("beginsWith", "title", "printer", lambda t: t["title"].lower().startswith("printer")),
    ("endsWith", "ticketNumber", "1", lambda t: t["ticketNumber"].endswith("1")),
    ("contains", "description", "VIA EMAIL", lambda t: "via email" in t["description"].lower()),
    ("exist", "contactID", None, lambda t: t["contactID"] is not None),
    ("notExist", "completedDate", None, lambda t: t["completedDate"] is None),
    ("in", "issueType", [1, "3"], lambda t: t["issueType"] in (1, 3)),
    ("eq", "serviceLevelAgreementHasBeenMet", "true",
     lambda t: t["serviceLevelAgreementHasBeenMet"] is True),
]  # fmt: skip


@pytest.mark.parametrize(("op", "field", "value", "want"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])  # fmt: skip
def test_each_operator_finds_exactly_the_matching_tickets(
    run: Run, shared: Any, op: str, field: str, value: Any, want: Any
) -> None:
    expected = [t["id"] for t in _tickets(shared) if want(t)]
    assert expected, "the case must select something"
    got = _ids(run, "Tickets", [{"op": op, "field": field.upper(), "value": value}])
    assert got == expected


def test_and_or_grouping_and_udf_filters(run: Run, shared: Any) -> None:
    def udf(t: dict[str, Any], name: str) -> Any:
        return next(u["value"] for u in t["userDefinedFields"] if u["name"] == name)

    expected = [
        t["id"]
        for t in _tickets(shared)
        if (t["priority"] == 4 or udf(t, "Root Cause") == "2") and t["status"] == 5
    ]
    got = _ids(run, "Tickets", [
        {"op": "or", "items": [{"op": "eq", "field": "priority", "value": 4},
                               {"op": "eq", "field": "root cause", "udf": True, "value": "2"}]},
        {"op": "and", "items": [{"op": "eq", "field": "status", "value": 5}]},
    ])  # fmt: skip
    assert expected
    assert got == expected


@pytest.mark.parametrize(("filters", "words"), [
    ([{"op": "eq", "field": "isNonBillable", "value": 1}], "true or false"),
    ([{"op": "eq", "field": "isNonBillable", "value": None}], "true or false"),
    ([{"op": "eq", "field": "hoursWorked", "value": "lots"}], "not valid"),
    ([{"op": "eq", "field": "noSuchField", "value": 1}], "Unable to find noSuchField"),
    ([{"op": "like", "field": "id", "value": 1}], "not a valid filter operator"),
    ([{"op": "contains", "field": "hoursWorked", "value": "1"}], "text fields only"),
    ([{"op": "or", "items": []}], "non-empty items"),
    ([{"op": "eq", "field": "nope", "udf": True, "value": "1"}], "user-defined fields"),
    ([{"op": "gt", "field": "id", "value": 0, "udf": "yes"}], "true or false"),
])  # fmt: skip
def test_bad_filters_are_500s_saying_what_is_wrong(run: Run, filters: Any, words: str) -> None:
    async def go(sim: Sim) -> Any:
        return await sim.query("TimeEntries", {"filter": filters})

    r = run(go)
    assert r.status_code == 500
    assert words in errors(r)[0]


def test_non_queryable_ticket_fields_are_refused(run: Run) -> None:
    async def go(sim: Sim) -> Any:
        return await sim.query(
            "Tickets", {"filter": [{"op": "eq", "field": "creatorType", "value": 1}]}
        )

    r = run(go)
    assert r.status_code == 500
    assert "not queryable" in errors(r)[0]


def test_pages_of_500_follow_by_post_with_the_same_body(run: Run, shared: Any) -> None:
    notes = [n["id"] for n in shared[0].iter_truth("ticket_notes")]
    assert len(notes) > 1000

    async def go(sim: Sim) -> Any:
        first = await sim.query("TicketNotes", {"filter": ALL})
        url = first.json()["pageDetails"]["nextPageUrl"]
        by_get = await sim.client.get(url, headers=HEADERS)
        return first.json(), by_get, await sim.all_items("TicketNotes", ALL)

    first, by_get, every = run(go)
    assert first["pageDetails"]["count"] == len(first["items"]) == 500
    assert first["pageDetails"]["requestCount"] == 500
    assert first["pageDetails"]["nextPageUrl"].startswith(f"{ZONE}TicketNotes/query/next?paging=")
    assert by_get.status_code == 405
    assert by_get.json() == {"Message": "The requested resource does not support http method "
                                        "'GET'."}  # fmt: skip
    assert [n["id"] for n in every] == notes


def test_a_search_querys_next_page_is_fetched_with_get_too(run: Run, shared: Any) -> None:
    search = json.dumps({"MaxRecords": 100, "filter": [{"op": "lt", "field": "id",
                                                        "value": 42_250}]})  # fmt: skip

    async def go(sim: Sim) -> list[int]:
        r = await sim.client.get(f"{ZONE}Tickets/query?search={quote(search)}", headers=HEADERS)
        got = [t["id"] for t in r.json()["items"]]
        while url := r.json()["pageDetails"]["nextPageUrl"]:
            method = sim.client.get if len(got) % 200 else sim.client.post
            r = await method(url, headers=HEADERS)
            got += [t["id"] for t in r.json()["items"]]
        return got

    assert run(go) == [t["id"] for t in _tickets(shared) if t["id"] < 42_250]


@pytest.mark.parametrize(("reading", "status"), [("error", 500), ("same_query", 200)])
def test_posting_the_next_page_without_a_body_per_reading(reading: str, status: int) -> None:
    tenant, clock = make_tenant(700, readings=Readings(call_seconds=0, next_without_body=reading))

    async def go(sim: Sim) -> Any:
        first = await sim.query("Tickets", {"filter": ALL})
        second = await sim.client.post(first.json()["pageDetails"]["nextPageUrl"],
                                       headers=HEADERS)  # fmt: skip
        return first.json(), second

    first, second = run_with(tenant, clock, go)
    assert second.status_code == status
    if status == 200:
        assert second.json()["items"][0]["id"] == first["items"][-1]["id"] + 1


def test_include_fields_restrict_the_record_but_keep_udfs(run: Run) -> None:
    async def go(sim: Sim) -> Any:
        return await sim.query("Tickets", {"MaxRecords": 2, "IncludeFields": ["ID", "Title"],
                                           "filter": ALL})  # fmt: skip

    page = run(go).json()
    assert [set(t) for t in page["items"]] == [{"id", "title", "userDefinedFields"}] * 2


@pytest.mark.parametrize("reading", ["error", "truncate"])
def test_include_fields_without_id_over_500_per_reading(reading: str) -> None:
    tenant, clock = make_tenant(700, readings=Readings(call_seconds=0, include_without_id=reading))

    async def go(sim: Sim) -> list[Any]:
        small = await sim.query(
            "Tickets",
            {"IncludeFields": ["title"], "filter": [{"op": "lt", "field": "id", "value": 42_010}]},
        )
        big = await sim.query("Tickets", {"IncludeFields": ["title"], "filter": ALL})
        return [small, big]

    small, big = run_with(tenant, clock, go)
    assert small.status_code == 200
    if reading == "error":
        assert big.status_code == 500
    else:
        assert (big.status_code, big.json()["pageDetails"]["nextPageUrl"]) == (200, None)
        assert len(big.json()["items"]) == 500


@pytest.mark.parametrize(("max_records", "ok"), [(1, True), ("500", True), (0, False),
                                                 (501, False), (True, False)])  # fmt: skip
def test_max_records_is_between_1_and_500(run: Run, max_records: Any, ok: bool) -> None:
    async def go(sim: Sim) -> Any:
        return await sim.query("TicketNotes", {"maxrecords": max_records, "Filter": ALL})

    r = run(go)
    assert r.status_code == (200 if ok else 500)
    if ok:
        assert len(r.json()["items"]) == r.json()["pageDetails"]["requestCount"] == int(max_records)


def test_or_conditions_are_limited_as_the_reading_says() -> None:
    ids = list(range(42_000, 42_501))
    for limit, status in ((500, 500), (None, 200)):
        tenant, clock = make_tenant(30, readings=Readings(call_seconds=0, or_limit=limit))

        async def go(sim: Sim) -> Any:
            return await sim.query("Tickets", {"filter": [{"op": "in", "field": "id",
                                                           "value": ids}]})  # fmt: skip

        assert run_with(tenant, clock, go).status_code == status


@pytest.mark.parametrize(("reading", "status"), [("error", 500), ("all", 200)])
def test_a_query_without_filter_per_reading(reading: str, status: int) -> None:
    tenant, clock = make_tenant(30, readings=Readings(call_seconds=0, empty_filter=reading))

    async def go(sim: Sim) -> Any:
        return await sim.query("Tickets", {"MaxRecords": 5})

    assert run_with(tenant, clock, go).status_code == status


def test_count_get_item_and_lenient_paths(run: Run, shared: Any) -> None:
    closed = sum(1 for t in _tickets(shared) if t["status"] == 5)
    one = _tickets(shared)[7]
    search = quote(json.dumps({"filter": [{"op": "eq", "field": "status", "value": 5}]}))

    async def go(sim: Sim) -> list[Any]:
        c = sim.client
        lower = f"{ORIGIN}/webservices5/atservicesrest/v1.0/tickets"
        return [
            (await c.post(f"{lower}/query/count/", json={"filter": [
                {"op": "eq", "field": "status", "value": "5"}]}, headers=HEADERS)).json(),
            (await c.get(f"{ZONE}Tickets/query/count?search={search}", headers=HEADERS)).json(),
            (await c.get(f"{lower}/{one['id']}/", headers=HEADERS)).json(),
            (await c.get(f"{ZONE}Tickets/999999", headers=HEADERS)).status_code,
            (await c.get(f"{ZONE}Tickets", headers=HEADERS)).status_code,
        ]  # fmt: skip

    count, count_get, item, missing, root = run(go)
    assert count == count_get == {"queryCount": closed}
    assert item == {"item": one}
    assert (missing, root) == (404, 405)


def test_a_missing_item_is_null_under_that_reading() -> None:
    tenant, clock = make_tenant(20, readings=Readings(call_seconds=0, missing_item="null"))

    async def go(sim: Sim) -> Any:
        return await sim.get("Tickets/1")

    r = run_with(tenant, clock, go)
    assert (r.status_code, r.json()) == (200, {"item": None})


def test_ticket_history_takes_one_ticket_id_eq_unless_the_reading_allows_any() -> None:
    by_reading = {}
    for reading in ("single_ticket", "any"):
        tenant, clock = make_tenant(40, readings=Readings(call_seconds=0, ticket_history=reading))

        async def go(sim: Sim) -> list[Any]:
            one = await sim.query(
                "TicketHistory", {"filter": [{"op": "eq", "field": "TicketID", "value": 42_005}]}
            )
            many = await sim.query(
                "TicketHistory",
                {"filter": [{"op": "gt", "field": "date", "value": "2026-01-01T00:00:00"}]},
            )
            return [one.status_code, {h["ticketID"] for h in one.json()["items"]},
                    many.status_code]  # fmt: skip

        by_reading[reading] = run_with(tenant, clock, go)
    assert by_reading == {"single_ticket": [200, {42_005}, 500], "any": [200, {42_005}, 200]}

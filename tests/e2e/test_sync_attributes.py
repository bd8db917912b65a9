"""Custom attributes of people, accounts and locations, and survey responses, against the
simulated tenant: what a full sync stores, what the plan said it would cost, and what later
syncs read again (only what is new, changed, or asked for)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from ticketlake.records import Batch
from ticketlake.sim.teamdynamix.people import make_person
from ticketlake.store.base import Store

from .simtenant import make_sim, sync_in_process
from .truth import differences

UTC = ZoneInfo("UTC")
SURVEY_REPORT_ID = 3
PER_OBJECT = ("GET api/people/{uid}", "GET api/accounts/{id}", "GET api/locations/{id}")
ATTRIBUTE_STREAMS = ["people", "reference", "attributes"]


def per_object_calls(summary: Any) -> dict[str, int]:
    endpoints = summary.to_json()["endpoints"]
    return {k: endpoints[k]["calls"] for k in PER_OBJECT if k in endpoints}


def attributes_of(store: Store, table: str, key: object) -> Any:
    [(text,)] = store.query(f"SELECT attributes FROM {table} WHERE id = $1", [key]).rows
    return json.loads(text)


def test_a_full_sync_stores_every_objects_attributes_at_the_planned_cost(
    duck: Store, tmp_path: Path
) -> None:
    sim = make_sim(300, seed=7)
    summary = sync_in_process(sim, duck)
    assert summary.ok, summary.error
    directory = sim.tenant.world.directory
    people = len(directory.people)
    assert per_object_calls(summary) == {
        "GET api/people/{uid}": people,
        "GET api/accounts/{id}": 24,
        "GET api/locations/{id}": 12,
    }
    planned = {e.endpoint: (e.calls, e.exact) for e in summary.planned.endpoints}
    assert planned["GET api/people/{uid}"] == (people, True)
    assert summary.to_json()["endpoints"]["POST api/people/search"]["calls"] == 1
    tech = directory.people[directory.tech_start]
    assert attributes_of(duck, "people", tech.uid)["Support Tier"] in ("Tier 1", "Tier 2", "Tier 3")
    assert attributes_of(duck, "accounts", 30101) == {
        "Division": "Academic",
        "Cost Center": "CC-4100",
    }
    defs = duck.query("SELECT component, count(*) FROM attribute_defs GROUP BY 1 ORDER BY 1").rows
    assert defs == [("account", 2), ("location", 2), ("person", 4), ("ticket", 5)]
    found = differences(duck, sim.truth(tmp_path / "truth"), "sim", UTC)
    assert {t: found[t] for t in ("people", "accounts", "locations", "attribute_defs")} == {
        "people": [],
        "accounts": [],
        "locations": [],
        "attribute_defs": [],
    }


def test_later_syncs_read_only_new_people_and_full_reads_everyone_again(duck: Store) -> None:
    sim = make_sim(200, seed=9)
    assert sync_in_process(sim, duck, streams=ATTRIBUTE_STREAMS).ok
    again = sync_in_process(sim, duck, streams=ATTRIBUTE_STREAMS)
    assert again.ok, again.error
    assert per_object_calls(again) == {}
    assert not [e for e in again.planned.endpoints if e.endpoint in PER_OBJECT]
    newcomer = make_person(sim.tenant.config.seed, 77_777, tech=False)
    sim.tenant.world.directory.add(newcomer)
    third = sync_in_process(sim, duck, streams=ATTRIBUTE_STREAMS)
    assert per_object_calls(third) == {"GET api/people/{uid}": 1}
    assert attributes_of(duck, "people", newcomer.uid)["Employee ID"] in (
        None,
        f"E{newcomer.ref_id:07d}",
    )
    people = len(sim.tenant.world.directory.people)
    full = sync_in_process(sim, duck, streams=ATTRIBUTE_STREAMS, full=True)
    assert per_object_calls(full) == {
        "GET api/people/{uid}": people,
        "GET api/accounts/{id}": 24,
        "GET api/locations/{id}": 12,
    }


def test_changed_definitions_make_every_object_of_that_component_read_again(duck: Store) -> None:
    sim = make_sim(150, seed=10)
    assert sync_in_process(sim, duck, streams=ATTRIBUTE_STREAMS).ok
    [(cursor,)] = duck.query("SELECT cursor FROM sync_state WHERE stream = 'attributes'").rows
    before = json.loads(cursor)["definitions"]
    # As if the last sync had seen one account attribute fewer than the tenant defines now.
    duck.write(Batch("sim", cursors={"attributes": {"definitions": before | {"account": [18411]}}}))
    summary = sync_in_process(sim, duck, streams=ATTRIBUTE_STREAMS)
    assert summary.ok, summary.error
    assert per_object_calls(summary) == {"GET api/accounts/{id}": 24}
    [(cursor,)] = duck.query("SELECT cursor FROM sync_state WHERE stream = 'attributes'").rows
    assert json.loads(cursor)["definitions"] == before


class Refusing(httpx.AsyncBaseTransport):
    """Answers ``GET people/{uid}`` with a 503 once ``after`` of them went through."""

    def __init__(self, inner: httpx.AsyncBaseTransport, after: int) -> None:
        self.inner, self.after, self.seen = inner, after, 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if "/api/people/" in request.url.path and request.method == "GET":
            self.seen += 1
            if self.seen > self.after:
                return httpx.Response(503, json={"Message": "Service Unavailable"})
        return await self.inner.handle_async_request(request)


def test_an_interrupted_reading_resumes_with_the_people_still_unread(duck: Store) -> None:
    sim = make_sim(300, seed=12)
    people = len(sim.tenant.world.directory.people)
    broken = Refusing(httpx.ASGITransport(app=sim.app), after=60)
    first = sync_in_process(sim, duck, http=broken, streams=ATTRIBUTE_STREAMS)
    assert not first.ok
    [(read,)] = duck.query("SELECT count(*) FROM people WHERE attributes_at IS NOT NULL").rows
    assert 50 <= read <= 60  # whole batches of 50 committed; the rest is read again
    second = sync_in_process(sim, duck, streams=ATTRIBUTE_STREAMS)
    assert second.ok, second.error
    assert per_object_calls(second)["GET api/people/{uid}"] == people - read
    assert duck.query("SELECT count(*) FROM people WHERE attributes IS NULL").rows == [(0,)]


def test_accounts_hidden_from_the_account_are_never_asked_for(duck: Store) -> None:
    sim = make_sim(150, seed=13, scenario="partial_visibility")
    summary = sync_in_process(sim, duck, streams=ATTRIBUTE_STREAMS)
    assert summary.ok, summary.error
    refused = Counter(r.path for r in sim.tenant.requests if r.status in (401, 403))
    assert refused == Counter()
    visible = duck.query("SELECT count(*), count(attributes) FROM accounts").rows
    assert visible[0][0] == visible[0][1] == per_object_calls(summary)["GET api/accounts/{id}"] < 24


def test_survey_responses_are_read_from_the_named_report_and_equal_the_truth(
    duck: Store, tmp_path: Path
) -> None:
    sim = make_sim(300, seed=8)
    summary = sync_in_process(sim, duck, values={"survey_report_id": SURVEY_REPORT_ID})
    assert summary.ok, summary.error
    found = differences(duck, sim.truth(tmp_path / "truth"), "sim", UTC, surveys=True)
    assert {t: d for t, d in found.items() if d} == {}
    [(responses, rated)] = duck.query(
        "SELECT count(*), count(answers->>'Overall satisfaction (1-5)') FROM survey_responses"
    ).rows
    assert responses == rated > 20
    assert summary.rows["survey_responses"] == responses


def test_without_a_survey_report_nothing_is_asked_and_nothing_stored(duck: Store) -> None:
    sim = make_sim(120, seed=8)
    summary = sync_in_process(sim, duck)
    assert summary.ok, summary.error
    assert "survey_responses" not in [s.name for s in summary.streams]
    assert not [r for r in sim.tenant.requests if "/api/reports/" in r.path]
    assert duck.query("SELECT count(*) FROM survey_responses").rows == [(0,)]


@pytest.mark.postgres
def test_attributes_and_survey_responses_in_postgres_equal_the_truth(
    pg: Store, tmp_path: Path
) -> None:
    sim = make_sim(200, seed=14)
    summary = sync_in_process(sim, pg, values={"survey_report_id": SURVEY_REPORT_ID})
    assert summary.ok, summary.error
    found = differences(pg, sim.truth(tmp_path / "truth"), "sim", UTC, surveys=True)
    assert {t: d for t, d in found.items() if d} == {}
    assert pg.query("SELECT count(*) FROM people WHERE attributes IS NULL").rows == [(0,)]

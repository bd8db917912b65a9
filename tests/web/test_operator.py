"""The operator's pages: status of every connection, syncs, the report, removal."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import pytest
import redis
from fastapi import FastAPI

from ticketlake.catalog import Catalog
from ticketlake.errors import StoreError
from ticketlake.scale.health import Health
from ticketlake.scale.marks import RedisMarks
from ticketlake.scale.settings import ScaleSettings
from ticketlake.scale.slice import SliceOutcome

from ..scale.conftest import redis_client, redis_url
from .fakes import GOOD_PASSWORD
from .flow import customer_for, finish, trail
from .harness import Browser, run_id, tdx_form

__all__ = ["redis_client", "redis_url"]  # a Redis of the tests' own (or a visible skip)

pytestmark = pytest.mark.anyio


async def verified(browsers: Callable[[], Browser], name: str = "acme") -> Browser:
    """An operator whose customer saved ``name`` and passed every check."""
    operator, customer = await customer_for(browsers, name)
    await finish(customer, run_id(await customer.post_form("/connect", tdx_form(GOOD_PASSWORD))))
    return operator


async def test_dashboard_shows_each_connection_with_its_verification(
    browsers: Callable[[], Browser],
) -> None:
    operator = await verified(browsers)
    page = await operator.get("/connections")
    row = re.search(r'<tr data-connection="acme">.*?</tr>', page.text, flags=re.S)
    assert row is not None
    assert '<span class="badge pass" data-verdict="passed">passed</span>' in row.group(0)
    assert "never" in row.group(0)  # not synced yet


async def test_connection_page_shows_settings_but_never_secret_values(
    browsers: Callable[[], Browser],
) -> None:
    operator = await verified(browsers)
    page = await operator.get("/connections/acme")
    assert "https://acme.teamdynamix.com/TDWebApi" in page.text
    assert "stored, encrypted (never shown)" in page.text
    assert "All checks passed." in page.text


async def test_starting_a_sync_records_its_run_on_the_page(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    operator = await verified(browsers)
    started = await operator.post_form("/connections/acme/sync", {}, token_from="/connections/acme")
    assert started.headers["location"] == "/connections/acme?notice=sync-started"
    await app.state.web.syncs.wait("acme")
    page = await operator.get("/connections/acme")
    row = re.search(r'<table class="grid" id="sync-runs"[^>]*>.*?</table>', page.text, flags=re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(0))
    assert cells[:4] == ["1234", "17", "2", "0"]  # rows, calls, 429s, errors
    assert [a for a in trail(app, "acme") if "sync" in a] == ["sync started", "synced"]


async def test_rows_are_shown_per_table_as_stored_not_as_written(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    operator = await verified(browsers)
    await operator.post_form("/connections/acme/sync", {}, token_from="/connections/acme")
    await app.state.web.syncs.wait("acme")
    page = (await operator.get("/connections/acme")).text
    stored = re.search(r'<table class="grid narrow-table" id="stored-rows">.*?</table>', page, re.S)
    assert stored is not None
    rows = re.findall(r'<td>(\w+)</td><td class="num">([\d,]+)</td>', stored.group(0))
    assert rows == [("people", "0"), ("ticket_events", "634"), ("tickets", "600")]
    listing = (await operator.get("/connections")).text
    row = re.search(r'<tr data-connection="acme">.*?</tr>', listing, flags=re.S)
    assert row is not None
    assert '<td class="num tickets">600</td>' in row.group(0)
    assert "1234" not in row.group(0)  # rows written (tickets twice) is not a count of tickets
    runs = (await operator.api("GET", "/api/connections/acme/syncs")).json()
    assert runs[0]["stored"] == {"people": 0, "ticket_events": 634, "tickets": 600}


async def test_api_refuses_a_second_sync_while_one_runs(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    operator = await verified(browsers)
    syncer = app.state.web.services.syncer
    syncer.hold = asyncio.Event()
    first = await operator.api("POST", "/api/connections/acme/syncs")
    second = await operator.api("POST", "/api/connections/acme/syncs")
    assert (first.status_code, second.status_code) == (202, 409)
    detail = await operator.api("GET", "/api/connections/acme")
    assert detail.json()["syncing"] is True
    syncer.hold.set()
    await app.state.web.syncs.wait("acme")
    assert (await operator.api("GET", "/api/connections/acme")).json()["syncing"] is False
    assert syncer.started == ["acme"]


async def test_report_is_served_sandboxed_with_its_scripts_pinned_by_hash(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    operator = await verified(browsers)
    await operator.api("POST", "/api/connections/acme/syncs")
    await app.state.web.syncs.wait("acme")
    report = await operator.get("/connections/acme/report")
    assert report.status_code == 200
    assert "<h1>Report acme</h1>" in report.text
    csp = report.headers["content-security-policy"]
    assert "sandbox allow-scripts" in csp
    # sha256 of "var x = 1;" — exactly the report's inline script, nothing else.
    assert "'sha256-" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


async def test_report_before_any_sync_is_a_page_saying_how_to_start_one(
    browsers: Callable[[], Browser],
) -> None:
    operator = await verified(browsers)
    page = await operator.get("/connections/acme/report")
    assert page.status_code == 404
    assert 'No report for <span class="name">acme</span> yet' in page.text
    assert "The store holds no tickets of acme yet" in page.text
    assert '<form method="post" action="/connections/acme/sync"' in page.text
    assert "<code>ticketlake sync acme</code>" in page.text
    assert "<nav>" in page.text  # the operator's page, with its navigation, not a bare error
    started = await operator.post_form(
        "/connections/acme/sync", {}, token_from="/connections/acme/report"
    )
    assert started.headers["location"] == "/connections/acme?notice=sync-started"


async def test_report_the_store_cannot_give_says_why(
    app: FastAPI, browsers: Callable[[], Browser]
) -> None:
    operator = await verified(browsers)

    def busy(connection: str) -> str | None:
        raise StoreError("the store is in use by another process", fix="try again in a minute")

    app.state.web.services.reporter.render = busy
    page = await operator.get("/connections/acme/report")
    assert page.status_code == 503
    assert (
        "The report cannot be opened right now: the store is in use by another process "
        "(fix: try again in a minute)" in page.text
    )


async def test_removing_a_connection_deletes_it_and_revokes_its_invites(
    app: FastAPI, browsers: Callable[[], Browser], catalog: Catalog
) -> None:
    operator, customer = await customer_for(browsers, "acme")
    await customer.post_form("/connect", tdx_form(GOOD_PASSWORD))
    wrong = await operator.post_form(
        "/connections/acme/remove", {"confirm": "nope"}, token_from="/connections/acme"
    )
    assert wrong.headers["location"].endswith("notice=confirm-remove")
    assert catalog.exists("acme")
    removed = await operator.post_form(
        "/connections/acme/remove", {"confirm": "acme"}, token_from="/connections/acme"
    )
    assert removed.headers["location"] == "/connections"
    assert not catalog.exists("acme")
    assert (await customer.get("/connect")).status_code == 401
    assert "invite revoked" in trail(app, "acme")


async def test_invite_for_a_name_taken_by_another_source_is_refused(
    browsers: Callable[[], Browser],
) -> None:
    operator = await verified(browsers)
    page = await operator.post_form(
        "/invites",
        {"source": "autotask", "connection": "acme", "hours": "24"},
        token_from="/connections",
    )
    assert page.status_code == 409
    assert "a connection of another source already has this name" in page.text


async def test_at_scale_the_dashboard_shows_each_connection_on_the_workers(
    app: FastAPI,
    browsers: Callable[[], Browser],
    monkeypatch: pytest.MonkeyPatch,
    redis_url: str,
    redis_client: redis.Redis,
) -> None:
    """Queued, running or how the last slice ended, with the failures in a row and the last
    error: what ``ticketlake runs`` shows (one source, ``scale.status``)."""
    operator = await verified(browsers)
    monkeypatch.delenv("TICKETLAKE_REDIS_URL", raising=False)
    assert "Failures in a row" not in (await operator.get("/connections")).text  # one machine

    monkeypatch.setenv("TICKETLAKE_REDIS_URL", redis_url)
    health = Health(ScaleSettings(), alert=lambda a, s: None)
    health.record_in(app.state.web.catalog, SliceOutcome("acme", "failed", error="401: refused"))

    def row(page: str) -> str:
        found = re.search(r'<tr data-connection="acme">.*?</tr>', page, flags=re.S)
        assert found is not None
        return found.group(0)

    failed = row((await operator.get("/connections")).text)
    assert 'data-state="failed"' in failed
    assert '<td class="num failures">1</td>' in failed
    assert '<td class="last-error">401: refused</td>' in failed
    RedisMarks(redis_client).add("acme")
    assert 'data-state="queued"' in row((await operator.get("/connections")).text)

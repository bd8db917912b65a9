"""Partial visibility: hours on tickets the store does not hold are never counted with the
rest, and the report says at the top when the account sees only part of the tickets."""

from __future__ import annotations

import asyncio
import html as htmllib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.catalog.samples import tdx_submission
from tests.e2e.simtenant import connection as sim_connection
from tests.e2e.simtenant import make_sim, sync_in_process
from tests.pinned import CLOCK_START
from ticketlake.analytics.report import report_html
from ticketlake.analytics.views import install_views
from ticketlake.analytics.visibility import latest_warning
from ticketlake.catalog import Catalog, open_catalog
from ticketlake.checks import CheckOptions
from ticketlake.errors import ConfigError
from ticketlake.transport import ScaledClock

from . import desk, ledger
from .conftest import TestStore, throwaway_store

NOW = datetime(2024, 7, 1, 9, 0, tzinfo=UTC)
WARNED = {
    "id": "visibility",
    "status": "warn",
    "summary": "the account sees about 89 tickets, but its role lacks View All Accts/Depts",
    "remediation": "Give the service account's security role View All Accts/Depts.",
}
PASSED = {"id": "visibility", "status": "pass", "summary": "the account sees 89 tickets"}


def report(checks: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A stored check report, as ``CheckReport.to_dict()`` writes it (the parts read here)."""
    return {"connection": "ledger", "source": "teamdynamix", "checks": list(checks)}


@dataclass
class Stored:
    report: dict[str, Any]


class History:
    """Reports per connection, newest first; an unknown name is refused as the catalog does."""

    def __init__(self, **reports: list[dict[str, Any]]) -> None:
        self._reports = reports

    def reports(self, name: str, *, limit: int = 10) -> list[Stored]:
        if name not in self._reports:
            raise ConfigError(f"no connection named {name!r}")
        return [Stored(r) for r in self._reports[name][:limit]]


@pytest.fixture
def ledger_store(empty_store: TestStore) -> TestStore:
    ledger.load(empty_store)
    return empty_store


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    cat = open_catalog(f"sqlite:///{tmp_path / 'catalog.db'}", actor="test:alice")
    yield cat
    cat.close()


def caveats(page: str) -> list[str]:
    found = re.findall(r'<aside class="caveat" role="note">(.*?)</aside>', page, re.S)
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", c)) for c in found]


def kpi(page: str, label: str) -> tuple[str, str]:
    found = re.search(
        rf'<div class="label">{label}</div><div class="value">([^<]*)</div>'
        r'<div class="note">([^<]*)</div>',
        page,
    )
    assert found
    return found.group(1), htmllib.unescape(found.group(2))


def test_hours_on_tickets_not_stored_are_named_not_counted(ledger_store: TestStore) -> None:
    page = report_html(ledger_store, ledger.C, now=NOW)
    # 2 h on ticket 1 (stored); 5 h and 3 h on tickets 9001 and 9002 (not stored).
    assert kpi(page, "Hours logged") == (
        "2",
        "on stored tickets; 8 h more on 2 tickets not in the store, left out",
    )
    assert "Another 8 h were logged on 2 tickets the store does not hold" in page
    people = ledger_store.query("SELECT person, hours_last_30_days FROM technician_load").rows
    assert people == [("Ada Lovelace", pytest.approx(2.0))]


def test_worklog_views_tell_stored_tickets_apart(ledger_store: TestStore) -> None:
    install_views(ledger_store.store)
    rows = ledger_store.query(
        "SELECT ticket_stored, SUM(hours), SUM(entries) FROM worklog_weekly "
        "GROUP BY ticket_stored ORDER BY 1"
    ).rows
    assert [(s, float(h), int(e)) for s, h, e in rows] == [(False, 8.0, 2), (True, 2.0, 1)]


def test_a_check_that_warned_about_visibility_heads_the_report(ledger_store: TestStore) -> None:
    history = History(ledger=[report([{"id": "auth", "status": "pass"}, WARNED])])
    page = report_html(ledger_store, ledger.C, now=NOW, checks=history)
    (caveat,) = caveats(page)
    assert caveat.startswith(
        "The integration account sees only part of the tickets of ledger: about 33% of them. "
        "Every figure covers only the tickets stored; hours logged on the others are counted "
        "apart. Of the 3 tickets with time logged, the store holds 1. The last check warned: "
        "the account sees about 89 tickets, but its role lacks View All Accts/Depts. "
        "Give the service account's security role View All Accts/Depts."
    )
    assert caveat.endswith(
        "Once the account sees every ticket, `ticketlake sync ledger --full` reads the ones "
        "missing."
    )
    assert page.index('class="caveat"') < page.index('class="kpis"')


def test_only_the_latest_report_counts(ledger_store: TestStore) -> None:
    history = History(ledger=[report([PASSED]), report([WARNED])])
    assert latest_warning(history, ledger.C) == ("", "")
    # The data still shows two of three worked tickets missing: said, without the check.
    (caveat,) = caveats(report_html(ledger_store, ledger.C, now=NOW, checks=history))
    assert caveat.startswith("The store holds only part of the tickets of ledger: about 33%")
    assert "Run `ticketlake check ledger` to find out why." in caveat


def test_a_failed_visibility_check_is_a_warning_too() -> None:
    failed = dict(WARNED, status="fail", remediation="")
    assert latest_warning(History(ledger=[report([failed])]), "ledger") == (WARNED["summary"], "")


def test_a_connection_the_catalog_no_longer_has_reads_without_a_warning() -> None:
    assert latest_warning(History(), "ledger") == ("", "")


def test_a_fully_stored_desk_has_no_caveat(empty_store: TestStore) -> None:
    desk.load(empty_store)
    history = History(acme=[report([PASSED])])
    page = report_html(empty_store, desk.C, now=NOW, checks=history)
    assert caveats(page) == []
    assert kpi(page, "Hours logged") == ("4", "time entries on tickets and tasks")


def test_the_catalogs_history_feeds_the_caveat(ledger_store: TestStore, catalog: Catalog) -> None:
    catalog.create(ledger.C, tdx_submission())
    catalog.history.save_report(ledger.C, report([WARNED]), ok=True)
    page = report_html(ledger_store, ledger.C, now=NOW, checks=catalog.history)
    (caveat,) = caveats(page)
    assert caveat.startswith("The integration account sees only part of the tickets of ledger")


def test_the_caveat_names_each_connection_of_an_all_connections_report(
    ledger_store: TestStore,
) -> None:
    desk.load(ledger_store)
    history = History(ledger=[report([WARNED])], acme=[report([PASSED])])
    page = report_html(ledger_store, None, now=NOW, checks=history)
    assert [c.split(":")[0] for c in caveats(page)] == [
        "The integration account sees only part of the tickets of ledger"
    ]


def test_partial_visibility_on_the_simulated_tenant(tmp_path: Path) -> None:
    """The real checks warn, the sync stores the visible tickets and every time entry; the
    report heads with the caveat and counts hours on stored tickets only, as the truth says."""
    from ticketlake.connectors.teamdynamix.checks import run_settings

    sim = make_sim(300, seed=11, scenario="partial_visibility")
    options = CheckOptions(
        http_transport=httpx.ASGITransport(app=sim.app),
        clock=ScaledClock(sim.scale, start=CLOCK_START),
    )
    checked = asyncio.run(
        run_settings(sim_connection("http://127.0.0.1/TDWebApi"), options, lambda r: None)
    )
    assert {c.id: c.status.value for c in checked.checks}["visibility"] == "warn"
    with (
        throwaway_store() as store,
        open_catalog(f"sqlite:///{tmp_path / 'catalog.db'}", actor="test") as catalog,
    ):
        catalog.create("sim", tdx_submission())
        catalog.history.save_report("sim", checked.to_dict(), ok=checked.ok)
        assert sync_in_process(sim, store.store).ok
        stored = {r[0] for r in store.query("SELECT id FROM tickets").rows}
        entries = list(sim.tenant.iter_truth("time_entries"))
        on_stored = sum(e["Minutes"] for e in entries if e["TicketID"] in stored) / 60
        elsewhere = [e for e in entries if e["TicketID"] not in stored]
        assert elsewhere
        assert len(stored) < 300

        page = report_html(store.store, "sim", now=NOW, checks=catalog.history)
    (caveat,) = caveats(page)
    worked = {e["TicketID"] for e in entries}
    share = round(100 * len(worked & stored) / len(worked))
    assert caveat.startswith(
        f"The integration account sees only part of the tickets of sim: about {share}% of them."
    )
    assert "The last check warned: the account sees " in caveat
    hidden_hours = sum(e["Minutes"] for e in elsewhere) / 60
    hidden_tickets = len({e["TicketID"] for e in elsewhere})
    assert kpi(page, "Hours logged") == (
        f"{on_stored:,.0f}",
        f"on stored tickets; {hidden_hours:,.0f} h more on {hidden_tickets:,} tickets not in "
        "the store, left out",
    )

"""The report on an Autotask connection: every chart from Autotask's data, the queues as
groups, and, where the status history of only part of the tickets could be read within the
tenant's budget, a caveat saying so instead of a count of reopens that looks complete."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.e2e.atsim import make_at_sim, sync_at
from ticketlake.analytics.report import report_html

from .conftest import throwaway_store

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _caveats(html: str) -> list[str]:
    return re.findall(r'<aside class="caveat" role="note"><strong>([^<]*)</strong>', html)


def test_a_report_of_an_autotask_connection_with_its_history() -> None:
    sim = make_at_sim(200, seed=12)
    with throwaway_store() as store:
        assert sync_at(sim, store.store).ok
        html = report_html(store.store, "at", now=NOW)
    assert _caveats(html) == []
    charts = re.findall(r'data-chart="([^"]+)"', html)
    assert charts[:10] == ["volume", "by-source", "by-type", "backlog", "ageing", "resolution",
                           "sla-trend", "response", "sla", "hours"]  # fmt: skip
    tickets = list(sim.tenant.iter_truth("tickets"))
    assert re.search(rf'Tickets created</div><div class="value">{len(tickets):,}<', html)
    queues = {p["label"] for p in sim.tenant.iter_truth("picklists") if p["field"] == "queueID"}
    shown = set(re.findall(r"<tr><td>([^<]+)</td><td>[\d,]+</td>", html))
    assert shown & queues  # the group load table lists the queues


def test_a_report_without_the_history_says_reopens_are_not_known() -> None:
    sim = make_at_sim(150, seed=3)
    with throwaway_store() as store:
        summary = sync_at(sim, store.store, values={"budget_share": 1})
        assert summary.ok, summary.error
        html = report_html(store.store, "at", now=NOW)
        assert _caveats(html) == [
            "Reopens are not known for at: the status history of its tickets was not read."
        ]
        sim.tenant.touch(5)
        assert sync_at(sim, store.store, values={"budget_share": 1}).ok
        html = report_html(store.store, "at", now=NOW)
    assert _caveats(html) == [
        "Reopens are known for 5 of the 148 tickets of at: only their status history was read."
    ]
    assert "a reopen in between is missed" in html

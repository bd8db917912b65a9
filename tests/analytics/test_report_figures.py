"""Headline figures agree with the charts they summarise (same definition, same days), on a
desk whose backlog is known exactly (ledger.py); cut weeks are marked; the new charts."""

from __future__ import annotations

import html as htmllib
import re
from datetime import UTC, date, datetime

import pytest

from ticketlake.analytics import backlog, figures
from ticketlake.analytics.report import report_html
from ticketlake.analytics.scope import resolve_scope
from ticketlake.analytics.views import install_views

from . import ledger
from .conftest import TestStore

NOW = datetime(2024, 7, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(empty_store: TestStore) -> TestStore:
    ledger.load(empty_store)
    install_views(empty_store.store)
    return empty_store


def kpis(page: str) -> dict[str, tuple[str, str]]:
    cards = re.findall(
        r'<div class="label">([^<]*)</div><div class="value">([^<]*)</div>'
        r'<div class="note">([^<]*)</div>',
        page,
    )
    return {label: (value, htmllib.unescape(note)) for label, value, note in cards}


def chart(page: str, key: str) -> str:
    """The card (title, reading, chart, caption) of chart ``key``."""
    cards = [c for c in page.split('<article class="card') if f'data-chart="{key}"' in c]
    assert len(cards) == 1, f"no chart {key}"
    return cards[0].split("</article>")[0]


def tooltips(fragment: str) -> list[str]:
    return [htmllib.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", fragment)]


def reading(fragment: str) -> str:
    found = re.search(r'<p class="reading">([^<]*)</p>', fragment)
    assert found
    return htmllib.unescape(found.group(1))


def test_open_tickets_headline_is_the_backlog_charts_last_point_and_its_comparison(
    store: TestStore,
) -> None:
    page = report_html(store, ledger.C, now=NOW)
    end, start = ledger.LAST, date(2024, 1, 24)  # 56 days before the last
    assert (ledger.open_at_end_of(end), ledger.open_at_end_of(start)) == (36, 17)
    assert ledger.open_at_end_of(ledger.FIRST) == 45  # the range's first day: not compared
    value, note = kpis(page)["Open at end of range"]
    assert (value, note) == ("36", "on 20 Mar 2024; up 112% from 17 on 24 Jan 2024")
    backlog_chart = chart(page, "backlog")
    assert reading(backlog_chart) == (
        "Backlog grew 112% over the last 8 weeks (17 open at the end of 24 Jan 2024, "
        "36 at the end of 20 Mar 2024)."
    )
    # Both compared days are marked on the chart, with the values the headline states.
    assert tooltips(backlog_chart)[-2:] == ["24 Jan 2024: 17", "20 Mar 2024: 36"]


def test_backlog_line_matches_the_ledger_on_every_day(store: TestStore) -> None:
    scope = resolve_scope(store.store, ledger.C)
    assert backlog.line(store.store, scope) == [
        (d, ledger.open_at_end_of(d)) for d, _ in backlog.line(store.store, scope)
    ]
    assert len(backlog.line(store.store, scope)) == (ledger.LAST - ledger.FIRST).days + 1


def test_created_and_resolved_headlines_add_up_the_weekly_bars_of_a_cut_range(
    store: TestStore,
) -> None:
    # Until Tuesday 12 March: the 12 tickets resolved on Wednesday 13 March are outside it.
    page = report_html(store, ledger.C, until=date(2024, 3, 12), now=NOW)
    volume = tooltips(chart(page, "volume"))
    created = [t for t in volume if " · Created: " in t]
    resolved = [t for t in volume if " · Resolved: " in t]
    assert created[-1] == "11 Mar · Created: 30 (2 of 7 days in range)"
    assert resolved[-1] == "11 Mar · Resolved: 0 (2 of 7 days in range)"

    def total(marks: list[str]) -> int:
        return sum(int(re.search(r": ([\d,]+)", m).group(1).replace(",", "")) for m in marks)  # type: ignore[union-attr]

    cards = kpis(page)
    assert cards["Tickets created"][0] == f"{total(created):,}" == "87"
    assert cards["Tickets resolved"][0] == f"{total(resolved):,}" == "40"
    assert cards["Open at end of range"][0] == str(ledger.open_at_end_of(date(2024, 3, 12)))


def test_cut_weeks_are_drawn_pale_and_named_in_the_caption(store: TestStore) -> None:
    page = report_html(store, ledger.C, now=NOW)
    volume = chart(page, "volume")
    partial = [t for t in tooltips(volume) if "days in range" in t]
    assert partial == [
        "01 Jan · Created: 45 (5 of 7 days in range)",
        "18 Mar · Created: 2 (3 of 7 days in range)",
        "01 Jan · Resolved: 0 (5 of 7 days in range)",
        "18 Mar · Resolved: 1 (3 of 7 days in range)",
    ]
    assert volume.count("data-partial='true'") == 4 + 1  # four bars and the legend's key
    assert "Pale: weeks the range or the data cuts short, 01 Jan (5 of 7 days) and 18 Mar" in volume
    cards = kpis(page)
    assert cards["Tickets created"] == ("89", "8 a week over 78 days")
    assert reading(volume).startswith("89 tickets created (8 a week) and 53 resolved in 78 days")


def test_ageing_sorts_the_backlogs_last_point_by_age(store: TestStore) -> None:
    scope = resolve_scope(store.store, ledger.C)
    bands = {b.label: b.tickets for b in backlog.ageing(store.store, scope)}
    # Ages to the data's last activity, 20 March 16:00: 7 h, 9.3 days and 77.3 days.
    assert {k: v for k, v in bands.items() if v} == {
        "under 1 day": 1,
        "7 to 14 days": 30,
        "30 to 90 days": 5,
    }
    assert sum(bands.values()) == ledger.open_at_end_of(ledger.LAST)


def test_ageing_of_a_cut_range_is_measured_at_its_last_day(store: TestStore) -> None:
    scope = resolve_scope(store.store, ledger.C, until=date(2024, 3, 12))
    bands = {b.label: b.tickets for b in backlog.ageing(store.store, scope) if b.tickets}
    # At the end of 12 March: the 30 opened on the 11th are 1.6 days old; the 5 early ones
    # 69.6 days and the 12 of 24 January 48.6 days.
    assert bands == {"1 to 3 days": 30, "30 to 90 days": 17}
    assert sum(bands.values()) == ledger.open_at_end_of(date(2024, 3, 12))


def test_ageing_panel_reading(store: TestStore) -> None:
    page = report_html(store, ledger.C, now=NOW)
    assert reading(chart(page, "ageing")) == (
        "Of the 36 tickets open at the end of 20 Mar 2024, 5 (14%) had been open 30 days or "
        "more and 1 (3%) less than 7 days."
    )


def test_sla_trend_per_week_of_creation(store: TestStore) -> None:
    scope = resolve_scope(store.store, ledger.C)
    weeks = {
        w.week: (
            w.days,
            w.sla.respond_decided,
            w.sla.respond_met,
            w.sla.resolve_decided,
            w.sla.resolve_met,
        )
        for w in figures.sla_trend(store.store, scope)
    }
    assert len(weeks) == 12  # every week of the range, quiet ones included
    assert weeks[date(2024, 1, 1)] == (5, 0, 0, 40, 0)  # resolved 10 days late
    assert weeks[date(2024, 1, 22)] == (7, 0, 0, 12, 12)
    assert weeks[date(2024, 3, 11)] == (7, 30, 30, 30, 0)  # answered; past the deadline, open
    assert weeks[date(2024, 2, 5)] == (7, 0, 0, 0, 0)


def test_sla_trend_chart_leaves_weeks_without_deadlines_out(store: TestStore) -> None:
    page = report_html(store, ledger.C, now=NOW)
    trend = chart(page, "sla-trend")
    assert sorted(tooltips(trend)) == [
        "01 Jan · Resolution: 0% of 40 decided (5 of 7 days in range)",
        "11 Mar · Resolution: 0% of 30 decided",
        "11 Mar · Response: 100% of 30 decided",
        "22 Jan · Resolution: 100% of 12 decided",
    ]
    # One point per decided week and line; the cut first week's point is pale.
    assert trend.count("<circle class='mark'") == 4
    assert trend.count("data-partial='true'") == 1 + 1  # that point and the legend's key


def test_volume_by_source_and_by_type(store: TestStore) -> None:
    scope = resolve_scope(store.store, ledger.C)
    source = figures.breakdown(store.store, scope, "source")
    kind = figures.breakdown(store.store, scope, "type")
    assert (source.total, source.values) == (89, [("Email", 42), ("Portal", 42), ("Phone", 5)])
    assert kind.values == [("Incident", 77), ("Service Request", 12)]
    page = report_html(store, ledger.C, now=NOW)
    assert reading(chart(page, "by-source")) == (
        "Email is the most common source: 42 of 89 tickets (47%)."
    )
    assert reading(chart(page, "by-type")) == (
        "Incident is the most common type: 77 of 89 tickets (87%)."
    )


def test_sla_headline_adds_up_the_group_chart_over_the_same_days(store: TestStore) -> None:
    scope = resolve_scope(store.store, ledger.C, until=date(2024, 3, 12))
    summary = figures.summary(store.store, scope)
    groups = figures.sla_by_group(store.store, scope)
    weeks = figures.sla_trend(store.store, scope)
    for field in ("respond_decided", "respond_met", "resolve_decided", "resolve_met"):
        assert getattr(summary.sla, field) == sum(getattr(g, field) for g in groups)
        assert getattr(summary.sla, field) == sum(getattr(w.sla, field) for w in weeks)
    assert summary.sla.resolve_decided == 40 + 12 + 30

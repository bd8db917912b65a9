"""The HTML report: self-contained, every chart present, readings and filters from the data."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ticketlake.analytics.report import build_report
from ticketlake.errors import ConfigError

from . import desk, synthetic
from .conftest import TestStore, throwaway_store

NOW = datetime(2024, 7, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def desk_store(empty_store: TestStore) -> TestStore:
    desk.load(empty_store)
    return empty_store


@pytest.fixture(scope="module")
def synthetic_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    with throwaway_store() as store:
        synthetic.load(store)
        build_report(store, synthetic.C, out, now=NOW)
    return out.read_text(encoding="utf-8")


def _readings(html: str) -> list[str]:
    return re.findall(r'<p class="reading">([^<]*)</p>', html)


def test_report_loads_nothing_from_the_network(synthetic_html: str) -> None:
    without_svg_namespace = synthetic_html.replace("xmlns='http://www.w3.org/2000/svg'", "")
    assert not re.search(r"https?://|<script|<link|@import|url\(", without_svg_namespace)


def test_report_has_every_chart(synthetic_html: str) -> None:
    keys = re.findall(r'data-chart="([^"]+)"', synthetic_html)
    assert keys == [
        "volume",
        "by-source",
        "by-type",
        "backlog",
        "ageing",
        "resolution",
        "sla-trend",
        "response",
        "sla",
        "hours",
        "attribute-1",
        "attribute-2",
    ]


def test_top_categories_name_the_most_used_attributes(synthetic_html: str) -> None:
    assert "Top categories: Campus" in synthetic_html
    assert "Top categories: Service" in synthetic_html
    assert "Asset Tag" not in synthetic_html  # one value per ticket: not a category


def test_readings_are_computed_from_the_data(desk_store: TestStore, tmp_path: Path) -> None:
    html = build_report(desk_store, desk.C, tmp_path / "r.html", now=NOW).read_text()
    readings = dict(zip(re.findall(r'data-chart="([^"]+)"', html), _readings(html), strict=False))
    assert readings["volume"] == "5 tickets created (4 a week) and 3 resolved in 10 days."
    assert readings["backlog"] == (
        "Backlog held at 1 open ticket since 04 Mar 2024 (1 open at the end of 04 Mar 2024, "
        "1 at the end of 13 Mar 2024)."
    )
    assert readings["response"] == "Median first response by priority: High 1.5 h, Low 1.0 h."
    assert readings["hours"] == "Network logged the most time: 3 h, 87% of the 4 h logged."


def test_group_filter_narrows_every_figure(desk_store: TestStore, tmp_path: Path) -> None:
    out = build_report(desk_store, desk.C, tmp_path / "r.html", group="network", now=NOW)
    html = out.read_text()
    assert "· group Network" in html
    assert _readings(html)[0] == "2 tickets created (1 a week) and 2 resolved in 10 days."
    assert "Service Desk" not in html


def test_since_is_rounded_to_its_monday(desk_store: TestStore, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    build_report(desk_store, desk.C, out, since=date(2024, 3, 13), now=NOW)
    html = out.read_text()
    assert "11 Mar 2024 – 13 Mar 2024" in html
    assert _readings(html)[0] == "2 tickets created (5 a week) and 2 resolved in 3 days."


def test_until_cuts_the_range(desk_store: TestStore, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    build_report(desk_store, desk.C, out, until=date(2024, 3, 8), now=NOW)
    assert _readings(out.read_text())[0] == "3 tickets created (4 a week) and 1 resolved in 5 days."


def test_until_before_the_first_ticket_is_refused(desk_store: TestStore, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"the first ticket \(2024-03-04\) is after --until"):
        build_report(desk_store, desk.C, tmp_path / "r.html", until=date(2024, 3, 1))


def test_unknown_group_lists_the_groups(desk_store: TestStore, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="groups: Network, Service Desk"):
        build_report(desk_store, desk.C, tmp_path / "r.html", group="Facilities")


def test_unknown_connection_lists_the_stored_ones(desk_store: TestStore, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="stored: acme"):
        build_report(desk_store, "globex", tmp_path / "r.html")


def test_empty_store_says_sync_first(empty_store: TestStore, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="sync"):
        build_report(empty_store, None, tmp_path / "r.html")


@pytest.mark.postgres
def test_duckdb_and_postgres_write_the_same_report(postgres_url: str, tmp_path: Path) -> None:
    pages = []
    for url in (None, postgres_url):
        with throwaway_store(url) as store:
            desk.load(store)
            pages.append(build_report(store, desk.C, tmp_path / f"{store.dialect}.html", now=NOW))
    assert pages[0].read_text() == pages[1].read_text()


def test_a_range_past_the_data_says_where_the_data_is(
    desk_store: TestStore, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=r"the data runs from 2024-03-04 to 2024-03-13"):
        build_report(
            desk_store, desk.C, tmp_path / "r.html", since=date(2024, 4, 1), until=date(2024, 5, 1)
        )

"""Inline SVG charts: round axes, one mark per value, text escaped."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ticketlake.analytics import charts
from ticketlake.analytics.charts import Series, Spread
from ticketlake.analytics.svg import linear_ticks


def test_axis_ticks_are_round_and_cover_the_top() -> None:
    assert linear_ticks(73) == [0, 20, 40, 60, 80]
    assert linear_ticks(0) == [0, 1]
    assert linear_ticks(3) == [0, 1, 2, 3]  # no half tickets


def test_columns_draw_one_bar_per_value() -> None:
    svg = charts.columns(
        "v", ["w1", "w2", "w3"], [Series("a", "#000", [1, 2, 3]), Series("b", "#111", [0, 1, 0])]
    )
    assert svg.count("class='mark'") == 6


def test_labels_are_escaped() -> None:
    svg = charts.bars("g", ["<script>alert(1)</script>"], [Series("Hours", "#000", [5])])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_spreads_draw_a_box_per_category() -> None:
    svg = charts.spreads(
        "r", [Spread("High", 3, 1, 2, 4, 8), Spread("Low", 3, 5, 10, 40, 90)], "#000"
    )
    assert len(re.findall(r"<rect class='mark'", svg)) == 2


def test_long_daily_axes_are_labelled_by_month() -> None:
    days = [date(2024, 1, 1) + timedelta(days=i) for i in range(100)]
    labels = [label for label in charts.day_labels(days) if label]
    assert labels == ["Jan 2024", "Feb", "Mar", "Apr"]


def test_empty_figures_draw_a_message_not_a_chart() -> None:
    svg = charts.columns("v", [], [])
    assert "No data in this range." in svg
    assert "class='mark'" not in svg

"""One-line readings: what each chart shows, in words computed from its figures."""

from __future__ import annotations

from datetime import date, timedelta

from ticketlake.analytics import readings
from ticketlake.analytics.charts import Spread
from ticketlake.analytics.figures import Breakdown, GroupSla


def _days(values: list[int]) -> list[tuple[date, int]]:
    start = date(2024, 1, 1)
    return [(start + timedelta(days=i), v) for i, v in enumerate(values)]


def test_backlog_growth_over_the_last_eight_weeks() -> None:
    days = _days([500] * 10 + [100] + [105] * 54 + [112])
    assert readings.backlog(days) == (
        "Backlog grew 12% over the last 8 weeks (100 → 112 open tickets)."
    )


def test_backlog_shrinking_over_a_short_range() -> None:
    assert readings.backlog(_days([10, 9, 8, 5])) == (
        "Backlog shrank 50% over the range (10 → 5 open tickets)."
    )


def test_volume_compares_the_last_four_weeks_with_the_four_before() -> None:
    weeks = [
        (date(2024, 1, 1) + timedelta(weeks=i), c, 10) for i, c in enumerate([10] * 4 + [15] * 4)
    ]
    assert readings.volume(weeks) == (
        "100 tickets created and 80 resolved in 8 weeks; intake averaged 15 a week over the "
        "last 4 weeks, up 50% on the 4 weeks before."
    )


def test_spreads_reading_lists_medians_by_priority() -> None:
    rows = [Spread("High", 4, 0.2, 0.5, 1, 2), Spread("Low", 9, 10, 30, 60, 90)]
    assert readings.spreads(rows, "first response") == (
        "Median first response by priority: High 30 min, Low 30.0 h."
    )


def test_sla_reading_names_the_group_furthest_behind() -> None:
    groups = [GroupSla("Desk", 10, 9, 10, 9), GroupSla("Network", 4, 4, 4, 1)]
    assert readings.sla(groups) == (
        "Resolution SLA met for 71% of 14 tickets; lowest: Network at 25% (1 of 4)."
    )


def test_attribute_reading_gives_the_top_share() -> None:
    breakdown = Breakdown("Campus", 40, [("North", 30), ("South", 10)])
    assert (
        readings.attribute(breakdown) == "North is the most common Campus: 30 of 40 tickets (75%)."
    )

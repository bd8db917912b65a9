"""One-line readings: what each chart shows, in words computed from its figures."""

from __future__ import annotations

from datetime import date, timedelta

from ticketlake.analytics import backlog, readings
from ticketlake.analytics.backlog import AgeBand
from ticketlake.analytics.charts import Spread
from ticketlake.analytics.figures import Breakdown, SlaTally, WeekSla, WeekVolume
from ticketlake.analytics.worklog import Unstored

MONDAY = date(2024, 1, 1)


def _days(values: list[int]) -> list[tuple[date, int]]:
    return [(MONDAY + timedelta(days=i), v) for i, v in enumerate(values)]


def _weeks(created: list[int], days: list[int] | None = None) -> list[WeekVolume]:
    days = days or [7] * len(created)
    return [
        WeekVolume(MONDAY + timedelta(weeks=i), d, c, 10)
        for i, (c, d) in enumerate(zip(created, days, strict=True))
    ]


def test_backlog_growth_over_the_last_eight_weeks_names_both_days() -> None:
    # 70 days: the comparison starts 56 days before the last, not at the range's first day.
    days = _days([500] * 10 + [100] + [105] * 58 + [112])
    moved = backlog.change(days)
    assert moved is not None
    assert (moved.start, moved.start_open) == (date(2024, 1, 14), 105)
    assert readings.backlog(moved) == (
        "Backlog grew 7% over the last 8 weeks (105 open at the end of 14 Jan 2024, "
        "112 at the end of 10 Mar 2024)."
    )
    assert readings.backlog_since(moved) == "up 7% from 105 on 14 Jan 2024"


def test_backlog_shrinking_over_a_short_range_starts_at_its_first_day() -> None:
    assert readings.backlog(backlog.change(_days([10, 9, 8, 5]))) == (
        "Backlog shrank 50% since 01 Jan 2024 (10 open at the end of 01 Jan 2024, "
        "5 at the end of 04 Jan 2024)."
    )


def test_volume_compares_the_last_four_full_weeks_with_the_four_before() -> None:
    weeks = _weeks([10] * 4 + [15] * 4)
    assert readings.volume(weeks) == (
        "100 tickets created (12 a week) and 80 resolved in 56 days; the last 4 full weeks "
        "averaged 15 created a week, up 50% on the 4 before."
    )


def test_a_cut_last_week_is_no_drop_in_intake() -> None:
    # The last week has 2 of its 7 days in range: it is left out of the comparison.
    weeks = _weeks([10] * 4 + [15] * 4 + [4], days=[7] * 8 + [2])
    reading = readings.volume(weeks)
    assert "the last 4 full weeks averaged 15 created a week, up 50% on the 4 before" in reading
    assert reading.startswith("104 tickets created (13 a week) and 90 resolved in 58 days")


def test_a_short_range_compares_fewer_weeks() -> None:
    weeks = _weeks([3, 10, 10, 20, 20, 9], days=[2, 7, 7, 7, 7, 4])
    assert readings.volume(weeks).endswith(
        "the last 2 full weeks averaged 20 created a week, up 100% on the 2 before."
    )


def test_spreads_reading_lists_medians_by_priority() -> None:
    rows = [Spread("High", 4, 0.2, 0.5, 1, 2), Spread("Low", 9, 10, 30, 60, 90)]
    assert readings.spreads(rows, "first response") == (
        "Median first response by priority: High 30 min, Low 30.0 h."
    )


def test_sla_reading_names_the_group_furthest_behind() -> None:
    groups = [SlaTally("Desk", 10, 9, 10, 9), SlaTally("Network", 4, 4, 4, 1)]
    assert readings.sla(groups) == (
        "Resolution SLA met for 71% of 14 tickets; lowest: Network at 25% (1 of 4)."
    )


def test_sla_trend_compares_full_weeks_weighted_by_deadlines() -> None:
    tallies = [(10, 9, 10, 8)] * 4 + [(10, 5, 20, 10)] * 4 + [(2, 0, 2, 0)]
    weeks = [
        WeekSla(MONDAY + timedelta(weeks=i), 7 if i < 8 else 3, SlaTally("w", *t))
        for i, t in enumerate(tallies)
    ]
    assert readings.sla_trend(weeks) == (
        "Resolution SLA met for 50% of tickets created in the last 4 full weeks against 80% "
        "in the 4 before; response SLA 50% against 90%."
    )


def test_sla_trend_without_deadlines_says_so() -> None:
    weeks = [WeekSla(MONDAY, 7, SlaTally("w", 0, 0, 0, 0))]
    assert readings.sla_trend(weeks) == "No SLA deadlines were decided in this range."


def test_ageing_reading_gives_old_and_young_shares() -> None:
    bands = [
        AgeBand("under 1 day", 0, 1, 5),
        AgeBand("3 to 7 days", 3, 7, 3),
        AgeBand("7 to 14 days", 7, 14, 4),
        AgeBand("30 to 90 days", 30, 90, 6),
        AgeBand("90 days or more", 90, None, 2),
    ]
    assert readings.ageing(bands, date(2024, 3, 31)) == (
        "Of the 20 tickets open at the end of 31 Mar 2024, 8 (40%) had been open 30 days or "
        "more and 8 (40%) less than 7 days."
    )


def test_hours_reading_names_the_hours_left_out() -> None:
    groups = [("Desk", 30.0), ("Network", 10.0)]
    assert readings.hours(groups, Unstored(120.4, 9, 7)) == (
        "Desk logged the most time: 30 h, 75% of the 40 h logged. Another 120 h were logged "
        "on 7 tickets the store does not hold; they are left out."
    )
    assert readings.hours(groups, Unstored(0.0, 0, 0)).endswith("of the 40 h logged.")


def test_breakdown_reading_gives_the_top_share() -> None:
    counts = Breakdown("Campus", 40, [("North", 30), ("South", 10)])
    assert readings.breakdown(counts) == "North is the most common Campus: 30 of 40 tickets (75%)."

"""Every TDX date form parses to the same instants (reference §7.5)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pyarrow as pa

from ticketlake.connectors.timestamps import dates, timestamps

EASTERN = ZoneInfo("America/New_York")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_zulu_values_with_any_number_of_fraction_digits() -> None:
    values = [
        "2026-04-06T15:22:01Z",
        "2026-04-06T15:22:01.6Z",
        "2017-09-15T15:25:09.79Z",
        "2014-11-20T21:22:52.057Z",
        "2026-04-06T15:22:01.6070001Z",
    ]
    assert timestamps(values, EASTERN).to_pylist() == [
        utc(2026, 4, 6, 15, 22, 1),
        utc(2026, 4, 6, 15, 22, 1, 600000),
        utc(2017, 9, 15, 15, 25, 9, 790000),
        utc(2014, 11, 20, 21, 22, 52, 57000),
        utc(2026, 4, 6, 15, 22, 1, 607000),
    ]


def test_offsets_are_converted_to_utc() -> None:
    got = timestamps(["2026-04-06T10:00:00-05:00", "2026-04-06T17:30:00.5+02:00"], EASTERN)
    assert got.to_pylist() == [utc(2026, 4, 6, 15, 0), utc(2026, 4, 6, 15, 30, 0, 500000)]


def test_zone_less_values_are_in_the_tenant_time_zone() -> None:
    got = timestamps(["2026-04-03T15:22:01.607", "2026-01-15T09:00:00"], EASTERN)
    assert got.to_pylist() == [utc(2026, 4, 3, 19, 22, 1, 607000), utc(2026, 1, 15, 14, 0)]


def test_zone_less_and_zoned_values_mix_in_one_column() -> None:
    got = timestamps(["2026-01-15T09:00:00", "2026-01-15T09:00:00Z", None], EASTERN)
    assert got.to_pylist() == [utc(2026, 1, 15, 14, 0), utc(2026, 1, 15, 9, 0), None]


def test_zone_less_values_with_a_fixed_offset_zone() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert timestamps(["2026-01-15T09:00:00"], plus_two).to_pylist() == [utc(2026, 1, 15, 7, 0)]


def test_ambiguous_wall_time_takes_its_first_occurrence() -> None:
    # 01:30 happens twice on 2026-11-01 in New York: first at EDT (UTC-4).
    assert timestamps(["2026-11-01T01:30:00"], EASTERN).to_pylist() == [utc(2026, 11, 1, 5, 30)]


def test_sentinels_blanks_and_nulls_are_null() -> None:
    values = ["0001-01-01T05:00:00Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00", "", None]
    got = timestamps(values, EASTERN)
    assert got.type == pa.timestamp("us", tz="UTC")
    assert got.to_pylist() == [None] * 5


def test_garbage_becomes_null_without_losing_the_good_values() -> None:
    got = timestamps(["2026-04-06T15:22:01Z", "yesterday", 17], EASTERN)
    assert got.to_pylist() == [utc(2026, 4, 6, 15, 22, 1), None, None]


def test_date_only_fields_are_calendar_dates_not_instants() -> None:
    got = dates(["2026-04-06T00:00:00Z", "2026-04-07T00:00:00", "0001-01-01T00:00:00Z", None])
    assert got.type == pa.date32()
    assert got.to_pylist() == [date(2026, 4, 6), date(2026, 4, 7), None, None]

"""TDX wire conventions: .NET-style fractions, SQL datetime rounding, request dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ticketlake.sim.teamdynamix.wire import (
    fmt_local_ms,
    fmt_ms,
    fmt_ticks,
    parse_instant,
    rfc1123,
    sql_datetime,
)

NY = ZoneInfo("America/New_York")
T0 = int(dt.datetime(2026, 4, 3, 19, 22, 1, tzinfo=dt.UTC).timestamp() * 1000)


@pytest.mark.parametrize(
    ("ticks", "text"),
    [
        (T0 * 10_000, "2026-04-03T19:22:01Z"),
        (T0 * 10_000 + 5_000_000, "2026-04-03T19:22:01.5Z"),
        (T0 * 10_000 + 6_070_000, "2026-04-03T19:22:01.607Z"),
        (T0 * 10_000 + 1_234_567, "2026-04-03T19:22:01.1234567Z"),
    ],
)
def test_fractions_have_0_to_7_digits_with_trailing_zeros_trimmed(ticks: int, text: str) -> None:
    assert fmt_ticks(ticks) == text


def test_sql_datetime_rounds_to_thirds_of_a_centisecond() -> None:
    assert [sql_datetime(T0 + k) % 10 for k in range(10)] == [0, 0, 3, 3, 3, 7, 7, 7, 7, 0]
    assert sql_datetime(T0 + 9) == T0 + 10


def test_local_time_has_no_zone_suffix() -> None:
    assert fmt_local_ms(T0 + 607, NY) == "2026-04-03T15:22:01.607"


def test_parse_accepts_z_offsets_zone_less_and_seven_digits() -> None:
    z = parse_instant("2026-04-03T19:22:01.607Z", NY)
    assert z == (T0 + 607) * 10_000
    assert parse_instant("2026-04-03T15:22:01.607-04:00", NY) == z
    assert parse_instant("2026-04-03T15:22:01.607", NY) == z  # tenant wall-clock time
    assert parse_instant("2026-04-03T19:22:01.1234567Z", NY) == T0 * 10_000 + 1_234_567
    assert parse_instant(None, NY) is None
    assert parse_instant("", NY) is None
    with pytest.raises(ValueError, match="date"):
        parse_instant("yesterday", NY)


def test_http_dates_are_rfc_1123() -> None:
    assert rfc1123(1522253294) == "Wed, 28 Mar 2018 16:08:14 GMT"
    assert fmt_ms(0) == "1970-01-01T00:00:00Z"

"""The dates streams steer by: parsed to epoch seconds, sent back as inclusive ISO bounds."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ticketlake.connectors.instants import (
    format_after,
    format_before,
    format_ceil,
    format_floor,
    parse_instant,
)

CHICAGO = ZoneInfo("America/Chicago")
NOON = datetime(2026, 4, 6, 12, 0, tzinfo=UTC).timestamp()


def test_zoned_values_keep_their_zone_and_zone_less_ones_take_the_one_given() -> None:
    assert parse_instant("2026-04-06T12:00:00Z") == NOON
    assert parse_instant("2026-04-06T07:00:00-05:00", CHICAGO) == NOON
    assert parse_instant("2026-04-06T07:00:00", CHICAGO) == NOON  # CDT: UTC-5
    assert parse_instant("2026-04-06T12:00:00") == NOON  # no zone given: UTC (Autotask)


def test_no_date_is_none_whatever_form_it_takes() -> None:
    for value in (None, "", "0001-01-01T05:00:00Z", "0001-01-01T00:00:00", "soon", 20260406):
        assert parse_instant(value) is None


def test_bounds_round_outward_so_the_instant_itself_stays_inside() -> None:
    moment = NOON + 0.25
    assert format_floor(moment) == "2026-04-06T12:00:00Z"
    assert format_ceil(moment) == "2026-04-06T12:00:01Z"
    assert format_after(NOON) == "2026-04-06T12:00:00.001Z"
    assert format_before(NOON) == "2026-04-06T11:59:59.999Z"

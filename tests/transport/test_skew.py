"""Clock skew from ``Date`` headers."""

from __future__ import annotations

import pytest

from ticketlake.transport.quota import format_http_date
from ticketlake.transport.skew import Skew

NOW = 1_767_225_600.0


def test_offset_is_zero_and_unknown_before_any_date() -> None:
    skew = Skew()
    assert (skew.offset, skew.known) == (0.0, False)


def test_offset_is_server_date_minus_client_time() -> None:
    skew = Skew()
    skew.observe(format_http_date(NOW + 300), received_at=NOW)
    assert skew.offset == 300.0


def test_offset_keeps_the_tightest_lower_bound() -> None:
    # Date is truncated and stamped before the trip back: each sample can only be too low.
    skew = Skew()
    skew.observe(format_http_date(NOW + 299), received_at=NOW + 0.9)
    skew.observe(format_http_date(NOW + 300), received_at=NOW + 0.2)
    assert skew.offset == pytest.approx(299.8)


def test_unreadable_or_missing_dates_are_ignored() -> None:
    skew = Skew()
    skew.observe("yesterday", received_at=NOW)
    skew.observe(None, received_at=NOW)
    assert skew.known is False


def test_old_samples_age_out() -> None:
    skew = Skew(samples=2)
    skew.observe(format_http_date(NOW + 600), received_at=NOW)
    skew.observe(format_http_date(NOW + 10), received_at=NOW)
    skew.observe(format_http_date(NOW + 10), received_at=NOW)
    assert skew.offset == 10.0


def test_the_pace_of_a_server_clock_at_the_same_speed_is_one() -> None:
    skew = Skew()
    for t in range(0, 121, 20):
        skew.observe(format_http_date(NOW + 3600 + t), NOW + t + 0.4)  # an hour ahead, same pace
    assert skew.pace == pytest.approx(1.0, abs=0.02)


def test_the_pace_of_a_simulator_sixty_times_faster() -> None:
    skew = Skew()
    for t in range(11):  # ten of our seconds: ten minutes of the server's
        skew.observe(format_http_date(NOW + 60 * t), NOW + t)
    assert skew.pace == pytest.approx(60.0)


def test_no_pace_before_the_dates_span_enough_time() -> None:
    skew = Skew()
    for t in range(0, 30, 5):
        skew.observe(format_http_date(NOW + t), NOW + t)
    assert skew.pace is None


def test_a_simulator_sixty_times_faster_is_known_within_a_second() -> None:
    skew = Skew()
    for tenth in range(13):  # 1.2 s of ours, 72 s of the server's
        skew.observe(format_http_date(NOW + 6 * tenth), NOW + tenth / 10)
    assert skew.pace == pytest.approx(60.0, rel=0.02)


def test_a_few_seconds_of_truncated_dates_tell_no_pace() -> None:
    skew = Skew()  # a real server: 5 s of ours read as 4 s of its truncated Date
    skew.observe(format_http_date(NOW + 0.9), NOW)
    skew.observe(format_http_date(NOW + 5.0), NOW + 5.0)
    assert skew.pace is None


def test_a_late_answer_at_a_high_time_scale_tells_no_pace_before_five_real_seconds() -> None:
    skew = Skew()  # client and simulator both at 1,000x; the first answer arrived 0.1 s late
    skew.observe(format_http_date(NOW), NOW + 100)
    skew.observe(format_http_date(NOW + 160), NOW + 160)
    assert skew.pace == pytest.approx(160 / 60)  # two minutes read as more than twice the pace
    assert skew.pace_at(1000) is None  # 60 ms of real time: too short to tell
    skew.observe(format_http_date(NOW + 6000), NOW + 6000)  # six real seconds
    assert skew.pace_at(1000) == pytest.approx(6000 / 5900)


def test_a_simulator_sixty_times_faster_is_told_within_seconds_of_real_time() -> None:
    skew = Skew()
    for second in range(6):  # a client in real time, five seconds
        skew.observe(format_http_date(NOW + 60 * second), NOW + second)
    assert skew.pace_at(1.0) == pytest.approx(60.0)

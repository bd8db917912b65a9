"""Rate-limit headers: RFC 1123 dates, epoch seconds and delays, in client clock time."""

from __future__ import annotations

from datetime import UTC, datetime

from ticketlake.transport.quota import (
    Quota,
    format_http_date,
    parse_http_date,
    parse_reset,
    quota_from_headers,
    retry_after,
)

# The reset in TDX's own example (rate_limit_headers_example.http).
DOC_RESET = "Wed, 28 Mar 2018 16:08:14 GMT"
DOC_EPOCH = datetime(2018, 3, 28, 16, 8, 14, tzinfo=UTC).timestamp()


def test_rfc1123_date_from_the_tdx_docs() -> None:
    assert parse_http_date(DOC_RESET) == DOC_EPOCH


def test_http_date_round_trips_through_format() -> None:
    assert format_http_date(DOC_EPOCH) == DOC_RESET


def test_reset_as_rfc1123_date() -> None:
    assert parse_reset(DOC_RESET, server_now=0.0) == DOC_EPOCH


def test_reset_as_epoch_seconds() -> None:
    assert parse_reset("1522253294", server_now=0.0) == 1522253294.0


def test_reset_as_epoch_milliseconds() -> None:
    assert parse_reset("1522253294500", server_now=0.0) == 1522253294.5


def test_reset_as_delta_seconds_counts_from_server_now() -> None:
    assert parse_reset("42", server_now=1_000_000_000.0 - 1) == 1_000_000_041.0


def test_unreadable_reset_is_none() -> None:
    assert parse_reset("soon", server_now=0.0) is None
    assert parse_reset("-5", server_now=0.0) is None


def test_quota_converts_the_server_reset_into_client_time() -> None:
    # The server's clock is 300 s ahead of ours: its reset is 300 s earlier on our clock.
    headers = {
        "X-RateLimit-Limit": "60",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": format_http_date(DOC_EPOCH),
    }
    quota = quota_from_headers(headers, now=DOC_EPOCH - 330, offset=300.0)
    assert quota == Quota(limit=60, remaining=0, reset_at=DOC_EPOCH - 300)


def test_quota_delta_reset_is_relative_to_now_whatever_the_skew() -> None:
    headers = {"x-ratelimit-reset": "20", "x-ratelimit-remaining": "3"}
    quota = quota_from_headers(headers, now=1_500_000_000.0, offset=-7200.0)
    assert quota == Quota(limit=None, remaining=3, reset_at=1_500_000_020.0)


def test_no_rate_limit_headers_means_no_quota() -> None:
    assert quota_from_headers({"Content-Type": "application/json"}, now=0.0, offset=0.0) is None


def test_retry_after_as_seconds_or_http_date() -> None:
    now = 1_500_000_000.0
    assert retry_after({"Retry-After": "7"}, now=now, offset=0.0) == now + 7
    date = {"retry-after": format_http_date(now + 3630)}
    assert retry_after(date, now=now, offset=3600.0) == now + 30
    assert retry_after({}, now=now, offset=0.0) is None


def test_the_hyphenated_spelling_is_read_too() -> None:
    headers = {"X-Rate-Limit-Limit": "120", "X-Rate-Limit-Remaining": "7",
               "X-Rate-Limit-Reset": "1500000060"}  # fmt: skip
    quota = quota_from_headers(headers, now=1_500_000_000.0, offset=0.0)
    assert quota == Quota(limit=120, remaining=7, reset_at=1_500_000_060.0)


def test_when_both_spellings_come_the_unhyphenated_one_wins() -> None:
    headers = {"x-rate-limit-limit": "120", "x-ratelimit-limit": "150"}
    quota = quota_from_headers(headers, now=1_500_000_000.0, offset=0.0)
    assert quota is not None
    assert quota.limit == 150

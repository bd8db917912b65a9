"""Retry policy: which statuses are retried, and how long backoff waits."""

from __future__ import annotations

import pytest

from ticketlake.transport.retry import Backoff, RetryPolicy, Verdict, classify


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, Verdict.OK),
        (204, Verdict.OK),
        (429, Verdict.THROTTLED),
        (401, Verdict.UNAUTHORIZED),
        (500, Verdict.TRANSIENT),
        (502, Verdict.TRANSIENT),
        (503, Verdict.TRANSIENT),
        (504, Verdict.TRANSIENT),
        (408, Verdict.TRANSIENT),
        (501, Verdict.FATAL),
        (400, Verdict.FATAL),
        (403, Verdict.FATAL),
        (404, Verdict.FATAL),
        (302, Verdict.FATAL),
    ],
)
def test_status_classification(status: int, verdict: Verdict) -> None:
    assert classify(status) is verdict


def test_backoff_doubles_up_to_the_cap() -> None:
    backoff = Backoff(base=1.0, factor=2.0, cap=10.0, jitter=0.5)
    assert [backoff.delay(n, rand=0.0) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


def test_jitter_takes_off_at_most_its_fraction() -> None:
    backoff = Backoff(base=4.0, jitter=0.5)
    assert backoff.delay(1, rand=0.999999) == pytest.approx(2.0, abs=1e-5)
    assert backoff.delay(1, rand=0.5) == 3.0


def test_policy_draws_jitter_from_its_random_source() -> None:
    policy = RetryPolicy(backoff=Backoff(base=2.0, jitter=1.0), random=lambda: 0.25)
    assert policy.backoff_delay(2) == 3.0

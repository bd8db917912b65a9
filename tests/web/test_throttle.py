from __future__ import annotations

import pytest

from ticketlake.web.database import Database
from ticketlake.web.throttle import LoginThrottle, ThrottlePolicy

from .clock import ManualClock


@pytest.fixture
def throttle(db: Database, clock: ManualClock) -> LoginThrottle:
    return LoginThrottle(db, clock, ThrottlePolicy(per_name=3, per_address=5, window=600))


def test_name_is_locked_after_its_failures_until_the_window_passes(
    throttle: LoginThrottle, clock: ManualClock
) -> None:
    for _ in range(3):
        assert throttle.retry_after("alice", "10.0.0.1") == 0
        throttle.failed("alice", "10.0.0.1")
        clock.advance(10)
    # The first failure was 30 s ago: it ages out of the 600 s window in 570 s.
    assert throttle.retry_after("alice", "10.0.0.2") == pytest.approx(570)
    clock.advance(570)
    assert throttle.retry_after("alice", "10.0.0.2") == 0


def test_address_is_locked_across_names(throttle: LoginThrottle) -> None:
    for name in ("a", "b", "c", "d", "e"):
        throttle.failed(name, "10.0.0.1")
    assert throttle.retry_after("f", "10.0.0.1") == pytest.approx(600)
    assert throttle.retry_after("f", "10.0.0.9") == 0


def test_success_clears_the_name_failures(throttle: LoginThrottle) -> None:
    throttle.failed("alice", "10.0.0.1")
    throttle.failed("alice", "10.0.0.1")
    throttle.succeeded("alice")
    throttle.failed("alice", "10.0.0.1")
    assert throttle.retry_after("alice", "10.0.0.1") == 0

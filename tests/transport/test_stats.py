"""Per-endpoint accounting."""

from __future__ import annotations

from ticketlake.transport.stats import Stats


def test_declared_endpoints_start_at_zero() -> None:
    stats = Stats(["GET a", "POST b"])
    assert list(stats) == ["GET a", "POST b"]
    assert stats["GET a"].calls == 0


def test_total_sums_every_endpoint() -> None:
    stats = Stats(["GET a"])
    stats.of("GET a").calls += 3
    stats.of("POST b").calls += 2
    stats.of("POST b").wait_seconds += 1.5
    total = stats.total()
    assert (total.calls, total.wait_seconds) == (5, 1.5)


def test_snapshot_is_a_copy() -> None:
    stats = Stats(["GET a"])
    snap = stats.snapshot()
    stats.of("GET a").calls += 1
    assert snap["GET a"]["calls"] == 0

"""Clocks: fake time moves only by sleeping, in wake-up order; scaled time runs faster."""

from __future__ import annotations

import asyncio
import types

import pytest

from ticketlake.transport import clock as clock_module
from ticketlake.transport.clock import FAKE_EPOCH, FakeClock, ScaledClock

pytestmark = pytest.mark.anyio


async def test_fake_sleep_moves_time_by_exactly_the_requested_seconds() -> None:
    clock = FakeClock()
    await clock.sleep(42.5)
    assert clock.now() == FAKE_EPOCH + 42.5
    assert clock.sleeps == [42.5]


async def test_fake_sleepers_wake_in_order_of_wake_time() -> None:
    clock = FakeClock()
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append((name, clock.now() - FAKE_EPOCH))

    await asyncio.gather(sleeper("long", 10), sleeper("short", 5), sleeper("mid", 7))
    assert woke == [("short", 5), ("mid", 7), ("long", 10)]


async def test_fake_advance_moves_time_without_sleeping() -> None:
    clock = FakeClock(start=1000.0)
    clock.advance(30)
    assert clock.now() == 1030.0
    assert clock.sleeps == []


def test_scaled_clock_runs_scale_times_faster(monkeypatch: pytest.MonkeyPatch) -> None:
    real = [500.0]
    monkeypatch.setattr(clock_module.time, "monotonic", lambda: real[0])
    clock = ScaledClock(100, start=1_000_000.0)
    real[0] += 0.6  # 0.6 real seconds
    assert clock.now() == pytest.approx(1_000_060.0)


def test_scaled_sleep_waits_virtual_seconds_divided_by_scale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(clock_module, "asyncio", types.SimpleNamespace(sleep=fake_sleep))
    asyncio.run(ScaledClock(100).sleep(65))
    assert asked == [pytest.approx(0.65)]


def test_scaled_clock_refuses_a_non_positive_scale() -> None:
    with pytest.raises(ValueError, match="positive"):
        ScaledClock(0)


async def test_a_cancelled_fake_sleep_does_not_move_time() -> None:
    clock = FakeClock()
    long = asyncio.ensure_future(clock.sleep(1000))
    await asyncio.sleep(0)
    long.cancel()
    await clock.sleep(5)
    assert clock.now() == FAKE_EPOCH + 5

"""A manual clock for the web tests: time moves only when a test says so."""

from __future__ import annotations


class ManualClock:
    """Epoch seconds that advance by hand."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds

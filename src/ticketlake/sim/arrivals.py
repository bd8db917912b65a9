"""When tickets arrive: a seasonal arrival curve inverted so ticket ``i``'s creation time is a
pure function of (seed, i), increasing with ``i`` (ticket IDs grow with creation time).

The curve has a weekly shape (busy Mondays, quiet weekends), a working-day shape in the
tenant's time zone, a quiet winter break and summer, and slow growth over the years.
"""

from __future__ import annotations

import bisect
import datetime as dt
from itertools import accumulate
from zoneinfo import ZoneInfo

from ticketlake.sim import rand

WEEKDAY = (1.25, 1.15, 1.1, 1.05, 0.9, 0.22, 0.18)  # Monday first
HOUR = (0.06, 0.04, 0.03, 0.03, 0.04, 0.08, 0.2, 0.55, 1.2, 1.6, 1.65, 1.5, 1.1, 1.45,
        1.5, 1.4, 1.1, 0.6, 0.35, 0.3, 0.28, 0.22, 0.15, 0.1)  # fmt: skip
HOUR_MS = 3_600_000


def _season(day: dt.date) -> float:
    if (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 2):
        return 0.45
    if day.month in (7, 8):
        return 0.8
    return 1.0


class ArrivalCurve:
    """The arrival moment of each of ``count`` tickets over the ``days`` before ``as_of_ms``."""

    def __init__(
        self, seed: int, count: int, as_of_ms: int, days: int, tz: ZoneInfo, *, kind: int
    ) -> None:
        self.seed, self.count, self.kind = seed, count, kind
        hours = days * 24
        self.start_ms = as_of_ms - hours * HOUR_MS
        weights = []
        for h in range(hours):
            local = dt.datetime.fromtimestamp((self.start_ms + h * HOUR_MS) / 1000, tz)
            trend = 0.85 + 0.3 * h / hours
            weights.append(
                WEEKDAY[local.weekday()] * HOUR[local.hour] * _season(local.date()) * trend
            )
        self._weights = weights
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]
        # The last ticket arrives a little before as_of, never after it.
        self._span = self._total * 0.9999

    def moment_ms(self, i: int) -> int:
        """When ticket ``i`` (0-based) arrives, in ms (not rounded)."""
        jitter = (rand.key(self.seed, self.kind, i) >> 11) / float(1 << 53)
        target = (i + jitter) / self.count * self._span
        h = bisect.bisect_right(self._cum, target)
        before = self._cum[h - 1] if h else 0.0
        frac = (target - before) / self._weights[h]
        return self.start_ms + h * HOUR_MS + int(frac * HOUR_MS)

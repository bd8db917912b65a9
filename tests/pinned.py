"""The one date every simulated tenant of the tests is "as of", and where their clocks start.

A simulated tenant's data is a function of its ``as_of`` (ticket arrivals follow weekdays,
hours and seasons counted back from it), and a sync's windows are bounded by the clock. Tests
pin both, so the suite decides the same things on any day it runs (and under a faked date).
"""

from __future__ import annotations

import datetime as dt

AS_OF = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
"""The data's "now" for the tests' tenants (a Sunday, outside the winter break)."""
CLOCK_START = AS_OF.timestamp() + 9 * 3600
"""Virtual epoch seconds at which the tests' scaled clocks start: nine hours after ``AS_OF``."""

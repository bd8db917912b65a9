"""Retry policies: small data objects and the pure functions that read them.

- 429: wait for the reset the server announced (TDX sends no ``Retry-After``; without a reset
  header the budget's window is the fallback), then try again, a bounded number of times.
- 5xx, timeouts, dropped connections: bounded exponential backoff with jitter.
- too many concurrent calls (a source's thread limit, read by the connector's ``classify``):
  the same backoff, and the endpoint's gate narrowed by one (``gate.py``).
- 401: log in again once and retry once (the ``Auth`` protocol's ``refresh``).
- any other 4xx: no retry; a typed error (see ``failure.py``).
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable
from dataclasses import dataclass, field


class Verdict(enum.Enum):
    """What a response status means for the call that got it."""

    OK = "ok"
    THROTTLED = "throttled"
    UNAUTHORIZED = "unauthorized"
    TRANSIENT = "transient"
    CROWDED = "crowded"
    """Too many calls at once (a thread limit): retry after a backoff, one call fewer at once."""
    FATAL = "fatal"


# Server errors that will not heal by asking again.
_PERMANENT_5XX = frozenset({501, 505, 511})


def classify(status: int) -> Verdict:
    """Sort a status into what the transport does next."""
    if 200 <= status < 300:
        return Verdict.OK
    if status == 429:
        return Verdict.THROTTLED
    if status == 401:
        return Verdict.UNAUTHORIZED
    if status == 408 or (status >= 500 and status not in _PERMANENT_5XX):
        return Verdict.TRANSIENT
    return Verdict.FATAL


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: ``min(cap, base * factor**(n-1))``, then up to
    ``jitter`` of it taken off at random, so concurrent callers do not retry in lockstep."""

    base: float = 1.0
    factor: float = 2.0
    cap: float = 30.0
    jitter: float = 0.5

    def delay(self, retry: int, rand: float) -> float:
        """Seconds before retry number ``retry`` (1-based); ``rand`` is uniform in [0, 1)."""
        ceiling = min(self.cap, self.base * self.factor ** max(0, retry - 1))
        return ceiling * (1.0 - self.jitter * rand)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a call is retried.

    ``transient_attempts``: sends in all for 5xx/timeouts/dropped connections (first included).
    ``throttle_attempts``: sends in all when the server answers 429.
    ``random``: the jitter source (inject a seeded one to make backoffs reproducible).
    """

    transient_attempts: int = 5
    throttle_attempts: int = 4
    backoff: Backoff = field(default_factory=Backoff)
    random: Callable[[], float] = field(default=random.random, compare=False, repr=False)

    def backoff_delay(self, retry: int) -> float:
        """The jittered wait before retry number ``retry``."""
        return self.backoff.delay(retry, self.random())

"""Clock skew: how far the server's clock is ahead of ours, learnt from ``Date`` headers.

A ``Date`` header is truncated to the second and stamped before the response travels to us,
so each sample ``Date - received_at`` is a lower bound of the true offset. The estimate is the
largest recent sample: it converges from below, which errs on the side of waiting a little
longer for a rate-limit reset, never of sending too early. Only recent samples count, so a
server whose clock is corrected is followed.

The first and the latest ``Date`` also give the server clock's *pace*: seconds of its clock per
second of ours. A real server's is 1 whatever its offset; a simulator run at another time scale
than ticketlake's shows its ratio (60 for a simulator at 60x called by a client at 1, 1/60 the
other way round), which ``ticketlake.transport.timescale.mismatch`` turns into a diagnosis.
"""

from __future__ import annotations

from collections import deque

from ticketlake.transport.quota import parse_http_date

PACE_SPAN = (60.0, 10.0, 1.0)
"""Seconds the ``Date`` headers must span before a pace is told: on the faster clock, on the
server's (its ``Date`` is truncated to the second: 10 s keep that within 10 %) and on ours
(read to the microsecond, but answers travel a moment): far inside what tells two time scales
apart (``timescale.SAME_PACE``), and known within the first second of a simulator 60 times
faster than ticketlake."""

REAL_SPAN = 5.0
"""Real seconds our side of the ``Date`` headers must span before a transport tells a pace: an
answer a loaded machine delays by half a second is, at a time scale of 1,000, 500 virtual
seconds late, enough to read one clock as twice the other over a short span. Five real seconds
keep such a delay within a tenth, and a real mismatch is still told seconds into a sync."""


class Skew:
    """The server's clock minus ours, in seconds (0.0 until a ``Date`` header is seen)."""

    def __init__(self, samples: int = 16) -> None:
        self._samples: deque[float] = deque(maxlen=samples)
        self._first: tuple[float, float] | None = None
        self._last: tuple[float, float] | None = None

    @property
    def offset(self) -> float:
        """Best estimate of ``server_time - client_time``."""
        return max(self._samples) if self._samples else 0.0

    @property
    def known(self) -> bool:
        """Whether any ``Date`` header has been seen."""
        return bool(self._samples)

    def observe(self, date_header: str | None, received_at: float) -> None:
        """Record one response's ``Date`` header, received at client time ``received_at``."""
        if not date_header:
            return
        server_time = parse_http_date(date_header)
        if server_time is not None:
            self._samples.append(server_time - received_at)
            self._last = (received_at, server_time)
            self._first = self._first or self._last

    @property
    def pace(self) -> float | None:
        """Seconds of the server's clock per second of ours, once the headers seen span
        ``PACE_SPAN`` (None before)."""
        if self._first is None or self._last is None:
            return None
        ours = self._last[0] - self._first[0]
        theirs = self._last[1] - self._first[1]
        faster, server, client = PACE_SPAN
        if max(ours, theirs) < faster or theirs < server or ours < client:
            return None
        return theirs / ours

    def pace_at(self, client_scale: float) -> float | None:
        """``pace`` once the headers also span ``REAL_SPAN`` real seconds of a client whose
        clock runs ``client_scale`` times real time (None before)."""
        if self._first is None or self._last is None:
            return None
        if self._last[0] - self._first[0] < REAL_SPAN * client_scale:
            return None
        return self.pace

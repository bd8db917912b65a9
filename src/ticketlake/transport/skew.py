"""Clock skew: how far the server's clock is ahead of ours, learnt from ``Date`` headers.

A ``Date`` header is truncated to the second and stamped before the response travels to us,
so each sample ``Date - received_at`` is a lower bound of the true offset. The estimate is the
largest recent sample: it converges from below, which errs on the side of waiting a little
longer for a rate-limit reset, never of sending too early. Only recent samples count, so a
server whose clock is corrected is followed.
"""

from __future__ import annotations

from collections import deque

from ticketlake.transport.quota import parse_http_date


class Skew:
    """The server's clock minus ours, in seconds (0.0 until a ``Date`` header is seen)."""

    def __init__(self, samples: int = 16) -> None:
        self._samples: deque[float] = deque(maxlen=samples)

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

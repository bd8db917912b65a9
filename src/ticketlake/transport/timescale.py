"""``TICKETLAKE_TIME_SCALE``: a client clock as fast as a simulator's, and only for a simulator.

The simulator can run its clock faster than real time (``ticketlake sim teamdynamix
--time-scale 60``: a 60 s rate-limit window reopens every real second), and the client must
run at the same speed to pace itself in the simulator's time. Left exported against a real
tenant, the same setting would make ticketlake send its calls 60 times faster than the tenant's
limits allow. So a time scale is honoured only for a base URL on this machine's loopback
(127.0.0.0/8, ::1, ``localhost``), where the simulators run; for any other URL it is ignored,
with one warning saying so and how to unset it.

Every command that talks to a tenant (sync, check, connect, serve) chooses its clock here.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from ticketlake.transport.clock import Clock, ScaledClock

ENV = "TICKETLAKE_TIME_SCALE"
HELP = (
    "Client clock speed, as a simulator's --time-scale; honoured only for a base URL on "
    "loopback (127.0.0.1, ::1, localhost)."
)
"""The ``--time-scale`` option's help, in every command that has it."""

logger = logging.getLogger("ticketlake.transport")


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    """Whether ``url``'s host is a loopback address (or ``localhost``)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host is not None and is_loopback(host)


class TimeScale:
    """A time scale the user asked for, applied per base URL (see the module docstring)."""

    def __init__(self, scale: float, *, warn: Callable[[str], None] | None = None) -> None:
        if scale <= 0:
            raise ValueError(f"time scale must be positive, got {scale}")
        self.scale = float(scale)
        self._warn = warn or logger.warning
        self._warned: set[str] = set()

    def clock_for(self, base_url: str) -> Clock | None:
        """A clock ``scale`` times faster than real time for a loopback ``base_url``; None
        (real time) for any other, after warning once per URL that the scale is ignored."""
        if self.scale == 1.0:
            return None
        if is_loopback_url(base_url):
            return ScaledClock(self.scale)
        if base_url not in self._warned:
            self._warned.add(base_url)
            self._warn(ignored(base_url, self.scale))
        return None


def time_scale(
    value: float | None, *, warn: Callable[[str], None] | None = None
) -> TimeScale | None:
    """The ``TimeScale`` a ``--time-scale`` option (or ``TICKETLAKE_TIME_SCALE``) asks for."""
    return TimeScale(value, warn=warn) if value else None


SAME_PACE = (0.5, 2.0)
"""Server-to-client clock paces taken for "the same speed" (a real server's is 1)."""


def mismatch(pace: float | None, client_scale: float) -> tuple[str, str] | None:
    """What a server clock running at ``pace`` times ours means, and its fix, when the two
    clearly run at different speeds (a simulator and ticketlake at different time scales);
    None when they agree or the pace is not known yet."""
    if pace is None or SAME_PACE[0] <= pace <= SAME_PACE[1]:
        return None
    ratio = pace if pace >= 1 else 1 / pace
    how = f"{ratio:.3g} times {'faster' if pace >= 1 else 'slower'} than"
    server = client_scale * pace
    what = (
        f"the tenant's clock runs {how} ticketlake's: a simulator at another time scale than "
        f"ticketlake's ({client_scale:g}), so ticketlake misjudges every rate-limit window"
    )
    if 1 / 1.5 <= server <= 1.5:
        return what, f"`unset {ENV}` (the simulator runs in real time) and run it again"
    return what, f"`export {ENV}={server:.2g}` (the simulator's --time-scale) and run it again"


def ignored(base_url: str, scale: float) -> str:
    """The warning for a time scale set against a URL that is not on this machine."""
    return (
        f"{ENV}={scale:g} is ignored for {base_url}: a time scale is only for a simulator on "
        "this machine (127.0.0.1, ::1 or localhost); against a real tenant it would send calls "
        f"{scale:g} times faster than its rate limits allow. ticketlake runs in real time; "
        f"`unset {ENV}` to stop this warning."
    )

"""Autotask's zones, served side by side on one host by path prefix.

``/{zone}/ATServicesRest/...`` is a zone's REST base (``webservices5`` stands for
``https://webservices5.autotask.net``); the bare ``/ATServicesRest/...`` is the bootstrap host
clients discover zones from, which is a zone too (``webservices2``, as in reality). Zone
information answers from any of them; the tenant's data lives in one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Zone:
    """A zone: its host name's first label, display name, web UI host and CI number."""

    key: str
    name: str
    web: str
    ci: int


ZONES = (
    Zone("webservices1", "America West", "ww1", 1),
    Zone("webservices2", "America East", "ww2", 2),
    Zone("webservices5", "America East 2", "ww5", 5),
    Zone("webservices14", "EU1 (English)", "ww14", 14),
    Zone("webservices6", "Australia / New Zealand", "ww6", 6),
)
BY_KEY = {z.key: z for z in ZONES}
BOOTSTRAP = "webservices2"
_PATH = re.compile(r"^/(?:(?P<zone>webservices\d+)/)?atservicesrest(?P<rest>/.*)?$", re.IGNORECASE)


def split(path: str) -> tuple[Zone, str] | None:
    """(zone, the path after ``/ATServicesRest``) of a request path, or None outside any."""
    m = _PATH.match(path)
    if m is None:
        return None
    zone = BY_KEY.get((m.group("zone") or BOOTSTRAP).lower())
    if zone is None:
        return None
    return zone, (m.group("rest") or "/").rstrip("/") or "/"


def rest_base(origin: str, zone: Zone) -> str:
    """The zone's REST base as zoneInformation gives it (ends in ``/ATServicesRest/``)."""
    return f"{origin}/{zone.key}/ATServicesRest/"

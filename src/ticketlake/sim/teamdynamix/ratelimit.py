"""TDX rate limiting: per method, a fixed window anchored at the first call, per IP/user/org.

Every response of a limited method carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining``
and ``X-RateLimit-Reset`` (RFC 1123, virtual time); a call over the limit gets HTTP 429.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ticketlake.sim.clock import VirtualClock
from ticketlake.sim.responses import rfc1123
from ticketlake.sim.teamdynamix.config import RateLimit
from ticketlake.sim.windows import FixedWindows

_SIXTY = RateLimit(60, 60)
_PEOPLE_WRITE = RateLimit(45, 60)
_MEMBERSHIP = RateLimit(180, 60)
_BULK_ORG = RateLimit(1, 120, "org")
_BULK_IP = RateLimit(1, 120, "ip")

DEFAULT_LIMITS: dict[str, RateLimit] = {
    # Auth section (DOC): 60 per IP per 60 s.
    "POST api/auth": _SIXTY,
    "POST api/auth/login": _SIXTY,
    "POST api/auth/loginadmin": _SIXTY,
    "GET api/auth/getuser": _SIXTY,
    "GET api/applications": _SIXTY,  # chatt-state notes (UNCONFIRMED)
    # Tickets (DOC 60/60; searches 30/60 is the reference's best reading, UNCONFIRMED).
    "POST api/{appId}/tickets/search": RateLimit(30, 60),
    "GET api/{appId}/tickets/{id}": _SIXTY,
    "GET api/{appId}/tickets/{id}/feed": _SIXTY,  # UNCONFIRMED
    "GET api/{appId}/tickets/feed": _SIXTY,  # UNCONFIRMED
    "GET api/{appId}/tickets/{id}/tasks": _SIXTY,
    "GET api/{appId}/tickets/{ticketId}/tasks/{id}": _SIXTY,
    "GET api/{appId}/tickets/statuses": _SIXTY,
    "GET api/{appId}/tickets/types": _SIXTY,
    "GET api/{appId}/tickets/priorities": _SIXTY,
    "GET api/{appId}/tickets/impacts": _SIXTY,
    "GET api/{appId}/tickets/urgencies": _SIXTY,
    "GET api/{appId}/tickets/sources": _SIXTY,
    "GET api/{appId}/tickets/forms": _SIXTY,  # UNCONFIRMED
    "POST api/time/search": RateLimit(30, 60),  # UNCONFIRMED (squaredup)
    "GET api/time/types": _SIXTY,  # UNCONFIRMED
    # People API (seed 004; 2016 docs for groups and attributes).
    "POST api/people/search": _SIXTY,
    "GET api/people/lookup": RateLimit(75, 10),
    "GET api/people/userlist": RateLimit(1, 60, "user"),
    "GET api/people/{uid}": _SIXTY,
    "POST api/people": _PEOPLE_WRITE,
    "PATCH api/people/{uid}": _PEOPLE_WRITE,
    "POST api/people/{uid}": _PEOPLE_WRITE,
    "PUT api/people/{uid}/isactive": _SIXTY,
    "GET api/people/{uid}/groups": _MEMBERSHIP,
    "PUT api/people/{uid}/groups/{groupId}": _MEMBERSHIP,
    "DELETE api/people/{uid}/groups/{groupId}": _MEMBERSHIP,
    "POST api/people/{uid}/groups": _PEOPLE_WRITE,
    "GET api/people/{uid}/functionalroles": _MEMBERSHIP,
    "PUT api/people/{uid}/functionalroles/{roleId}": _MEMBERSHIP,
    "DELETE api/people/{uid}/functionalroles/{roleId}": _MEMBERSHIP,
    "POST api/people/bulk/applydesktop/{templateId}": _BULK_ORG,
    "POST api/people/bulk/changeacctdepts": _BULK_ORG,
    "POST api/people/bulk/changeactivestatus": _BULK_ORG,
    "POST api/people/bulk/changesecurityrole/{securityRoleId}": _BULK_ORG,
    "POST api/people/bulk/changeapplications": _BULK_IP,
    "POST api/people/bulk/changeorgapplications": _BULK_IP,
    "POST api/people/bulk/managegroups": _BULK_IP,
    # SecurityRoles section (DOC: get, edit and permissions 60 per IP per 60 s; search and
    # create share that reading, UNCONFIRMED: the section's text for them was not seen).
    "GET api/securityroles/{securityRoleId}": _SIXTY,
    "PUT api/securityroles/{securityRoleId}": _SIXTY,
    "GET api/securityroles/permissions": _SIXTY,
    "POST api/securityroles/search": _SIXTY,
    "POST api/securityroles": _SIXTY,
    "POST api/groups/search": _SIXTY,
    "GET api/groups/{id}": _SIXTY,
    "GET api/groups/{id}/members": _SIXTY,  # UNCONFIRMED
    "GET api/attributes/custom": _SIXTY,
    "GET api/accounts": _SIXTY,
    "GET api/accounts/{id}": _SIXTY,  # doc text copied in a public client
    "GET api/locations": _SIXTY,  # UNCONFIRMED
    "GET api/locations/{id}": _SIXTY,  # UNCONFIRMED
    "GET api/reports": _SIXTY,  # UNCONFIRMED
    "GET api/reports/{id}": _SIXTY,  # UNCONFIRMED
}


def effective_limits(overrides: Mapping[str, RateLimit], factor: float) -> dict[str, RateLimit]:
    """The defaults scaled by ``factor`` (the throttled scenario), then ``overrides``."""
    out = {
        key: RateLimit(max(1, math.floor(lim.calls * factor)), lim.seconds, lim.scope)
        for key, lim in DEFAULT_LIMITS.items()
    }
    out.update(overrides)
    return out


@dataclass(frozen=True)
class Verdict:
    """The outcome of counting one call."""

    allowed: bool
    headers: dict[str, str]


class RateLimiter:
    """Fixed windows per (method key, scope key), on the virtual clock."""

    def __init__(self, clock: VirtualClock, limits: Mapping[str, RateLimit]) -> None:
        self.clock = clock
        self.limits = dict(limits)
        self._windows = FixedWindows()

    def hit(self, key: str, who: str) -> Verdict | None:
        """Count a call of method ``key`` by ``who``; ``None`` when the method is not limited."""
        limit = self.limits.get(key)
        if limit is None:
            return None
        opened, calls = self._windows.hit((key, who), limit.seconds, self.clock.now())
        allowed = calls <= limit.calls
        # Rounded up to the second so a client waiting until Reset is never early.
        reset = math.ceil(opened + limit.seconds)
        headers = {
            "X-RateLimit-Limit": str(limit.calls),
            "X-RateLimit-Remaining": str(max(0, limit.calls - calls)),
            "X-RateLimit-Reset": rfc1123(reset),
        }
        return Verdict(allowed, headers)

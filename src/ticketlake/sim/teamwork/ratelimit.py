"""Per-account rate limits (reference B5, C, D): Projects 150 a minute (300 on Scale), Desk 120,
Spaces 150, each a fixed minute from the first call, every user and app of the site sharing it.

Answers carry the limit, what remains and when the window resets (UTC epoch seconds), spelt
``X-Rate-Limit-*`` by Desk and Spaces and, by default, ``X-RateLimit-*`` by Projects (Teamwork's
own scripts read that; reading ``projects_headers``). Over the limit: 429.
"""

from __future__ import annotations

import math

from ticketlake.sim.teamwork.config import DESK_PER_MINUTE, SPACES_PER_MINUTE, SimConfig
from ticketlake.sim.teamwork.wire import Api, ApiError
from ticketlake.sim.windows import FixedWindows

SPACES_429 = "You have exceeded your rate limit. Please try again in a little while."
SPACES_REDUCED = "Syncing data requires an updatedAfterDate to be passed. Rate limit reduced."
DASHED, JOINED = "X-Rate-Limit-", "X-RateLimit-"


def family(api: Api) -> str:
    """The budget an API's calls count against."""
    return "desk" if api == "desk" else "spaces" if api == "spaces" else "projects"


class RateLimits:
    """The site's budgets and the headers that announce them."""

    def __init__(self, config: SimConfig) -> None:
        self.limits = {"projects": config.projects_per_minute, "desk": DESK_PER_MINUTE,
                       "spaces": SPACES_PER_MINUTE}  # fmt: skip
        self.style = config.readings.projects_headers
        self.reduced_limit = config.readings.spaces_reduced_limit
        self.windows = FixedWindows()
        self.refused = 0

    def reduce_spaces(self) -> None:
        """Spaces saw paged syncing without ``updatedAfterDate``: its limit drops (D)."""
        self.limits["spaces"] = min(self.limits["spaces"], self.reduced_limit)

    def admit(self, api: Api, now: float) -> dict[str, str]:
        """Count one call; its headers, or 429 (with them) when over the limit."""
        fam = family(api)
        limit = self.limits[fam]
        opened, used = self.windows.hit(fam, 60.0, now)
        values = {"Limit": str(limit), "Remaining": str(max(0, limit - used)),
                  "Reset": str(math.ceil(opened + 60))}  # fmt: skip
        headers = {f"{p}{k}": v for p in self._prefixes(fam) for k, v in values.items()}
        if used > limit:
            self.refused += 1
            spaces = fam == "spaces"
            reduced = spaces and limit == self.reduced_limit
            error = ApiError(429, SPACES_REDUCED if reduced else SPACES_429 if spaces else
                             "Rate limit exceeded", api)  # fmt: skip
            error.headers = headers
            raise error
        return headers

    def _prefixes(self, fam: str) -> tuple[str, ...]:
        if fam != "projects" or self.style == "x-rate-limit":
            return (DASHED,)
        return (JOINED,) if self.style == "x-ratelimit" else (JOINED, DASHED)

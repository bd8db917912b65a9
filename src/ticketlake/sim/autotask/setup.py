"""The tenant-side state a scenario sets up: the API user, the other integrations, the zone."""

from __future__ import annotations

from dataclasses import dataclass, field

from ticketlake.sim.autotask.catalog import API_LICENSE, DEPARTMENTS, ROLES
from ticketlake.sim.autotask.config import SimConfig
from ticketlake.sim.autotask.directory import RESOURCE_BASE, Resource
from ticketlake.sim.autotask.levels import ANALYTICS, API_SYSTEM, BASE_LEVELS, Level

WORK365_VENDOR_CODE = "W365SYNCVENDOR0000000000001"
"""A listed Integration Vendor's tracking identifier (seed 002, step 5 taken literally)."""
DEFAULT_OTHER_RPH = 1_200
"""Requests per hour the tenant's other integrations make in a healthy tenant (ours)."""


@dataclass
class Setup:
    """What a scenario may change before the tenant is generated."""

    api_user: Resource
    others: list[Resource]
    zone: str
    advertised_zone: str
    """The zone the customer wrote down (differs from ``zone`` when they pinned a wrong one)."""
    other_rph: int = DEFAULT_OTHER_RPH
    extra_levels: list[Level] = field(default_factory=list)

    @property
    def levels(self) -> list[Level]:
        """Every security level of the tenant (``Resources.userType``'s picklist)."""
        seen = {lv.id: lv for lv in (*BASE_LEVELS, ANALYTICS, *self.extra_levels,
                                     self.api_user.level)}  # fmt: skip
        return sorted(seen.values(), key=lambda lv: lv.id)

    @property
    def alert_creator(self) -> int:
        """The resource index of the RMM integration that opens alert tickets."""
        return 2


def _api_user(index: int, first: str, username: str, secret: str, code: str | None,
              level: Level) -> Resource:  # fmt: skip
    return Resource(RESOURCE_BASE + index, first, "API", username, username.lower(),
                    "API user", level, API_LICENSE, ROLES[5][0], DEPARTMENTS[2][0],
                    secret=secret, tracking_id=code)  # fmt: skip


def healthy_setup(config: SimConfig) -> Setup:
    """The API user seed 002 asks for, in the tenant's zone, beside three other integrations."""
    user = _api_user(1, "Analytics", config.username, config.secret, config.integration_code,
                     ANALYTICS)  # fmt: skip
    others = [
        _api_user(2, "Datto RMM", "rmm7h2k9x@NORTHWINDIT.COM", "rmm-secret",
                  "DATTORMMVENDOR0000000000002", API_SYSTEM),
        _api_user(3, "IT Glue", "itg4m8q1z@NORTHWINDIT.COM", "itg-secret",
                  "ITGLUEVENDOR000000000000003", API_SYSTEM),
        _api_user(4, "Work 365", "w365p3n6d@NORTHWINDIT.COM", "w365-secret",
                  WORK365_VENDOR_CODE, API_SYSTEM),
    ]  # fmt: skip
    return Setup(user, others, config.zone, config.zone)

"""A faithful simulated Teamwork.com site: ``create_app(SimConfig(...))``.

The site serves Projects (v3 ``/projects/api/v3/...json``, v1 at the root with ``X-Page``
headers), Desk v2 (``/desk/api/v2/...json``) and Spaces (``/spaces/api/v1/...``) from US and EU
hosts (by Host header or path prefix), with the central launchpad's OAuth 2.0 App Login Flow and
its PKCE variant, per-account rate limits and named scenarios for each way the seed-003
connection form is filled wrong (reference parts B-D). Its data is a pure function of the seed
(and ``as_of``); records are generated on demand. What it plays where the reference says
UNCONFIRMED is ``Readings`` (docs/simulator-teamwork.md lists each).
"""

from typing import TYPE_CHECKING

from ticketlake.sim.lazy import lazy_getattr
from ticketlake.sim.teamwork.config import (
    DEFAULT_API_KEY,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    DEFAULT_SITE,
    DEFAULT_TASKS,
    DEFAULT_TICKETS,
    PLANS,
    Readings,
    SimConfig,
)

if TYPE_CHECKING:
    from ticketlake.sim.teamwork.app import create_app
    from ticketlake.sim.teamwork.scenarios import SCENARIOS, Scenario
    from ticketlake.sim.teamwork.tenant import Tenant

_LAZY = {
    "create_app": ("app", "create_app"),
    "SCENARIOS": ("scenarios", "SCENARIOS"),
    "Scenario": ("scenarios", "Scenario"),
    "Tenant": ("tenant", "Tenant"),
}

__getattr__ = lazy_getattr(__name__, _LAZY)

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_PASSWORD",
    "DEFAULT_SEED",
    "DEFAULT_SITE",
    "DEFAULT_TASKS",
    "DEFAULT_TICKETS",
    "PLANS",
    "SCENARIOS",
    "Readings",
    "Scenario",
    "SimConfig",
    "Tenant",
    "create_app",
]

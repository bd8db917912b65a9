"""A faithful simulated Autotask PSA tenant: ``create_app(SimConfig(...))``.

The tenant serves Autotask's REST API (``/ATServicesRest/V1.0/...``) from one of several zones
on one host, with its quirks (reference part A): zone discovery, header auth with misleading
status codes, ``{"errors": [...]}`` bodies, the query filter grammar, pages of 500 whose
``nextPageUrl`` must be POSTed, picklists as strings, UDFs, the tenant-wide 10,000 requests
an hour shared with other integrations, 3 threads per tracking identifier and endpoint, and
named scenarios for each way the API-user setup of seed 002 goes wrong. Its data is a pure
function of the seed (and ``as_of``); tickets are generated on demand, so a million fit in
memory. What it plays where the reference says UNCONFIRMED is ``Readings``
(docs/simulator-autotask.md lists each).
"""

from typing import TYPE_CHECKING

from ticketlake.sim.autotask.config import (
    DEFAULT_INTEGRATION_CODE,
    DEFAULT_SECRET,
    DEFAULT_SEED,
    DEFAULT_TICKETS,
    DEFAULT_USERNAME,
    DEFAULT_ZONE,
    READING_NAMES,
    THRESHOLD,
    Readings,
    SimConfig,
)
from ticketlake.sim.lazy import lazy_getattr

if TYPE_CHECKING:
    from ticketlake.sim.autotask.app import create_app
    from ticketlake.sim.autotask.scenarios import SCENARIOS, Scenario
    from ticketlake.sim.autotask.tenant import Tenant
    from ticketlake.sim.autotask.truth import NAMES as TRUTH_NAMES
    from ticketlake.sim.autotask.zones import ZONES

_LAZY = {
    "create_app": ("app", "create_app"),
    "SCENARIOS": ("scenarios", "SCENARIOS"),
    "Scenario": ("scenarios", "Scenario"),
    "Tenant": ("tenant", "Tenant"),
    "TRUTH_NAMES": ("truth", "NAMES"),
    "ZONES": ("zones", "ZONES"),
}


__getattr__ = lazy_getattr(__name__, _LAZY)

__all__ = [
    "DEFAULT_INTEGRATION_CODE",
    "DEFAULT_SECRET",
    "DEFAULT_SEED",
    "DEFAULT_TICKETS",
    "DEFAULT_USERNAME",
    "DEFAULT_ZONE",
    "READING_NAMES",
    "SCENARIOS",
    "THRESHOLD",
    "TRUTH_NAMES",
    "ZONES",
    "Readings",
    "Scenario",
    "SimConfig",
    "Tenant",
    "create_app",
]

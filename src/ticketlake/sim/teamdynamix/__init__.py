"""A faithful simulated TeamDynamix (TDX) tenant: ``create_app(SimConfig(...))``.

The tenant serves the TDX Web API at ``/TDWebApi/api/...`` and ``/SBTDWebApi/api/...`` with
TDX's data quirks, JWT auth, per-method rate limits on a virtual clock, and named scenarios
that reproduce each way the setup guide can go wrong. Its data is a pure function of the seed
(and ``as_of``); tickets are generated on demand, so a million of them fit in memory.

Application-wide feed paging (``GET api/{appId}/tickets/feed``), OUR READING of an
UNCONFIRMED behaviour: the docs' descriptions of DateFrom/DateTo read inverted; we read
``DateFrom`` as the earliest bound (exclusive) and ``DateTo`` as the latest bound (inclusive).
Entries come newest first by LastUpdatedDate, at most ``ReturnCount`` (1-100, default 25) per
page. When more match, ``NextDateTo`` is the LastUpdatedDate of the first omitted entry and
the next page is asked with ``DateTo = NextDateTo`` (inclusive, so the omitted entry comes
back; entries at the boundary may repeat and clients de-duplicate by ID). ``NextDateTo`` is
null on the last page.

Status-change feed entries have ``UpdateType`` 2 and a body like
``Changed Status from "In Process" to "Resolved".`` optionally followed by ``<br/>`` and the
comment (our reading; UNCONFIRMED wording). See docs/simulator.md for every other reading.
"""

from typing import TYPE_CHECKING

from ticketlake.sim.lazy import lazy_getattr
from ticketlake.sim.teamdynamix.config import (
    DEFAULT_APP_ID,
    DEFAULT_BEID,
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    DEFAULT_TICKETS,
    DEFAULT_TIME_ZONE,
    DEFAULT_USERNAME,
    DEFAULT_WEB_SERVICES_KEY,
    SURVEY_REPORT_ID,
    TICKET_REPORT_ID,
    RateLimit,
    Readings,
    SimConfig,
)

if TYPE_CHECKING:
    from ticketlake.sim.teamdynamix.app import PREFIXES, create_app
    from ticketlake.sim.teamdynamix.ratelimit import DEFAULT_LIMITS
    from ticketlake.sim.teamdynamix.scenarios import SCENARIOS, Scenario
    from ticketlake.sim.teamdynamix.tenant import RequestRecord, Tenant, WriteRecord
    from ticketlake.sim.teamdynamix.truth import NAMES as TRUTH_NAMES

_LAZY = {
    "PREFIXES": ("app", "PREFIXES"),
    "create_app": ("app", "create_app"),
    "DEFAULT_LIMITS": ("ratelimit", "DEFAULT_LIMITS"),
    "SCENARIOS": ("scenarios", "SCENARIOS"),
    "Scenario": ("scenarios", "Scenario"),
    "RequestRecord": ("tenant", "RequestRecord"),
    "Tenant": ("tenant", "Tenant"),
    "WriteRecord": ("tenant", "WriteRecord"),
    "TRUTH_NAMES": ("truth", "NAMES"),
}


__getattr__ = lazy_getattr(__name__, _LAZY)

__all__ = [
    "DEFAULT_APP_ID",
    "DEFAULT_BEID",
    "DEFAULT_LIMITS",
    "DEFAULT_PASSWORD",
    "DEFAULT_SEED",
    "DEFAULT_TICKETS",
    "DEFAULT_TIME_ZONE",
    "DEFAULT_USERNAME",
    "DEFAULT_WEB_SERVICES_KEY",
    "PREFIXES",
    "SCENARIOS",
    "SURVEY_REPORT_ID",
    "TICKET_REPORT_ID",
    "TRUTH_NAMES",
    "RateLimit",
    "Readings",
    "RequestRecord",
    "Scenario",
    "SimConfig",
    "Tenant",
    "WriteRecord",
    "create_app",
]

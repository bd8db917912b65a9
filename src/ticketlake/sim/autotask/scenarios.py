"""Named scenarios: each reproduces one way the API-user setup of seed 002 goes wrong.

A scenario is state, not a switch in the endpoints: it sets up the API user (or the tenant)
the way a mistaken administrator would have, and the endpoints react to that state as
Autotask does (reference A1-A9). ``healthy`` is the user seed 002 asks for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ticketlake.sim.autotask.catalog import ROLES
from ticketlake.sim.autotask.config import SimConfig
from ticketlake.sim.autotask.levels import (
    ADMIN,
    ANALYTICS,
    API_SYSTEM,
    CRM,
    SERVICE_DESK,
    TECHNICIAN,
    TIMESHEET,
    Level,
    without,
)
from ticketlake.sim.autotask.setup import WORK365_VENDOR_CODE, Setup, healthy_setup
from ticketlake.sim.autotask.zones import ZONES
from ticketlake.sim.scenario import Scenario as GenericScenario

SETUP = "Setup connection to Autotask"
NEW_USER = "Creating a new API user"


Scenario = GenericScenario[Setup]


def _level(setup: Setup, level: Level) -> None:
    setup.api_user.level = level
    setup.extra_levels.append(level)


def _wrong_username(setup: Setup, config: SimConfig) -> None:
    setup.api_user.username = "tl" + config.username[2:].replace("@", "x@", 1)


def _wrong_secret(setup: Setup, config: SimConfig) -> None:
    setup.api_user.secret = config.secret + "-rotated"


def _wrong_tracking(setup: Setup, config: SimConfig) -> None:
    setup.api_user.tracking_id = WORK365_VENDOR_CODE


def _no_tracking(setup: Setup, config: SimConfig) -> None:
    setup.api_user.tracking_id = None


def _inactive(setup: Setup, config: SimConfig) -> None:
    setup.api_user.active = False


def _not_api_only(setup: Setup, config: SimConfig) -> None:
    # A technician's account (full license, UI access) given to the integration.
    user = setup.api_user
    user.license, user.role = 1, ROLES[0][0]
    _level(setup, TECHNICIAN)


def _without(section: str) -> Callable[[Setup, SimConfig], None]:
    return lambda setup, config: _level(setup, without(ANALYTICS, section))


def _wrong_zone(setup: Setup, config: SimConfig) -> None:
    setup.advertised_zone = next(z.key for z in ZONES if z.key != setup.zone)


def _busy(setup: Setup, config: SimConfig) -> None:
    setup.other_rph = 8_500


def _over_privileged(setup: Setup, config: SimConfig) -> None:
    _level(setup, API_SYSTEM)


def _writes(setup: Setup, config: SimConfig) -> None:
    _level(setup, replace(ANALYTICS, id=120, name="Analytics API User - edit (API-only)",
                          write=frozenset({SERVICE_DESK, TIMESHEET, CRM})))  # fmt: skip


SCENARIOS: dict[str, Scenario] = {s.name: s for s in (
    Scenario("healthy", "-", "the API user seed 002 asks for", "every read works",
             lambda setup, config: None),
    Scenario("busy_tenant", "-", "other integrations already use 8,500 of the 10,000 calls "
             "an hour", "ThresholdInformation shows the usage; latency grows; passing 10,000 "
             "suspends the whole tenant", _busy),
    Scenario("wrong_username", f"{NEW_USER}, step 4", "the user name given is not the API "
             "user's", "zoneInformation -> 500 'Zone information could not be determined'; "
             "every call -> 500", _wrong_username),
    Scenario("wrong_secret", f"{NEW_USER}, step 4", "the secret given is not the API user's",
             "every call -> 401", _wrong_secret),
    Scenario("wrong_tracking_identifier", f"{NEW_USER}, step 5", "the API user's tracking "
             "identifier is a listed vendor's (Work 365 Sync), not the code given",
             "every call -> 500", _wrong_tracking),
    Scenario("missing_tracking_identifier", f"{NEW_USER}, step 5", "no API Tracking "
             "Identifier set on the API user", "every call -> 500", _no_tracking),
    Scenario("inactive_api_user", f"{NEW_USER}, step 3", "the API user is inactive",
             "zone found; every call -> 401", _inactive),
    Scenario("not_api_only", f"{SETUP}, step 4", "a technician's login (security level "
             "'Technician', a full license) instead of an API-only user",
             "refused (401) or, with --reading not_api_only=allow, served; Resources shows "
             "the level and license", _not_api_only),
    Scenario("no_service_desk", f"{SETUP}, step 10", "the level's Service Desk section is "
             "'No Permission'", "Tickets, notes, history, SLA results: empty (or 500)",
             _without(SERVICE_DESK)),
    Scenario("no_timesheet", f"{SETUP}, step 12", "the level's Timesheet section is 'No "
             "Permission'", "TimeEntries: empty (or 500)", _without(TIMESHEET)),
    Scenario("no_crm", f"{SETUP}, step 8", "the level's CRM section is 'No Permission'",
             "Companies, Contacts: empty (or 500)", _without(CRM)),
    Scenario("no_admin", f"{SETUP}, step 13", "the level's Admin section is 'No "
             "Permission'", "Resources, Roles, Departments: empty (or 500)", _without(ADMIN)),
    Scenario("wrong_zone", "-", "the zone the customer pinned is not the tenant's",
             "the pinned zone -> 401 (or empty answers); zoneInformation names the right one",
             _wrong_zone),
    Scenario("over_privileged", f"{SETUP}, step 4", "the system level 'API User (system) "
             "(API-only)' itself, not a restricted copy", "everything readable and "
             "writable; Resources shows the system level", _over_privileged),
    Scenario("write_permissions", f"{SETUP}, steps 6-15", "a copy that may also create and "
             "edit tickets, time entries and CRM records", "entityInformation shows create and "
             "update access", _writes),
)}  # fmt: skip


def make_setup(config: SimConfig) -> Setup:
    """The healthy set-up changed as the config's scenario says."""
    if config.scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {config.scenario!r}; see --list-scenarios")
    setup = healthy_setup(config)
    SCENARIOS[config.scenario].apply(setup, config)
    if config.other_integrations_rph is not None:
        setup.other_rph = config.other_integrations_rph
    return setup

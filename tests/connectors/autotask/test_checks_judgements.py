"""How the Autotask checks judge what the tenant answered, where no simulator scenario goes:
an empty area that another area vouches for, an empty area nothing vouches for, a level
named by its picklists, or not, a discovery host that does not answer.

The area check reads counts and ``entityInformation`` through its context; here a stand-in
context answers from dictionaries, so each judgement is tested on the answer alone.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.pinned import CLOCK_START
from ticketlake.checks import CheckOptions, CheckStatus
from ticketlake.connectors.autotask.checks import areas, run_settings
from ticketlake.connectors.autotask.checks.context import Findings
from ticketlake.connectors.autotask.checks.level import picklist_label, user_level
from ticketlake.connectors.autotask.zone import forget_zones
from ticketlake.transport import FakeClock

from .checksim import DISCOVERY, settings


@dataclass
class Answers:
    """A context that answers counts and ``entityInformation`` from dictionaries."""

    counts: dict[str, int]
    access: dict[str, str] = field(default_factory=dict)
    on_tickets: int = 0
    found: Findings = field(default_factory=Findings)
    asked: list[str] = field(default_factory=list)

    async def count(self, entity: str, filters: Any = None) -> int:
        self.asked.append(f"count {entity}{' on tickets' if filters else ''}")
        return self.on_tickets if filters else self.counts.get(entity, 0)

    async def entity_info(self, entity: str) -> dict[str, Any]:
        self.asked.append(f"info {entity}")
        return {"userAccessForQuery": self.access.get(entity, "All")}


def judge(area: areas.Area, answers: Answers) -> Any:
    return asyncio.run(areas.check_area(answers, area))  # type: ignore[arg-type]


SERVICE_DESK_EMPTY = dict.fromkeys(areas.SERVICE_DESK.entities, 0)


def test_tickets_none_visible_though_time_is_logged_on_tickets_fail() -> None:
    answers = Answers(SERVICE_DESK_EMPTY, on_tickets=42)
    answers.found.counts["TimeEntries"] = 90
    outcome = judge(areas.SERVICE_DESK, answers)
    assert outcome.status is CheckStatus.FAIL
    assert outcome.summary == (
        "no tickets visible, although 42 time entries are logged on tickets: the security "
        "level's Service Desk section lets the API user see none"
    )
    assert outcome.step == 110


def test_tickets_none_visible_and_nothing_vouching_for_any_warns() -> None:
    outcome = judge(areas.SERVICE_DESK, Answers(SERVICE_DESK_EMPTY))
    assert outcome.status is CheckStatus.WARN
    assert outcome.summary.startswith("no tickets visible: the tenant has none, or the")
    assert outcome.impact == "no tickets, notes or status changes will be stored"


def test_no_company_visible_fails_every_tenant_has_its_own() -> None:
    outcome = judge(areas.CRM, Answers({"Companies": 0, "Contacts": 0}))
    assert outcome.status is CheckStatus.FAIL
    assert "although every tenant has its own company (ID 0)" in outcome.summary


def test_an_empty_entity_beside_a_full_one_fails_only_when_autotask_says_no_access() -> None:
    counts = {"Companies": 12, "Contacts": 0}
    assert judge(areas.CRM, Answers(counts)).status is CheckStatus.PASS
    closed = judge(areas.CRM, Answers(counts, access={"Contacts": "None"}))
    assert closed.status is CheckStatus.FAIL
    assert closed.summary.startswith("no contacts visible, and Autotask says")


def test_counts_read_as_words_singular_and_plural() -> None:
    outcome = judge(areas.ADMIN, Answers({"Resources": 1, "Roles": 6, "Departments": 1}))
    assert outcome.summary == "1 resource, 6 roles, 1 department visible"


def test_entity_information_is_read_only_for_what_came_back_empty() -> None:
    answers = Answers({"Companies": 12, "Contacts": 0})
    judge(areas.CRM, answers)
    assert answers.asked == ["count Companies", "count Contacts", "info Contacts"]


FIELDS = [
    {"name": "licenseType", "picklistValues": [{"value": "7", "label": "API User"}]},
    {"name": "userType", "picklistValues": [
        {"value": "8", "label": "API User (system) (API-only)"},
        {"value": "101", "label": "Northwind reporting"},
    ]},
]  # fmt: skip


def test_a_level_is_named_by_the_picklists_whose_values_are_strings() -> None:
    assert picklist_label(FIELDS, "licensetype", 7) == "API User"
    copy = user_level({"userType": 101, "licenseType": 7}, FIELDS)
    # A copy named without "(API-only)" (seed 002: "Work 365 API User") is API-only by its
    # license.
    assert (copy.level, copy.api_only, copy.system) == ("Northwind reporting", True, False)
    system = user_level({"userType": 8, "licenseType": 7}, FIELDS)
    assert system.system


def test_a_level_the_picklists_do_not_name_is_described_by_its_ids() -> None:
    unnamed = user_level({"userType": 55, "licenseType": 3}, [])
    assert unnamed.api_only is None
    assert unnamed.describe() == (
        "security level 55 (its name not readable) and license type 3 (its name not readable)"
    )


def test_a_discovery_host_that_does_not_answer_fails_the_zone_check_with_a_network_fix() -> None:
    forget_zones()

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    clock = FakeClock(CLOCK_START)
    options = CheckOptions(http_transport=httpx.MockTransport(refuse), clock=clock)
    report = asyncio.run(run_settings(settings(), options, lambda r: None))
    zone = report.checks[0]
    assert (zone.id, zone.status) == ("zone", CheckStatus.FAIL)
    assert zone.summary.startswith(f"no answer from {DISCOVERY}/:")
    assert "Let this machine reach Autotask over HTTPS" in zone.remediation
    assert zone.evidence[0].status is None
    assert {c.status for c in report.checks[1:]} == {CheckStatus.SKIPPED}

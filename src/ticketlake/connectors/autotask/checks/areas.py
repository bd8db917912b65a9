"""Each data area the streams read, readable and, where the tenant clearly has data, not empty.

The areas are seed 002's security-level sections (Service Desk, Timesheet, CRM, Admin). A
level restricted in a section does not answer 403: its queries find nothing, or answer 500
"...does not have the adequate permissions..." (reference A2, A9). So an empty answer is
judged with what else is known: ``entityInformation``'s ``userAccessForQuery`` when it says
"None", and data the tenant certainly has (its own company, the API user's own resource,
time entries logged on tickets). One count per entity, ``entityInformation`` only for an
entity that came back empty, one ticket's history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ticketlake.checks.commands import recheck
from ticketlake.checks.outcome import Outcome, failed, passed, warned
from ticketlake.connectors.autotask.checks.access import answered
from ticketlake.connectors.autotask.filters import exist
from ticketlake.errors import SourceError

if TYPE_CHECKING:
    from ticketlake.connectors.autotask.checks.context import CheckContext

LEVELS = "Admin, Account Settings & Users, Resources/Users (HR), Security Levels"
"""Where a security level is changed (seed 002, Security level steps 1-3)."""


@dataclass(frozen=True)
class Area:
    """A section of the security level and the entities of it the streams read."""

    id: str
    section: str
    listed: str
    """The entities as the check's title lists them."""
    entities: tuple[str, ...]
    step: int
    reads: str
    """What the section must let the API user view, for the fix."""
    without: str
    """What a sync without it lacks (the impact)."""
    certain: str = ""
    """Why the first entity cannot be empty in any tenant (empty: it can)."""

    @property
    def title(self) -> str:
        """``Admin: resources, roles and departments``."""
        return f"{self.section}: {self.listed}"

    @property
    def fix(self) -> str:
        """Grant view access in the section, then check again."""
        return (
            f"In Autotask open the API user's security level ({LEVELS}) and in its "
            f"{self.section} section let it view {self.reads}, nothing more; then run "
            + recheck()
            + "."
        )


ADMIN = Area(
    "admin", "Admin", "resources, roles and departments",
    ("Resources", "Roles", "Departments"), 113, "resources, roles and departments",
    "technicians and groups will be stored as ids, without names",
    certain="every tenant's resources include the API user itself",
)  # fmt: skip
SERVICE_DESK = Area(
    "service-desk", "Service Desk", "tickets, notes, categories, SLA results, deletions",
    ("Tickets", "TicketNotes", "TicketCategories", "ServiceLevelAgreementResults",
     "DeletedTicketLogs", "DeletedTicketActivityLogs"), 110,
    "all tickets, their notes and history",
    "no tickets, notes or status changes will be stored",
)  # fmt: skip
TIMESHEET = Area(
    "timesheet", "Timesheet", "time entries", ("TimeEntries",), 112, "time entries",
    "no worked hours will be stored: the worklog figures of the report will be empty",
)  # fmt: skip
CRM = Area(
    "crm", "CRM", "companies and contacts", ("Companies", "Contacts"), 108,
    "companies and contacts",
    "tickets' accounts and requesters will be stored as ids, without names",
    certain="every tenant has its own company (ID 0)",
)  # fmt: skip
AREAS = (ADMIN, TIMESHEET, SERVICE_DESK, CRM)
"""In the order they are checked: time entries before tickets, which they can vouch for."""
NONE = "none"
"""``userAccessForQuery`` of an entity the level may not query (our reading of the untyped
``RestUserAccessLevel``: any other value is taken as some access)."""


@dataclass(frozen=True)
class Seen:
    """What one entity's count found: rows, or Autotask's refusal."""

    count: int = 0
    refused: SourceError | None = None


async def _seen(ctx: CheckContext, entity: str) -> Seen:
    try:
        return Seen(await ctx.count(entity))
    except SourceError as exc:
        if exc.status in (401, 403, 404, 429) or exc.status is None:
            raise  # not a level's answer: the runner says what it is
        return Seen(refused=exc)


async def _closed(ctx: CheckContext, entity: str) -> bool:
    """Whether ``entityInformation`` says the level may not query ``entity``."""
    access = (await ctx.entity_info(entity)).get("userAccessForQuery")
    return isinstance(access, str) and access.strip().lower() == NONE


async def check_area(ctx: CheckContext, area: Area) -> Outcome:
    """Count every entity of ``area``; judge what is refused or empty."""
    seen = {e: await _seen(ctx, e) for e in area.entities}
    ctx.found.counts.update({e: s.count for e, s in seen.items() if s.refused is None})
    refused = {e: s.refused for e, s in seen.items() if s.refused is not None}
    if refused:
        exc = next(iter(refused.values()))
        return failed(
            f"Autotask refused {named(refused)} ({answered(exc)}): the security level's "
            f"{area.section} section does not let the API user read them",
            area.fix, area.step, impact=area.without,
        )  # fmt: skip
    closed = [e for e, s in seen.items() if s.count == 0 and await _closed(ctx, e)]
    if closed:
        return failed(
            f"no {named(closed)} visible, and Autotask says the security level may not "
            f"query them (entityInformation: userAccessForQuery None): its {area.section} "
            "section is No Permission",
            area.fix, area.step, impact=area.without,
        )  # fmt: skip
    return await _judge_counts(ctx, area, {e: s.count for e, s in seen.items()})


async def _judge_counts(ctx: CheckContext, area: Area, counts: Mapping[str, int]) -> Outcome:
    first = WORDS[area.entities[0]]
    if counts[area.entities[0]] > 0:
        return passed(f"{_counted(counts)} visible")
    if area.certain:
        return failed(
            f"no {first} visible, although {area.certain}: the security level's "
            f"{area.section} section lets the API user see none",
            area.fix, area.step, impact=area.without,
        )  # fmt: skip
    elsewhere = await _evidence_elsewhere(ctx, area)
    if elsewhere:
        return failed(
            f"no {first} visible, although {elsewhere}: the security level's {area.section} "
            "section lets the API user see none",
            area.fix, area.step, impact=area.without,
        )  # fmt: skip
    return warned(
        f"no {first} visible: the tenant has none, or the security level's {area.section} "
        "section lets the API user see none",
        area.fix, area.step, impact=area.without,
    )  # fmt: skip


async def _evidence_elsewhere(ctx: CheckContext, area: Area) -> str:
    """Data of another area that shows this one is not empty ("" when none does). Only
    tickets have such a witness: time entries logged on them. Tickets prove no time entries
    (a tenant may log none), and companies and resources are never empty."""
    if area is SERVICE_DESK and ctx.found.counts.get("TimeEntries"):
        on_tickets = await ctx.count("TimeEntries", [exist("ticketID")])
        if on_tickets:
            return f"{on_tickets:,} time entries are logged on tickets"
    return ""


def _counted(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n:,} {ONE.get(e, e) if n == 1 else WORDS.get(e, e)}"
                     for e, n in counts.items())  # fmt: skip


def named(entities: Iterable[str]) -> str:
    """``tickets, ticket notes and SLA results``."""
    return joined([WORDS.get(e, e) for e in entities])


def joined(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


WORDS = {
    "Resources": "resources", "Roles": "roles", "Departments": "departments",
    "Tickets": "tickets", "TicketNotes": "ticket notes", "TicketCategories": "ticket categories",
    "ServiceLevelAgreementResults": "SLA results", "DeletedTicketLogs": "ticket deletions",
    "DeletedTicketActivityLogs": "note and time entry deletions",
    "TimeEntries": "time entries", "Companies": "companies", "Contacts": "contacts",
}  # fmt: skip
"""Each entity as a person reads it (plural)."""
ONE = {
    "Resources": "resource", "Roles": "role", "Departments": "department", "Tickets": "ticket",
    "TicketNotes": "ticket note", "TicketCategories": "ticket category",
    "ServiceLevelAgreementResults": "SLA result", "DeletedTicketLogs": "ticket deletion",
    "DeletedTicketActivityLogs": "note or time entry deletion", "TimeEntries": "time entry",
    "Companies": "company", "Contacts": "contact",
}  # fmt: skip

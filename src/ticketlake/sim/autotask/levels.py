"""Security levels: which areas of Autotask a resource may read and change.

Seed 002 copies "API User (system) (API-only)" and restricts it section by section; what a
level lacks shows up as empty answers or 500s, not tidy 403s (reference A2, A9). The entity
areas follow the sections of seed 002 (Service Desk, Timesheet, CRM, Admin).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SERVICE_DESK, TIMESHEET, CRM, ADMIN = "Service Desk", "Timesheet", "CRM", "Admin"
SECTIONS = ("Contracts", CRM, "Inventory", SERVICE_DESK, "Documents & Knowledgebase",
            TIMESHEET, ADMIN, "Other", "Web Services API")  # fmt: skip
ENTITY_SECTION = {
    "Tickets": SERVICE_DESK, "TicketNotes": SERVICE_DESK, "TicketHistory": SERVICE_DESK,
    "TicketCategories": SERVICE_DESK, "ServiceLevelAgreementResults": SERVICE_DESK,
    "DeletedTicketLogs": SERVICE_DESK, "DeletedTicketActivityLogs": SERVICE_DESK,
    "TimeEntries": TIMESHEET, "Companies": CRM, "Contacts": CRM,
    "Resources": ADMIN, "Roles": ADMIN, "Departments": ADMIN,
}  # fmt: skip


@dataclass(frozen=True)
class Level:
    """A security level (``Resources.userType`` holds its ID)."""

    id: int
    name: str
    api_only: bool
    read: frozenset[str]
    write: frozenset[str] = frozenset()

    def can_read(self, entity: str) -> bool:
        """Whether the level may read the entity's section."""
        return ENTITY_SECTION.get(entity, "") in self.read

    def can_write(self, entity: str) -> bool:
        """Whether the level may create or change the entity."""
        return ENTITY_SECTION.get(entity, "") in self.write


ALL = frozenset(SECTIONS)
ADMINISTRATOR = Level(1, "Administrator", False, ALL, ALL)
TECHNICIAN = Level(3, "Technician", False, frozenset({SERVICE_DESK, TIMESHEET, CRM, ADMIN}),
                   frozenset({SERVICE_DESK, TIMESHEET}))  # fmt: skip
API_SYSTEM = Level(8, "API User (system) (API-only)", True, ALL, ALL)
API_NO_COSTS = Level(9, "API User (system) Can't Read Costs (API-only)", True, ALL, ALL)
ANALYTICS = Level(
    101,
    "Analytics API User (API-only)",
    True,
    frozenset({SERVICE_DESK, TIMESHEET, CRM, ADMIN, "Web Services API"}),
)
"""The copy seed 002 asks for: read-only in the sections the streams need."""
BASE_LEVELS = (ADMINISTRATOR, TECHNICIAN, API_SYSTEM, API_NO_COSTS)


def without(level: Level, section: str) -> Level:
    """The level with one section set to "No Permission"."""
    return replace(level, id=level.id + 1 + SECTIONS.index(section),
                   name=f"{level.name.removesuffix(' (API-only)')} - no {section} (API-only)",
                   read=level.read - {section})  # fmt: skip

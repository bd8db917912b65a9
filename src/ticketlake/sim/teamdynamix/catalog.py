"""The tenant's reference data: statuses, types, priorities, groups, accounts, attributes...

Fixed tables (the same for every seed; the seed varies people and tickets). IDs look like a
real tenant's (large, not starting at 1) so clients cannot get away with assuming otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

# StatusClass (TDX enum): None 0, New 1, InProcess 2, Completed 3, Cancelled 4, OnHold 5,
# Requested 6.
NEW, IN_PROCESS, COMPLETED, CANCELLED, ON_HOLD = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Status:
    """A ticket status of the ticketing application."""

    id: int
    name: str
    status_class: int
    order: float
    is_default: bool = False
    require_goes_off_hold: bool = False
    do_not_reopen: bool = False


STATUSES = (
    Status(2301, "New", NEW, 1.0, is_default=True),
    Status(2302, "In Process", IN_PROCESS, 2.0),
    Status(2303, "Awaiting Customer", ON_HOLD, 3.0),
    Status(2304, "On Hold", ON_HOLD, 4.0, require_goes_off_hold=True),
    Status(2305, "Resolved", COMPLETED, 5.0),
    Status(2306, "Closed", COMPLETED, 6.0, do_not_reopen=True),
    Status(2307, "Cancelled", CANCELLED, 7.0, do_not_reopen=True),
)
# Indexes into STATUSES used by the lifecycle.
S_NEW, S_IN_PROCESS, S_AWAITING, S_ON_HOLD, S_RESOLVED, S_CLOSED, S_CANCELLED = range(7)
STATUS_CLASS_NAMES = {0: "None", 1: "New", 2: "InProcess", 3: "Completed", 4: "Cancelled",
                      5: "OnHold", 6: "Requested"}  # fmt: skip


@dataclass(frozen=True)
class Group:
    """A support group (responsible group of tickets)."""

    id: int
    name: str
    description: str
    weight: float
    """Share of the ticket workload routed to this group."""
    tier: int
    speed: float
    """Multiplier on how long the group takes (1.0 = typical)."""


GROUPS = (
    Group(4411, "Service Desk", "First-line support for all IT requests", 0, 1, 0.8),
    Group(4412, "Desktop Support", "Workstations, laptops, peripherals", 0, 2, 1.1),
    Group(4413, "Network Operations", "Wired, wireless and VPN", 0, 2, 1.3),
    Group(4414, "Enterprise Applications", "ERP, LMS and business systems", 0, 2, 1.6),
    Group(4415, "Identity & Access", "Accounts, passwords, permissions", 0, 2, 0.7),
    Group(4416, "Information Security", "Security incidents and reviews", 0, 3, 1.8),
    Group(4417, "Facilities IT", "Classroom and building technology", 0, 2, 1.4),
    Group(4418, "Server & Storage", "Servers, storage, backups", 0, 3, 2.0),
)


@dataclass(frozen=True)
class TicketType:
    """A ticket type; ``group`` is the index of the group it is routed to."""

    id: int
    name: str
    category_id: int
    category_name: str
    classification: int
    group: int
    weight: float
    sla: bool
    form: int
    category_choices: tuple[int, ...]
    """Indexes into the Category attribute's choices typical for this type."""


INCIDENT, SERVICE_REQUEST = 32, 46
CLASSIFICATION_NAMES = {INCIDENT: "Incident", SERVICE_REQUEST: "Service Request", 33: "Problem"}
TYPES = (
    TicketType(5101, "Incident", 501, "IT Services", INCIDENT, 0, 30, True, 0, (0, 1, 2, 8)),
    TicketType(5102, "Service Request", 501, "IT Services", SERVICE_REQUEST, 0, 22, True, 0,
               (1, 4, 5, 8)),
    TicketType(5103, "Access Request", 502, "Accounts", SERVICE_REQUEST, 4, 10, True, 1, (3,)),
    TicketType(5104, "Hardware Issue", 503, "Devices", INCIDENT, 1, 12, True, 0, (0, 5)),
    TicketType(5105, "Software Issue", 501, "IT Services", INCIDENT, 3, 9, True, 0, (1, 4)),
    TicketType(5106, "Network / Connectivity", 504, "Infrastructure", INCIDENT, 2, 7, True, 0,
               (2,)),
    TicketType(5107, "Security Incident", 505, "Security", INCIDENT, 5, 3, True, 0, (6,)),
    TicketType(5108, "Classroom Technology", 506, "Facilities", SERVICE_REQUEST, 6, 4, False, 2,
               (7, 0)),
    TicketType(5109, "Server Request", 504, "Infrastructure", SERVICE_REQUEST, 7, 3, False, 0,
               (1, 2)),
)  # fmt: skip


@dataclass(frozen=True)
class Factor:
    """A priority, impact or urgency (PriorityFactors)."""

    id: int
    name: str
    order: float
    weight: float
    is_default: bool = False


PRIORITIES = (
    Factor(21, "Emergency", 1.0, 3),
    Factor(22, "High", 2.0, 15),
    Factor(23, "Medium", 3.0, 55, is_default=True),
    Factor(24, "Low", 4.0, 27),
)
IMPACTS = (
    Factor(31, "Affects Organization", 1.0, 2),
    Factor(32, "Affects Department", 2.0, 10),
    Factor(33, "Affects Group", 3.0, 18),
    Factor(34, "Affects User", 4.0, 70, is_default=True),
)
URGENCIES = (
    Factor(41, "High", 1.0, 15),
    Factor(42, "Medium", 2.0, 60, is_default=True),
    Factor(43, "Low", 3.0, 25),
)
SOURCES = (
    Factor(51, "Phone", 1.0, 18),
    Factor(52, "Email", 2.0, 30),
    Factor(53, "Client Portal", 3.0, 38),
    Factor(54, "Walk-in", 4.0, 6),
    Factor(55, "Chat", 5.0, 6),
    Factor(56, "Monitoring", 6.0, 2),
)
FORMS = (
    Factor(601, "IT General Ticket Form", 1.0, 0, is_default=True),
    Factor(602, "Access Request Form", 2.0, 0),
    Factor(603, "Classroom Technology Form", 3.0, 0),
)


@dataclass(frozen=True)
class Sla:
    """A service level agreement: respond and resolve targets in minutes."""

    id: int
    name: str
    respond_minutes: int
    resolve_minutes: int


SLAS = (  # one per priority, in PRIORITIES order
    Sla(701, "P1 - Emergency (15m / 4h)", 15, 240),
    Sla(702, "P2 - High (1h / 8h)", 60, 480),
    Sla(703, "P3 - Medium (4h / 3d)", 240, 4320),
    Sla(704, "P4 - Low (8h / 5d)", 480, 7200),
)

ACCOUNT_NAMES = (
    "Information Technology", "Human Resources", "Finance", "Registrar", "Admissions",
    "University Library", "Facilities Management", "School of Engineering",
    "School of Medicine", "College of Arts & Sciences", "School of Business", "School of Law",
    "Athletics", "Student Affairs", "Research Administration", "Dining Services",
    "Campus Police", "Alumni Relations", "Procurement", "Housing & Residence Life",
    "Student Health Services", "Office of the Provost", "Office of the President",
    "Marketing & Communications",
)  # fmt: skip
ACCOUNT_BASE_ID = 30101
ACCOUNT_WEIGHTS = tuple(max(1.0, 12.0 - i * 0.45) for i in range(len(ACCOUNT_NAMES)))


@dataclass(frozen=True)
class Building:
    """A location with rooms."""

    id: int
    name: str
    city: str
    rooms: tuple[tuple[int, str], ...]


def _rooms(base: int, names: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((base + i, n) for i, n in enumerate(names))


BUILDINGS = (
    Building(8801, "Adams Hall", "Ann Arbor", _rooms(88011, ("101", "102", "210", "B04"))),
    Building(8802, "Baker Library", "Ann Arbor", _rooms(88021, ("Main Desk", "2N", "3S"))),
    Building(8803, "Carver Science Center", "Ann Arbor", _rooms(88031, ("1200", "1310", "2150"))),
    Building(8804, "Dunmore Administration", "Ann Arbor", _rooms(88041, ("100", "300", "400"))),
    Building(8805, "Ellis Engineering Complex", "Ann Arbor", _rooms(88051, ("E101", "E220"))),
    Building(8806, "Franklin Student Union", "Ann Arbor", _rooms(88061, ("Atrium", "210"))),
    Building(8807, "Grant Medical Pavilion", "Ypsilanti", _rooms(88071, ("G1", "G2", "G3"))),
    Building(8808, "Hayes Athletic Center", "Ann Arbor", _rooms(88081, ("Office 12",))),
    Building(8809, "Irving Residence Hall", "Ann Arbor", _rooms(88091, ("Lobby", "4W"))),
    Building(8810, "Jefferson Law Building", "Ann Arbor", _rooms(88101, ("L100", "L205"))),
    Building(8811, "Kellogg Business School", "Ann Arbor", _rooms(88111, ("K1", "K2"))),
    Building(8812, "Lincoln Data Center", "Ypsilanti", _rooms(88121, ("Hall A", "NOC"))),
)


# CustomAttributeComponent (reference §6) of the objects whose attributes the tenant defines.
TICKET_COMPONENT, ACCOUNT_COMPONENT, PERSON_COMPONENT, LOCATION_COMPONENT = 9, 14, 31, 71


@dataclass(frozen=True)
class Attribute:
    """A custom attribute definition of one component (tickets unless said otherwise)."""

    id: int
    name: str
    field_type: str
    order: int
    choices: tuple[tuple[int, str], ...]
    component: int = TICKET_COMPONENT


def _choices(base: int, names: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((base + i, n) for i, n in enumerate(names))


CATEGORY, TIER, BUILDING, SERVICES, ASSET_TAG = range(5)
ATTRIBUTES = (
    Attribute(18375, "Category", "dropdown", 10, _choices(26190, (
        "Hardware", "Software", "Network", "Accounts & Access", "Email & Collaboration",
        "Printing", "Security", "Classroom Technology", "Other"))),
    Attribute(18376, "Tier", "hradio", 20, _choices(26210, ("Tier 1", "Tier 2", "Tier 3"))),
    Attribute(18377, "Building", "dropdown", 30,
              _choices(26220, tuple(b.name for b in BUILDINGS))),
    Attribute(18378, "Impacted Services", "checklist", 40, _choices(26240, (
        "Email", "VPN", "Wi-Fi", "Canvas LMS", "Banner ERP", "Zoom", "Printing"))),
    Attribute(18379, "Asset Tag", "textbox", 50, ()),
)  # fmt: skip
CAMPUS, SUPPORT_TIER, VIP = range(3)
PERSON_ATTRIBUTES = (
    Attribute(18401, "Campus", "dropdown", 10, _choices(26301, (
        "Main Campus", "Medical Campus", "East Campus", "Remote")), PERSON_COMPONENT),
    Attribute(18402, "Support Tier", "dropdown", 20,
              _choices(26311, ("Tier 1", "Tier 2", "Tier 3")), PERSON_COMPONENT),
    Attribute(18403, "VIP", "hradio", 30, _choices(26321, ("Yes", "No")), PERSON_COMPONENT),
    Attribute(18404, "Employee ID", "textbox", 40, (), PERSON_COMPONENT),
)  # fmt: skip
DIVISION = 0
ACCOUNT_ATTRIBUTES = (
    Attribute(18411, "Division", "dropdown", 10, _choices(26331, (
        "Academic", "Administrative", "Auxiliary", "Research")), ACCOUNT_COMPONENT),
    Attribute(18412, "Cost Center", "textbox", 20, (), ACCOUNT_COMPONENT),
)  # fmt: skip
ZONE = 0
LOCATION_ATTRIBUTES = (
    Attribute(18421, "Campus Zone", "dropdown", 10, _choices(26341, (
        "Central", "North", "Medical", "Off-site")), LOCATION_COMPONENT),
    Attribute(18422, "Network Closet", "textbox", 20, (), LOCATION_COMPONENT),
)  # fmt: skip
COMPONENT_ATTRIBUTES: dict[int, tuple[Attribute, ...]] = {
    TICKET_COMPONENT: ATTRIBUTES,
    PERSON_COMPONENT: PERSON_ATTRIBUTES,
    ACCOUNT_COMPONENT: ACCOUNT_ATTRIBUTES,
    LOCATION_COMPONENT: LOCATION_ATTRIBUTES,
}
"""Every component's definitions; org-level components (people, accounts, locations) are not
scoped to an application."""


@dataclass(frozen=True)
class TimeType:
    """A time type for time entries."""

    id: int
    name: str
    code: str
    billable: bool


TIME_TYPES = (
    TimeType(9101, "General Support", "GS", False),
    TimeType(9102, "Troubleshooting", "TS", False),
    TimeType(9103, "Onsite Visit", "ON", True),
    TimeType(9104, "Configuration", "CF", False),
    TimeType(9105, "Meeting", "MT", False),
    TimeType(9106, "Training", "TR", False),
)

CATALOG_EPOCH_TICKS = 15_149_376_000_000_000  # 2018-01-03: when the tenant was set up
"""Reference data was created around here; these dates carry 7 fractional digits."""

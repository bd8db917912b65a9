"""The tenant's reference data: picklists, queues, SLAs, roles, departments, categories, UDFs.

Fixed tables (the same for every seed; the seed varies companies, people and tickets). The
values and labels are ours: Autotask tenants define their own, and clients must read them from
``entityInformation/fields`` (where picklist values are strings) rather than assume any.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pick:
    """One picklist value; ``weight`` is how often generated records take it."""

    value: int
    label: str
    weight: float = 1.0
    parent: int | None = None
    is_default: bool = False
    is_system: bool = False
    active: bool = True


NEW, COMPLETE, IN_PROGRESS, WAITING_CUSTOMER, WAITING_VENDOR, CUSTOMER_NOTE = 1, 5, 8, 7, 12, 19
STATUSES = (
    Pick(NEW, "New", is_default=True, is_system=True),
    Pick(COMPLETE, "Complete", is_system=True),
    Pick(WAITING_CUSTOMER, "Waiting Customer"),
    Pick(IN_PROGRESS, "In Progress"),
    Pick(10, "Dispatched"),
    Pick(WAITING_VENDOR, "Waiting Vendor"),
    Pick(CUSTOMER_NOTE, "Customer Note Added", is_system=True),
)
PRIORITIES = (  # Autotask's own order: Critical is value 4
    Pick(4, "Critical", 3),
    Pick(1, "High", 17),
    Pick(2, "Medium", 55, is_default=True),
    Pick(3, "Low", 25),
)
QUEUES = (
    Pick(29682833, "Client Portal", 18),
    Pick(29683354, "Level I Support", 40),
    Pick(29683355, "Level II Support", 20),
    Pick(29683481, "Monitoring Alert", 12),
    Pick(29683486, "Escalations", 4),
    Pick(29683487, "Onboarding & Projects", 6),
)
ALERT_QUEUE, PORTAL_QUEUE = 3, 0
SOURCES = (
    Pick(2, "Phone", 24),
    Pick(4, "Email", 34),
    Pick(5, "Client Portal", 22),
    Pick(8, "Monitoring Alert", 12),
    Pick(11, "In Person/Onsite", 4),
    Pick(13, "Verbal", 4),
)
ALERT_SOURCE, PORTAL_SOURCE = 3, 2
TICKET_TYPES = (
    Pick(1, "Service Request", 45),
    Pick(2, "Incident", 38),
    Pick(3, "Problem", 3),
    Pick(4, "Change Request", 6),
    Pick(5, "Alert", 8),
)
ALERT_TYPE = 4
ISSUE_TYPES = (
    Pick(1, "Hardware", 20),
    Pick(2, "Software", 24),
    Pick(3, "Network", 14),
    Pick(4, "Email & Collaboration", 16),
    Pick(5, "Security", 7),
    Pick(6, "Accounts & Access", 13),
    Pick(7, "Printing", 6),
    Pick(8, "Backup & Recovery", 4),
)
SUB_ISSUE_TYPES = (
    Pick(101, "Laptop", parent=1), Pick(102, "Desktop", parent=1), Pick(103, "Server", parent=1),
    Pick(104, "Peripheral", parent=1), Pick(201, "Microsoft 365 Apps", parent=2),
    Pick(202, "Line of Business App", parent=2), Pick(203, "Operating System", parent=2),
    Pick(301, "Firewall", parent=3), Pick(302, "Wi-Fi", parent=3), Pick(303, "VPN", parent=3),
    Pick(304, "Internet Outage", parent=3), Pick(401, "Exchange Online", parent=4),
    Pick(402, "Teams", parent=4), Pick(403, "SharePoint", parent=4),
    Pick(501, "Phishing", parent=5), Pick(502, "Malware", parent=5),
    Pick(503, "MFA", parent=5), Pick(601, "New User", parent=6),
    Pick(602, "Password Reset", parent=6), Pick(603, "Offboarding", parent=6),
    Pick(701, "Printer", parent=7), Pick(702, "Scanner", parent=7),
    Pick(801, "Backup Failure", parent=8), Pick(802, "Restore Request", parent=8),
)  # fmt: skip
SUBS_OF = {t.value: tuple(k for k, s in enumerate(SUB_ISSUE_TYPES) if s.parent == t.value)
           for t in ISSUE_TYPES}  # fmt: skip
TITLES = {
    1: ("Laptop will not boot", "Replace failing hard drive", "Docking station not detected",
        "New PC setup for new hire", "Server fan alarm"),
    2: ("Outlook keeps crashing", "Install accounting software update", "Excel add-in missing",
        "Windows update failing", "QuickBooks cannot open company file"),
    3: ("Internet down at main office", "VPN will not connect", "Slow Wi-Fi in conference room",
        "Firewall firmware upgrade", "Cannot reach file server"),
    4: ("Mailbox full", "Shared calendar not syncing", "Teams meeting audio drops",
        "Add user to distribution list", "SharePoint site permissions"),
    5: ("Suspicious e-mail reported", "Malware detected on workstation", "MFA device lost",
        "Possible phishing click", "Security alert from EDR"),
    6: ("New employee onboarding", "Password reset", "Disable account for leaver",
        "Grant access to shared drive", "Account locked out"),
    7: ("Printer jammed", "Scan to e-mail not working", "Add network printer",
        "Toner low on copier", "Printer offline"),
    8: ("Backup job failed", "Restore deleted folder", "Backup disk nearly full",
        "Verify offsite replication", "Restore mailbox item"),
}  # fmt: skip


@dataclass(frozen=True)
class Sla:
    """A service level agreement: hours to first response, resolution plan and resolution,
    per priority (Critical, High, Medium, Low; calendar hours, our reading)."""

    value: int
    label: str
    first_response: tuple[float, float, float, float]
    plan: tuple[float, float, float, float]
    resolution: tuple[float, float, float, float]


SLAS = (
    Sla(1, "Standard SLA", (1, 2, 4, 8), (4, 8, 16, 24), (8, 24, 72, 120)),
    Sla(2, "Premium SLA", (0.25, 1, 2, 4), (2, 4, 8, 16), (4, 8, 24, 72)),
    Sla(3, "Monitoring Alert SLA", (0.5, 1, 2, 4), (2, 4, 8, 24), (4, 8, 24, 48)),
)
CATEGORIES = (  # (id, name, nickname, color, api only, global default)
    (2, "Standard", "STD", 11468718, False, True),
    (3, "Alert", "ALR", 16750899, False, False),
    (4, "Change Request", "CHG", 10092288, False, False),
    (5, "Recurring Maintenance", "RMT", 13434879, False, False),
    (100, "API Ticket", "API", 15658734, True, False),
)
NOTE_TYPES = (Pick(1, "General", is_default=True), Pick(2, "Internal Note"),
              Pick(3, "Resolution"), Pick(13, "Customer Reply"))  # fmt: skip
GENERAL_NOTE, INTERNAL_NOTE, RESOLUTION_NOTE, CUSTOMER_NOTE_TYPE = 1, 2, 3, 13
PUBLISH = (Pick(1, "All Autotask Users", is_default=True), Pick(2, "Internal Only"),
           Pick(4, "Internal & Co-Managed"))  # fmt: skip
TIME_ENTRY_TYPES = (Pick(2, "Service Desk Ticket", is_default=True, is_system=True),
                    Pick(6, "Regular Time", is_system=True))  # fmt: skip
BILLING_CODES = (  # work types: (id, name, billable)
    (29682801, "Remote Support", True),
    (29682802, "Onsite Support", True),
    (29682803, "After Hours Support", True),
    (29682804, "Internal Time", False),
)
ROLES = (  # (id, name, hourly rate, system)
    (29682833, "Help Desk Technician", 95.0, False),
    (29682834, "Systems Engineer", 145.0, False),
    (29682835, "Network Engineer", 150.0, False),
    (29682836, "Field Technician", 110.0, False),
    (29682837, "Service Manager", 165.0, False),
    (29682838, "Administrator", 0.0, True),
)
DEPARTMENTS = ((29682841, "Service Desk", "100"), (29682842, "Professional Services", "200"),
               (29682843, "Administration", "900"))  # fmt: skip
LICENSE_TYPES = (Pick(1, "Professional"), Pick(2, "Team Member"), Pick(3, "Co-Managed"),
                 Pick(7, "API User", is_system=True))  # fmt: skip
API_LICENSE = 7
COMPANY_TYPES = (Pick(1, "Customer", 80), Pick(2, "Lead", 4), Pick(3, "Prospect", 6),
                 Pick(4, "Dead", 3), Pick(6, "Cancellation", 3), Pick(7, "Vendor", 3),
                 Pick(8, "Partner", 1))  # fmt: skip
CONTACT_ACTIVE = (Pick(0, "Inactive"), Pick(1, "Active", is_default=True))
PERSON_TYPES = (Pick(1, "Resource"), Pick(2, "Contact"))  # creatorType, lastActivityPersonType


@dataclass(frozen=True)
class Udf:
    """A user-defined field: ``choices`` empty for text fields."""

    name: str
    choices: tuple[Pick, ...] = ()
    share: float = 0.5
    """How often a record has a value."""


UDFS: dict[str, tuple[Udf, ...]] = {
    "Tickets": (
        Udf("Root Cause", (Pick(1, "Hardware failure"), Pick(2, "User error"),
                           Pick(3, "Configuration change"), Pick(4, "Vendor outage"),
                           Pick(5, "Unknown")), 0.55),
        Udf("Customer PO", (), 0.15),
        Udf("Onsite Visit Required", (Pick(1, "Yes", 1), Pick(0, "No", 6)), 0.7),
    ),
    "Companies": (
        Udf("Contract Tier", (Pick(1, "Bronze"), Pick(2, "Silver"), Pick(3, "Gold")), 0.8),
        Udf("Account Manager", (), 0.6),
    ),
    "Contacts": (Udf("VIP", (Pick(1, "Yes", 1), Pick(0, "No", 9)), 0.9),),
}  # fmt: skip

"""Security roles, applications and permissions of the simulated organization.

Permission values are the names the setup guide (seed 000) uses; TDX documents
``User.Permissions`` as permission IDs without listing them, so the exact strings are our
reading (UNCONFIRMED).
"""

from __future__ import annotations

from dataclasses import dataclass

# Global permissions (seed 000, step 2).
VIEW_ALL_ACCOUNTS = "View All Accts/Depts"
VIEW_ALL_TYPES = "View All Types"
VIEW_PEOPLE = "View People from Accts/Depts"
VIEW_ACCOUNT_REQUESTS = "View all requests belonging to assigned Accts/Depts"
READ_PERMISSIONS = (VIEW_ALL_ACCOUNTS, VIEW_ALL_TYPES, VIEW_PEOPLE, VIEW_ACCOUNT_REQUESTS)
WRITE_PERMISSIONS = (
    "Create People", "Edit People", "Manage Groups", "Add/Edit Accts/Depts", "Import People",
    "Manage Security Roles", "Add BE Administrators",
)  # fmt: skip

# Standard (system-defined) applications, as named in User.Applications.
TD_NEXT, TD_PEOPLE, TD_TIME, TD_ADMIN, MY_WORK = (
    "TDNext",
    "TDPeople",
    "TDTimeExpense",
    "TDAdmin",
    "MyWork",
)


@dataclass(frozen=True)
class Role:
    """A security role: global (``app_id`` 0) or of one platform application."""

    id: str
    name: str
    license: str
    permissions: tuple[str, ...]
    is_admin: bool = False


ANALYTICS_ROLE = Role(
    "3a7c1e52-6b0d-4f1e-9a55-0c2b7d9e1f01",
    "CIO Analytics Security Role",
    "Technician + Reporting",
    READ_PERMISSIONS,
)
TECHNICIAN_ROLE = Role(
    "3a7c1e52-6b0d-4f1e-9a55-0c2b7d9e1f02",
    "Technician",
    "Technician",
    (*READ_PERMISSIONS, "Create People"),
)
ADMIN_ROLE = Role(
    "3a7c1e52-6b0d-4f1e-9a55-0c2b7d9e1f03",
    "Administrator",
    "Enterprise",
    (*READ_PERMISSIONS, *WRITE_PERMISSIONS),
)
CLIENT_ROLE = Role("3a7c1e52-6b0d-4f1e-9a55-0c2b7d9e1f04", "Client", "Client", ())
GLOBAL_ROLES = (ANALYTICS_ROLE, TECHNICIAN_ROLE, ADMIN_ROLE, CLIENT_ROLE)

# Roles inside the IT Tickets application (seed 000, step 1).
APP_ANALYTICS_ROLE = Role(
    "5e2d4b61-8c3a-4d7f-b1e9-6a0f2c4d8b11", "CIO Analytics Role", "Technician + Reporting", ()
)
APP_TECHNICIAN_ROLE = Role(
    "5e2d4b61-8c3a-4d7f-b1e9-6a0f2c4d8b12",
    "Technician",
    "Technician",
    ("Add Tickets", "Edit Tickets", "Assign Tickets"),
)
APP_ADMIN_ROLE = Role(
    "5e2d4b61-8c3a-4d7f-b1e9-6a0f2c4d8b13",
    "IT Tickets Administrator",
    "Technician",
    (
        "Add Tickets",
        "Edit Tickets",
        "Delete Tickets",
        "Assign Tickets",
        "Merge Tickets",
        "Manage Application",
    ),
    is_admin=True,
)
APP_ROLES = (APP_ANALYTICS_ROLE, APP_TECHNICIAN_ROLE, APP_ADMIN_ROLE)
ROLES_BY_ID = {r.id: r for r in (*GLOBAL_ROLES, *APP_ROLES)}


@dataclass(frozen=True)
class OrgApp:
    """A platform (organizationally defined) application: ticketing, assets, client portal."""

    id: int
    name: str
    type: str
    """``Ticketing``, ``Assets/CI``, ``Client Portal``, ``Standard`` or ``External``."""
    app_class: str
    description: str
    partial_url: str | None = None


@dataclass(frozen=True)
class AppLayout:
    """Which application IDs the tenant has, and which one is the IT ticketing app."""

    tickets: OrgApp
    others: tuple[OrgApp, ...]

    def all(self) -> tuple[OrgApp, ...]:
        """Every application, ticketing first."""
        return (self.tickets, *self.others)

    def by_id(self, app_id: int) -> OrgApp | None:
        """The application with this ID, if any."""
        return next((a for a in self.all() if a.id == app_id), None)


def app_layout(configured_id: int, ticketing_id: int) -> AppLayout:
    """The tenant's applications. When the ticketing app's real ID is not the configured one,
    the configured ID belongs to the Assets/CIs application (the classic wrong-app-ID mistake).
    """
    tickets = OrgApp(
        ticketing_id, "IT Tickets", "Ticketing", "TDTickets", "IT service requests and incidents"
    )
    assets_id = configured_id if ticketing_id != configured_id else configured_id + 2
    others = (
        OrgApp(
            configured_id + 1,
            "Client Portal",
            "Client Portal",
            "TDClient",
            "Self-service portal",
            partial_url="1965",
        ),
        OrgApp(assets_id, "Assets/CIs", "Assets/CI", "TDAssets", "Hardware and software assets"),
        OrgApp(
            configured_id + 4, "HR Tickets", "Ticketing", "TDTickets", "Human Resources requests"
        ),
        OrgApp(1, "TDNext", "Standard", TD_NEXT, "Technician application"),
        OrgApp(2, "TDPeople", "Standard", TD_PEOPLE, "People database"),
        OrgApp(3, "TDTimeExpense", "Standard", TD_TIME, "Time and expense"),
        OrgApp(4, "TDAdmin", "Standard", TD_ADMIN, "Administration"),
        OrgApp(5, "MyWork", "Standard", MY_WORK, "My Work"),
    )
    return AppLayout(tickets, others)

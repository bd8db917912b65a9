"""What the customer asks provisioning for, and what the setup guide (seed 000) asks of it."""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.connectors.teamdynamix.checks.privilege import UNNEEDED_APPS

GLOBAL_PERMISSIONS = (
    "View All Accts/Depts",
    "View All Types",
    "View People from Accts/Depts",
    "View all requests belonging to assigned Accts/Depts",
)
"""Step 2's permissions, by name (the IDs come from ``api/securityroles/permissions``)."""
TECHNICIAN_REPORTING = 9
"""``LicenseTypes.TechnicianWithReporting``: the guide's "Technician + Reporting" (steps 1-2)."""
PEOPLE_APP, TIME_APP = "TDPeople", "TDTimeExpense"
USER_TYPE = 1
"""New accounts are full users (``UserType.User``): the type ``SecurityRoleID`` is documented
for, and the only one the bulk methods change."""

# Placeholders for what earlier calls of the same apply create.
NEW_GLOBAL_ROLE = "<new global role>"
NEW_APP_ROLE = "<new application role>"
NEW_ACCOUNT = "<new account>"
PASSWORD = "<password>"  # noqa: S105 - a placeholder; the value is filled in at send time


@dataclass(frozen=True)
class Target:
    """The integration account the customer wants."""

    name: str
    """The connection to save."""
    base_url: str
    app_id: int
    time_zone: str
    """The tenant's time zone (the connection's ``timezone``)."""
    account_name: str = "CIO Analytics"
    username: str = "cioanalytics"
    global_role: str = "CIO Analytics Security Role"
    app_role: str = "CIO Analytics Role"
    acct_depts: tuple[int, ...] = ()
    time_entries: bool = True
    keep_excess: bool = False
    """Keep applications and administrator roles the integration does not need."""
    new_username: str | None = None
    """The user name of a new account when the named one cannot log in to the API."""

    @property
    def standard_apps(self) -> tuple[str, ...]:
        """The standard applications the reads need."""
        return (PEOPLE_APP, TIME_APP) if self.time_entries else (PEOPLE_APP,)

    @property
    def replacement_username(self) -> str:
        """The user name a new dedicated account gets when the named one is unusable."""
        return self.new_username or f"{self.username}-api"

    def excess_words(self) -> tuple[str, ...]:
        """Words naming applications the integration never reads (as the least-privilege
        check judges them)."""
        return UNNEEDED_APPS + (() if self.time_entries else ("time",))

    def names(self) -> tuple[str, str]:
        """(first, last) name of a new account from ``account_name``."""
        first, _, last = self.account_name.strip().partition(" ")
        return first or "Integration", last or "Service"

"""What an account may do, decided from its state the way TDX decides it.

Every refusal is a ``Denied`` carrying the HTTP status and TDX's error body message. TDX answers
401 both for bad credentials and for a permission the account lacks (docs overview).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ticketlake.sim.teamdynamix import roles
from ticketlake.sim.teamdynamix.people import Person
from ticketlake.sim.teamdynamix.roles import AppLayout

if TYPE_CHECKING:
    from ticketlake.sim.teamdynamix.rolebook import RoleBook

DENIED = "Authorization has been denied for this request."
"""ASP.NET Web API's message for a request without valid credentials."""


class ApiError(Exception):
    """An error response: HTTP status plus the ``Message`` of TDX's error body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Denied(ApiError):
    """A request the account may not make."""


def password_login(person: Person | None, password: str) -> Person:
    """The person a username/password login succeeds for, or ``Denied``."""
    if person is None or person.password is None or person.password != password:
        # SSO-only accounts have no TDX password; the API does not accept SSO logins.
        raise Denied(401, "Invalid username or password.")
    if not person.is_active:
        raise Denied(401, "This user account is not active.")
    if person.type_id not in (1, 9):
        raise Denied(401, "Only users and service accounts may use the Web API.")
    return person


def permissions(person: Person, book: RoleBook) -> list[str]:
    """The account's global permissions (the security role's unless edited)."""
    if person.permissions is not None:
        return list(person.permissions)
    role = book.global_role(person.security_role_id)
    return list(role.permissions) if role else []


def require_active(person: Person) -> None:
    """A token of a deactivated account stops working."""
    if not person.is_active:
        raise Denied(401, DENIED)


def require_standard_app(person: Person, app: str) -> None:
    """The account needs a standard application (TDPeople, TDTimeExpense...)."""
    if not person.key_admin and app not in person.applications:
        raise Denied(401, f"This action requires access to the {app} application.")


def require_key_admin(person: Person) -> None:
    """Only the key-based administrative service account may do this."""
    if not person.key_admin:
        raise Denied(401, "This action can only be performed by special key-based "
                          "administrative service accounts.")  # fmt: skip


def require_ticket_app(person: Person, apps: AppLayout, app_id: int) -> None:
    """The app must be a ticketing app of the tenant, and the account assigned to it."""
    app = apps.by_id(app_id)
    if app is None or app.type != "Ticketing":
        raise Denied(404, f"The application {app_id} does not exist or is not a ticketing "
                          "application.")  # fmt: skip
    if person.key_admin:
        return
    if not any(a == app_id for a, _ in person.org_apps):
        raise Denied(401, f"You do not have access to the {app.name} application.")


def visible_accounts(person: Person, book: RoleBook) -> set[int] | None:
    """Accts/Depts whose tickets the account sees; ``None`` = all of them."""
    if person.key_admin or roles.VIEW_ALL_ACCOUNTS in permissions(person, book):
        return None
    return person.member_accounts()


def require_feed(person: Person) -> None:
    """Reading ticket feeds needs the feed permission."""
    if not person.feed_visible:
        raise Denied(401, "You do not have permission to view the feed of this ticket.")


def require_permission(person: Person, permission: str, book: RoleBook) -> None:
    """A write needs the matching global permission (or the admin key account)."""
    if not person.key_admin and permission not in permissions(person, book):
        raise Denied(401, f"You do not have the '{permission}' permission.")

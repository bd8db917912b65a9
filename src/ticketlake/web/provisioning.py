"""A customer's "let ticketlake set up the account": the form's reading, and the plans shown
and awaiting approval.

The admin BEID and WebServicesKey are typed once, on the form that asks for the plan. They
are never written anywhere: they stay in this server's memory beside the plan they read, for
the approval of exactly that plan, and are forgotten when it is applied, replaced by a new
plan, abandoned, or after ``PENDING_TTL`` (whichever comes first). Only an explicit "save the
admin key" stores them, encrypted in the catalog like every secret.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ticketlake.provision import AdminKey, Plan, Target
from ticketlake.secret import Secret

PENDING_TTL = 15 * 60.0
"""How long a shown plan (and the admin key that read it) waits for approval."""

DEFAULTS = {
    "base_url": "",
    "app_id": "",
    "timezone": "America/New_York",
    "username": "cioanalytics",
    "account_name": "CIO Analytics",
    "acct_depts": "",
    "time_entries": "true",
    "save_admin": "",
}
"""The form's fields that are shown back (never the admin key or a password)."""


@dataclass(frozen=True)
class Setup:
    """What the customer asked for: the target, the admin key, whether to store the key."""

    target: Target
    key: AdminKey
    save_admin: bool


@dataclass(frozen=True)
class Pending:
    """A plan shown to a customer, awaiting approval, with the admin key that read it."""

    id: str
    invite_id: str
    setup: Setup
    plan: Plan
    expires_at: float


class PendingPlans:
    """At most one plan per invite awaiting approval, in memory only."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._by_invite: dict[str, Pending] = {}

    def put(self, invite_id: str, setup: Setup, plan: Plan) -> Pending:
        """Hold ``plan`` for approval (it replaces the invite's previous one)."""
        pending = Pending(secrets.token_hex(8), invite_id, setup, plan, self._clock() + PENDING_TTL)
        self._by_invite[invite_id] = pending
        return pending

    def get(self, invite_id: str, plan_id: str) -> Pending | None:
        """The invite's pending plan if it is ``plan_id`` and has not expired."""
        pending = self._by_invite.get(invite_id)
        if pending is not None and pending.expires_at <= self._clock():
            self.drop(invite_id)
            return None
        return pending if pending is not None and pending.id == plan_id else None

    def drop(self, invite_id: str) -> None:
        """Forget the invite's pending plan and its admin key."""
        self._by_invite.pop(invite_id, None)


def _one(data: Mapping[str, Sequence[str]], name: str) -> str:
    values = list(data.get(name, ()))
    return values[-1].strip() if values else ""


def shown(data: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The fields of a submission that may be shown back (checkboxes: the last value)."""
    return {k: (_one(data, k) if k in data else v) for k, v in DEFAULTS.items()}


def read(data: Mapping[str, Sequence[str]], connection: str) -> tuple[Setup | None, dict[str, str]]:
    """The customer's request for connection ``connection``, or the errors by field."""
    values, errors = shown(data), {}
    beid, key = _one(data, "admin_beid"), _one(data, "admin_key")
    if not values["base_url"]:
        errors["base_url"] = "required"
    if not values["app_id"].isdigit():
        errors["app_id"] = "the IT Tickets application's ID, a number"
    try:
        ZoneInfo(values["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = "an IANA time zone, e.g. America/Chicago"
    depts = [d.strip() for d in values["acct_depts"].split(",") if d.strip()]
    if not all(d.isdigit() for d in depts):
        errors["acct_depts"] = "Acct/Dept IDs, numbers separated by commas"
    for field, secret in (("admin_beid", beid), ("admin_key", key)):
        if not secret:
            errors[field] = "required (not stored unless you ask below)"
    if not values["username"]:
        errors["username"] = "required"
    if errors:
        return None, errors
    target = Target(
        connection, values["base_url"], int(values["app_id"]), values["timezone"],
        account_name=values["account_name"] or DEFAULTS["account_name"],
        username=values["username"], acct_depts=tuple(int(d) for d in depts),
        time_entries=values["time_entries"] == "true",
    )  # fmt: skip
    admin = AdminKey(Secret(beid), Secret(key))
    return Setup(target, admin, values["save_admin"] == "true"), {}

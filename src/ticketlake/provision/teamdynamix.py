"""``ticketlake provision teamdynamix``: plan with the admin key, apply on request, then save
the integration connection and prove it with the checks.

The admin BEID and WebServicesKey are used for this run only: they travel in ``AdminKey``
(``Secret`` values, masked when printed, redacted from every error) and are stored only when
the caller saves them itself (``--save-admin``).
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import httpx

from ticketlake.catalog import Action, Catalog, Connection, apply_edit, plan_edit, submit_new
from ticketlake.checks import CheckOptions, CheckReport, run_checks_async
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamdynamix.auth import TdxAuth
from ticketlake.connectors.teamdynamix.settings import ADMIN, PASSWORD, TdxSettings
from ticketlake.connectors.teamdynamix.settings import normalize_base_url as normalized
from ticketlake.connectors.teamdynamix.transport import HEADERS
from ticketlake.errors import ConfigError
from ticketlake.provision.account import cannot_log_in
from ticketlake.provision.apply import Applied, apply_plan
from ticketlake.provision.endpoints import ENDPOINTS
from ticketlake.provision.plan import Plan, make_plan
from ticketlake.provision.step import Step
from ticketlake.provision.survey import survey
from ticketlake.provision.target import TECHNICIAN_REPORTING, Target
from ticketlake.secret import Secret
from ticketlake.transport import Clock, RetryPolicy, Transport

NO_RETRY = RetryPolicy(transient_attempts=1)
"""A write that got no answer is not sent again: it may have happened (a second POST would
create a second account)."""


class PlanChanged(ConfigError):
    """The tenant changed since the plan was shown and approved: nothing was sent."""


@dataclass(frozen=True)
class AdminKey:
    """The key-based administrative service account's credentials."""

    beid: Secret
    web_services_key: Secret


@dataclass(frozen=True)
class Wiring:
    """How to reach the tenant (tests pass an in-process transport and a fake clock)."""

    clock: Clock | None = None
    http_transport: httpx.AsyncBaseTransport | None = None
    policy: NetworkPolicy = field(default_factory=NetworkPolicy)


def admin_transport(t: Target, key: AdminKey, wiring: Wiring) -> Transport:
    """A transport on provisioning's own allow-list, logged in with the admin key."""
    settings = TdxSettings(
        name=f"{t.name} (provisioning)", base_url=normalized(t.base_url), app_id=t.app_id,
        auth_mode=ADMIN, username=None, password=None, beid=key.beid,
        web_services_key=key.web_services_key, time_zone=ZoneInfo("UTC"),
    )  # fmt: skip
    return Transport(
        settings.base_url, ENDPOINTS, connection=settings.name, clock=wiring.clock,
        http_transport=wiring.http_transport, auth=TdxAuth(settings), retry=NO_RETRY,
        redact=[key.beid, key.web_services_key], headers=HEADERS,
    )  # fmt: skip


async def plan(t: Target, transport: Transport) -> Plan:
    """Read the tenant and compute the plan (a dry run writes nothing)."""
    found = await survey(
        transport, app_id=t.app_id, username=t.username, global_role=t.global_role,
        app_role=t.app_role, license_type=TECHNICIAN_REPORTING,
        alternate=t.replacement_username, unusable=cannot_log_in,
    )  # fmt: skip
    return make_plan(t, found)


async def read_plan(t: Target, key: AdminKey, wiring: Wiring) -> Plan:
    """Log in with the admin key, read the tenant, and compute the plan (writes nothing)."""
    async with admin_transport(t, key, wiring) as transport:
        return await plan(t, transport)


def generated_password(length: int = 24) -> Secret:
    """A strong random password with upper, lower, digit and symbol characters."""
    pools = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!#%+-=?@^_")
    chars = [secrets.choice(p) for p in pools]
    alphabet = "".join(pools)
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return Secret("".join(chars))


def auditor(
    catalog: Catalog, t: Target, actor: str | None = None
) -> Callable[[Step, str, int | None], None]:
    """Record each write in the catalog's audit log as ``actor``, on the connection ``t.name``
    (ahead of it when it is not saved yet); never a body: it may hold a password."""

    def record(step: Step, path: str, status: int | None) -> None:
        answer = f"HTTP {status}" if status is not None else "no answer"
        detail = f"teamdynamix {t.name}: {step.method} {path} -> {answer}: {step.why}"
        if catalog.exists(t.name):
            catalog.record(t.name, Action.PROVISIONED, detail, actor=actor)
        else:
            catalog.record_ahead(t.name, Action.PROVISIONED, detail, actor=actor)

    return record


@dataclass
class Result:
    """What an apply did: the plan, the writes, the plan after them, the saved connection and
    its check report."""

    before: Plan
    applied: Applied
    after: Plan
    connection: Connection | None
    report: CheckReport | None


async def apply_and_save(
    t: Target,
    key: AdminKey,
    catalog: Catalog,
    wiring: Wiring,
    *,
    password: Secret | None,
    approved: Plan | None = None,
    actor: str | None = None,
) -> Result:
    """Plan, apply, re-plan (the proof: nothing left to do), save the connection (no checks).

    ``password`` is the account's: needed for an existing account (the API cannot set one);
    for a new account a strong one is generated when none is given. ``approved``: the plan
    the customer saw; when the tenant changed since, nothing is sent (``PlanChanged``).
    ``actor``: who the audit log says ran it (``cli:NAME``, ``web:invite:ID``).
    """
    async with admin_transport(t, key, wiring) as transport:
        before = await plan(t, transport)
        if before.blocked:
            return Result(before, Applied(), before, None, None)
        if approved is not None and approved.steps != before.steps:
            raise PlanChanged(
                "the tenant changed since the plan was shown: nothing was sent",
                fix="look at the new plan and approve it again",
            )
        if before.new_account and password is None:
            password = generated_password()
        audit = auditor(catalog, t, actor)
        applied = await apply_plan(before, transport, password=password, audit=audit)
        after = await plan(t, transport)
    conn = save_connection(catalog, t, after, password, wiring.policy, actor)
    return Result(before, applied, after, conn, None)


async def apply_and_check(
    t: Target,
    key: AdminKey,
    catalog: Catalog,
    wiring: Wiring,
    *,
    password: Secret | None,
    approved: Plan | None = None,
) -> Result:
    """``apply_and_save``, then the checks on the saved connection (``Result.report``)."""
    result = await apply_and_save(t, key, catalog, wiring, password=password, approved=approved)
    if result.connection is not None:
        options = CheckOptions(clock=wiring.clock, http_transport=wiring.http_transport)
        result.report = await run_checks_async(result.connection, options)
    return result


def save_admin_key(
    catalog: Catalog, t: Target, key: AdminKey, policy: NetworkPolicy, actor: str | None = None
) -> Connection | None:
    """Store the admin key (encrypted) as connection ``NAME-admin``; ``None`` when a
    connection of that name exists already (it is never replaced)."""
    name = f"{t.name}-admin"
    if catalog.exists(name):
        return None
    values = {"base_url": t.base_url, "app_id": t.app_id, "auth_mode": ADMIN, "beid": key.beid,
              "web_services_key": key.web_services_key, "timezone": t.time_zone}  # fmt: skip
    return submit_new(catalog, "teamdynamix", name, values, policy=policy, actor=actor)


def save_connection(
    catalog: Catalog,
    t: Target,
    p: Plan,
    password: Secret | None,
    policy: NetworkPolicy,
    actor: str | None = None,
) -> Connection | None:
    """The integration connection, saved encrypted: created, or edited when the account or
    its password changed; kept as it is otherwise (and when the password is not known)."""
    values: dict[str, object] = {
        "base_url": t.base_url, "app_id": t.app_id, "auth_mode": PASSWORD,
        "username": p.username, "time_entries": t.time_entries, "timezone": t.time_zone,
    }  # fmt: skip
    if password is not None:
        values["password"] = password
    if not catalog.exists(t.name):
        return (
            submit_new(catalog, "teamdynamix", t.name, values, policy=policy, actor=actor)
            if password
            else None
        )
    current = catalog.get(t.name)
    if password is None or (current.settings.get("username") == p.username and not p.new_account
                            and "password" in current.secret_fields):  # fmt: skip
        return current
    edit = plan_edit(catalog, t.name, values, policy=policy)
    return apply_edit(catalog, edit, actor=actor) if edit.changed or edit.reentered else current

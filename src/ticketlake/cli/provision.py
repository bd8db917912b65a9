"""``ticketlake provision teamdynamix``: set up the integration account through the Web API.

A dry run by default: it reads the tenant with the admin service account's key and prints the
plan (what exists, the exact calls, how long they take at the limits). ``--apply`` sends them
after a confirmation (``--yes`` skips it), re-reads the account, saves the connection
(encrypted) and runs the checks on it. The admin BEID and WebServicesKey come from
``TICKETLAKE_ADMIN_BEID`` / ``TICKETLAKE_ADMIN_WEB_SERVICES_KEY`` or a hidden prompt, are used
for this run only, and are stored (encrypted, as connection ``NAME-admin``) only with
``--save-admin``. The existing account's password comes from ``TICKETLAKE_PASSWORD`` or a
hidden prompt (the API cannot set one); a new account gets a generated one.
"""

from __future__ import annotations

import asyncio
import os
from typing import Annotated

import typer

from ticketlake.catalog import open_catalog
from ticketlake.checks.verdict import save_report
from ticketlake.cli import onboarding_view as view
from ticketlake.cli import provision_view
from ticketlake.cli.spec_options import stdin_is_tty
from ticketlake.connectors.netguard import NetworkPolicy, UnsafeURL, guard_url
from ticketlake.errors import ConfigError
from ticketlake.provision import (
    AdminKey,
    Plan,
    Target,
    Wiring,
    apply_and_check,
    read_plan,
    save_admin_key,
)
from ticketlake.secret import Secret
from ticketlake.transport.timescale import time_scale

NEW_USER_HELP = "A new account's user name when USERNAME cannot use the API (USERNAME-api)."
KEEP_HELP = "Keep applications and admin roles the integration does not need."
GLOBAL_ROLE = "CIO Analytics Security Role"

app = typer.Typer(help="Set up a source's integration account through its admin API.")
Opt = typer.Option


def _secret(env: str, label: str) -> Secret:
    value = os.environ.get(env, "").strip()
    if not value and stdin_is_tty():
        value = typer.prompt(label, hide_input=True).strip()
    if not value:
        raise ConfigError(f"{label} is required", fix=f"set {env} or run on a terminal")
    return Secret(value)


def _plan(target: Target, key: AdminKey, wiring: Wiring) -> Plan:
    return asyncio.run(read_plan(target, key, wiring))


def _save_admin(target: Target, key: AdminKey, policy: NetworkPolicy) -> None:
    with open_catalog() as catalog:
        saved = save_admin_key(catalog, target, key, policy)
    if saved is None:
        raise ConfigError(
            f"a connection named {target.name}-admin exists: the admin key was not saved"
        )
    view.out().print(f"Admin key saved (encrypted) as connection {saved.name}.")


@app.command("teamdynamix")
def teamdynamix(
    name: Annotated[str, Opt(help="The connection to save for the integration account.")],
    base_url: Annotated[
        str, Opt(help="The Web API base: https://yourorg.teamdynamix.com/TDWebApi")
    ],
    app_id: Annotated[int, Opt(help="The IT Tickets application ID.")],
    timezone: Annotated[str, Opt(help="The tenant's time zone (IANA).")] = "America/New_York",
    account_name: Annotated[
        str, Opt(help="First and last name of a new account.")
    ] = "CIO Analytics",
    username: Annotated[str, Opt(help="The integration account's user name.")] = "cioanalytics",
    global_role: Annotated[str, Opt(help="The read-only global role (step 2).")] = GLOBAL_ROLE,
    app_role: Annotated[
        str, Opt(help="The IT Tickets application role (step 1).")
    ] = "CIO Analytics Role",
    acct_dept: Annotated[list[int] | None, Opt(help="An Acct/Dept to add (repeat).")] = None,
    new_username: Annotated[str | None, Opt(help=NEW_USER_HELP)] = None,
    no_time_entries: Annotated[
        bool, Opt("--no-time-entries", help="Leave TDTimeExpense out.")
    ] = False,
    keep_excess: Annotated[bool, Opt("--keep-excess", help=KEEP_HELP)] = False,
    apply: Annotated[
        bool, Opt("--apply", help="Send the plan's calls (default: a dry run).")
    ] = False,
    yes: Annotated[bool, Opt("--yes", help="Apply without asking.")] = False,
    save_admin: Annotated[
        bool, Opt("--save-admin", help="Store the admin key, encrypted.")
    ] = False,
    allow_insecure_localhost: Annotated[
        bool, Opt(help="Accept a loopback http URL (the simulator).")
    ] = False,
    allow_private_network: Annotated[bool, Opt(help="Accept a private-network base URL.")] = False,
    time_scale_value: Annotated[
        float | None,
        Opt("--time-scale", envvar="TICKETLAKE_TIME_SCALE", help="A simulator's time scale."),
    ] = None,
) -> None:
    """Set up the TeamDynamix integration account (plan first; --apply to change it)."""
    policy = NetworkPolicy(allow_insecure_localhost, allow_private_network)
    target = Target(name, base_url, app_id, timezone, account_name, username, global_role,
                    app_role, tuple(acct_dept or ()), not no_time_entries, keep_excess,
                    new_username)  # fmt: skip
    console = view.out()
    with view.reported():
        try:
            guard_url(base_url, policy)
        except UnsafeURL as exc:
            raise ConfigError(f"base URL {exc}") from None
        scale = time_scale(time_scale_value, warn=view.warn)
        wiring = Wiring(scale.clock_for(base_url) if scale else None, None, policy)
        beid = _secret("TICKETLAKE_ADMIN_BEID", "Admin BEID")
        key = AdminKey(beid, _secret("TICKETLAKE_ADMIN_WEB_SERVICES_KEY", "Admin WebServicesKey"))
        plan = _plan(target, key, wiring)
        provision_view.show_plan(console, plan)
        if plan.blocked:
            raise typer.Exit(1)
        if not apply:
            console.print("Dry run: nothing was changed. Run again with --apply to apply it.")
            return
        if plan.steps and not yes and not typer.confirm("Apply these changes?", default=False):
            raise typer.Exit(1)
        password = None if plan.new_account else _secret("TICKETLAKE_PASSWORD", "Account password")
        with open_catalog() as catalog:
            result = apply_and_check(target, key, catalog, wiring, password=password, approved=plan)
            outcome = asyncio.run(result)
            if outcome.report is not None:
                save_report(catalog, outcome.report)
        provision_view.show_result(console, outcome)
        if save_admin:
            _save_admin(target, key, policy)
    if outcome.report is not None:
        view.show_report(outcome.report, live=False)
        if not outcome.report.ok:
            raise typer.Exit(1)

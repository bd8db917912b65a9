"""``ticketlake connections list|show|edit|remove``: the saved connections.

``show`` never shows a secret, only whether it is set. ``edit`` changes fields with
``--set FIELD=VALUE``; secrets are re-entered, never edited in place, and must be re-entered
when a field that decides where or as whom they are sent changes (base URL, user name, auth
mode...): from ``TICKETLAKE_<FIELD>``, or a hidden prompt on a terminal.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ticketlake.catalog import Catalog, apply_edit, open_catalog, plan_edit
from ticketlake.catalog.records import SyncRun
from ticketlake.cli import onboarding_view as view
from ticketlake.cli import spec_options
from ticketlake.cli.spec_options import ask, env_name
from ticketlake.cli.sync import live_table
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.spec import ConnectionSpec
from ticketlake.errors import ConfigError, ValidationError
from ticketlake.store import open_store

app = typer.Typer(help="List, show, edit and remove saved connections.", no_args_is_help=True)


@app.command("list")
def list_connections() -> None:
    """Every saved connection with its latest check."""
    with view.reported(), open_catalog() as catalog:
        rows = catalog.summaries()
        checks = {r.name: view.last_check(catalog, r.name) for r in rows}
    if not rows:
        view.out().print(
            "No connections yet: add one with `ticketlake connect SOURCE --name NAME`."
        )
        return
    table = Table("name", "source", "created", "updated", "last check")
    for r in rows:
        table.add_row(
            Text(r.name),
            r.source,
            f"{r.created_at:%Y-%m-%d %H:%M}",
            f"{r.updated_at:%Y-%m-%d %H:%M}",
            checks[r.name],
        )
    view.out().print(table)


@app.command("show")
def show(name: Annotated[str, typer.Argument(help="The connection's name.")]) -> None:
    """A connection's settings (secrets only as set / not set), its latest check, its recent
    sync runs and audit trail."""
    with view.reported(), open_catalog() as catalog:
        conn = catalog.get(name)
        reports = catalog.history.reports(name, limit=1)
        runs = catalog.history.runs(name, limit=5)
        entries = catalog.audit_log(name, limit=5)
    view.show_connection(conn)
    console = view.out()
    if reports:
        view.show_last_check(console, reports[0])
    else:
        console.print(f"Not checked yet: `ticketlake check {name}`.")
    if runs:
        console.print(runs_table(runs))
        if runs[0].status == "running" and runs[0].progress:
            console.print(live_table(runs[0]))
    else:
        console.print(f"Never synced: `ticketlake sync {name}`.")
    for e in entries:
        console.print(Text(f"{e.at:%Y-%m-%d %H:%M} {e.actor} {e.action.value}: {e.detail}"))


def runs_table(runs: list[SyncRun]) -> Table:
    """Recent sync runs, newest first: when, outcome, how long, rows, calls, 429s, errors."""
    table = Table(
        "started (UTC)",
        "status",
        "duration",
        "rows",
        "calls",
        "429s",
        "errors",
        title="Recent syncs",
        title_justify="left",
    )
    for run in runs:
        table.add_row(
            f"{run.started_at:%Y-%m-%d %H:%M}",
            Text(run.status),
            _duration(run),
            f"{run.rows:,}",
            f"{run.calls:,}",
            f"{run.throttled:,}",
            f"{run.errors:,}",
        )
    return table


def _duration(run: SyncRun) -> str:
    if run.finished_at is None:
        return "-"
    seconds = max(0, round((run.finished_at - run.started_at).total_seconds()))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def _parse_sets(pairs: list[str], spec: ConnectionSpec) -> dict[str, object]:
    changes: dict[str, object] = {}
    errors: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            errors[pair.partition("=")[0] or "--set"] = "use --set FIELD=VALUE"
        elif key in spec.names and spec.field(key).secret:
            hint = env_name(spec.field(key))
            errors[key] = f"secrets are re-entered with --secret {key} (prompt or {hint})"
        else:
            changes[key] = value
    if errors:
        raise ValidationError(errors)
    return changes


def _secret_value(spec: ConnectionSpec, name: str) -> object:
    if name not in spec.names or not spec.field(name).secret:
        raise ValidationError({name: "not a secret field of this connection"})
    field = spec.field(name)
    value = os.environ.get(env_name(field))
    if value:
        return value
    if spec_options.stdin_is_tty():
        return ask(field, {})
    raise ValidationError({name: f"set {env_name(field)} or run on a terminal to be prompted"})


def _edit(
    catalog: Catalog,
    name: str,
    changes: dict[str, object],
    secrets: list[str],
    policy: NetworkPolicy,
    rename: str | None,
) -> None:
    spec = catalog.get(name).spec
    for secret in secrets:
        changes[secret.replace("-", "_")] = _secret_value(spec, secret.replace("-", "_"))
    edit = plan_edit(catalog, name, changes, policy=policy, new_name=rename)
    if edit.reenter:
        for field in edit.reenter:
            try:
                changes[field] = _secret_value(spec, field)
            except ValidationError:
                raise ValidationError(edit.reenter) from None
        edit = plan_edit(catalog, name, changes, policy=policy, new_name=rename)
    conn = apply_edit(catalog, edit)
    view.out().print(f"Saved connection {conn.name}.")
    if edit.signed_out:
        view.out().print(
            f"The stored sign-in was removed because {edit.signed_out}: sign in again with "
            f"`ticketlake authorize {conn.name}`."
        )
    view.show_connection(conn)
    view.out().print(f"Run `ticketlake check {conn.name}` to verify the change.")


@app.command("edit")
def edit(
    name: Annotated[str, typer.Argument(help="The connection's name.")],
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="FIELD=VALUE, repeatable; an empty VALUE clears an optional field."
        ),
    ] = None,
    secret: Annotated[
        list[str] | None,
        typer.Option(help="A secret FIELD to re-enter (from TICKETLAKE_<FIELD> or a prompt)."),
    ] = None,
    rename: Annotated[str | None, typer.Option(help="A new name for the connection.")] = None,
    allow_insecure_localhost: Annotated[bool, typer.Option(help="See `connect`.")] = False,
    allow_private_network: Annotated[bool, typer.Option(help="See `connect`.")] = False,
) -> None:
    """Change fields of a connection; secrets are re-entered, never shown."""
    policy = NetworkPolicy(
        allow_insecure_localhost=allow_insecure_localhost,
        allow_private_network=allow_private_network,
    )
    with view.reported(), open_catalog() as catalog:
        spec = catalog.get(name).spec
        with view.reported(spec):
            changes = _parse_sets(set_ or [], spec)
            _edit(catalog, name, changes, secret or [], policy, rename)


@app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The connection's name.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    purge_data: Annotated[
        bool | None,
        typer.Option(
            "--purge-data/--keep-data",
            help="Also delete the connection's rows from the data store, or keep them "
            "(default: asked on a terminal, kept otherwise).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Delete a connection, its secrets, reports and runs (the audit log keeps the record);
    its synced data stays in the store unless --purge-data."""
    with view.reported(), open_catalog() as catalog:
        saved = catalog.exists(name)
        stored = _in_store(name, purge=False)
        if not saved and not stored:
            catalog.get(name)  # the usual "no connection named ..." error
        purge = _decide_purge(name, saved, stored, yes=yes, purge_data=purge_data)
        if purge and stored:
            stored = _in_store(name, purge=True)
        if saved:
            catalog.remove(name)
    _say_removed(name, saved, stored, purged=purge)


def _in_store(name: str, *, purge: bool) -> dict[str, int]:
    """Rows per table the store holds for ``name``; deleted first when ``purge``. The store is
    open only for this, never while a question waits for an answer."""
    store = open_store()
    try:
        return store.purge(name) if purge else store.row_counts(name)
    finally:
        store.close()


def _decide_purge(
    name: str, saved: bool, stored: dict[str, int], *, yes: bool, purge_data: bool | None
) -> bool:
    """Ask what was not given: confirmation of the removal, and whether to delete the data."""
    if not saved and not purge_data:
        raise ConfigError(
            f"no saved connection named {name}, but the store holds its data "
            f"({data_summary(stored)})",
            fix=f"delete that data with `ticketlake connections remove {name} --purge-data`",
        )
    tty = spec_options.stdin_is_tty()
    if not yes:
        if not tty:
            raise ConfigError(f"removing {name} needs confirmation", fix="pass --yes")
        what = f"connection {name} and its secrets" if saved else f"the stored data of {name}"
        typer.confirm(f"Remove {what}?", abort=True)
    if purge_data is None and stored and tty and not yes:
        return typer.confirm(
            f"Also delete its data from the store ({data_summary(stored)})?", default=False
        )
    return bool(purge_data)


def _say_removed(name: str, saved: bool, stored: dict[str, int], *, purged: bool) -> None:
    console = view.out()
    if saved:
        console.print(f"Removed connection {name}.")
    if not stored:
        return
    if purged:
        console.print(f"Deleted its data from the store: {data_summary(stored)}.")
        return
    console.print(
        f"Kept its data in the store ({data_summary(stored)}): `ticketlake report {name}` "
        f"and `ticketlake query` still read it. Delete it with "
        f"`ticketlake connections remove {name} --purge-data`."
    )


def data_summary(counts: dict[str, int]) -> str:
    """``tickets 3,000, ticket_events 12,345, ...`` (rows per table)."""
    return ", ".join(f"{table} {rows:,}" for table, rows in counts.items())

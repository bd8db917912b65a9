"""``ticketlake vault status|rotate-key``: the master key that protects connection secrets."""

from __future__ import annotations

import typer
from rich.text import Text

from ticketlake import config
from ticketlake.catalog import open_catalog
from ticketlake.cli import onboarding_view as view
from ticketlake.vault import KeySource
from ticketlake.vault.keys import MASTER_KEY_ENV, NEW_MASTER_KEY_ENV

app = typer.Typer(help="The master key that encrypts connection secrets.", no_args_is_help=True)


@app.command("status")
def status() -> None:
    """Where the master key comes from, its id, and how many secrets it protects."""
    keys = KeySource(config.home())
    with view.reported(), open_catalog() as catalog:
        usage = catalog.key_usage()
        key_id = keys.keyring(create=False).current.key_id if keys.exists() else None
    console = view.out()
    console.print(f"Master key: {keys.describe()}" + ("" if key_id else " (not created yet)"))
    if key_id:
        console.print(f"Key id: {key_id}")
    for stored_id, count in usage.items():
        mark = "" if stored_id == key_id else "  <- not the key in use"
        console.print(Text(f"{count} secrets encrypted under key {stored_id}{mark}"))


@app.command("rotate-key")
def rotate_key() -> None:
    """Re-wrap every secret's data key with a new master key.

    With a key file, the new key is generated and replaces the file (back it up). With
    TICKETLAKE_MASTER_KEY, put the new key in TICKETLAKE_NEW_MASTER_KEY first, then move it
    into TICKETLAKE_MASTER_KEY after the rotation.
    """
    with view.reported(), open_catalog() as catalog:
        result = catalog.rotate_key()
    console = view.out()
    console.print(
        f"Re-wrapped {result.rewrapped} data keys: master key {result.old_key_id} -> "
        f"{result.new_key_id}."
    )
    if result.key_location == NEW_MASTER_KEY_ENV:
        console.print(
            f"Now set {MASTER_KEY_ENV} to the value of {NEW_MASTER_KEY_ENV} and unset "
            f"{NEW_MASTER_KEY_ENV}; the old key no longer opens the catalog."
        )
    else:
        console.print(
            f"The new key is in {result.key_location}; back it up. The old key no longer "
            "opens the catalog."
        )

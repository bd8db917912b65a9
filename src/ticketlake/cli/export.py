"""``ticketlake export``: a connection's canonical tables as Parquet or CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ticketlake.analytics.export import export_tables
from ticketlake.store import open_store

console = Console()


def export(
    name: Annotated[str, typer.Argument(help="The connection to export.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the files.")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
) -> None:
    """Write one file per canonical table (tickets, ticket_events, time_entries, ...) holding
    that connection's rows."""
    store = open_store()
    try:
        files = export_tables(store, name, out, fmt)
    finally:
        store.close()
    table = Table("table", "rows", "file", header_style="bold")
    for f in files:
        table.add_row(Text(f.table), f"{f.rows:,}", Text(str(f.path.resolve())))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``export`` to the ``ticketlake`` command."""
    app.command("export")(export)

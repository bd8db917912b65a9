"""``ticketlake report``: the self-contained HTML report of a connection's service desk."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from ticketlake.analytics.report import build_report
from ticketlake.catalog import open_catalog
from ticketlake.errors import ConfigError
from ticketlake.store import open_store

console = Console()
DAY = ["%Y-%m-%d"]


def report(
    name: Annotated[
        str | None, typer.Argument(help="The connection to report on.", show_default=False)
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the HTML file.")] = Path(
        "report.html"
    ),
    all_connections: Annotated[
        bool, typer.Option("--all", help="Report on every connection in the store together.")
    ] = False,
    since: Annotated[
        datetime | None,
        typer.Option(formats=DAY, help="First day (rounded down to its Monday)."),
    ] = None,
    until: Annotated[datetime | None, typer.Option(formats=DAY, help="Last day.")] = None,
    group: Annotated[
        str | None, typer.Option(help="Only tickets of this responsible group (by name).")
    ] = None,
) -> None:
    """Write a self-contained HTML report (works offline): volume, backlog, response and
    resolution times, SLA attainment, worklog hours and top categories."""
    if (name is None) == (not all_connections):
        raise ConfigError("give a connection name or --all (not both)")
    store = open_store()
    try:
        with open_catalog() as catalog:  # its latest checks: a visibility warning heads the report
            path = build_report(
                store,
                name,
                out,
                since.date() if since else None,
                until.date() if until else None,
                group,
                checks=catalog.history,
            )
    finally:
        store.close()
    console.print(
        Text.assemble(
            "Report written to ",
            (str(path.resolve()), "bold"),
            " (open it in any browser; works offline).",
        )
    )


def register(app: typer.Typer) -> None:
    """Add ``report`` to the ``ticketlake`` command."""
    app.command("report")(report)

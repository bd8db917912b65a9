"""``ticketlake query``: run SQL over the stored tables and metric views."""

from __future__ import annotations

import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from ticketlake.analytics.views import open_for_queries

console = Console()


def query(
    sql: Annotated[str, typer.Argument(help="The SQL to run (tables and metric views).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print every row as JSON.")] = False,
    limit: Annotated[int, typer.Option(help="Rows shown in the table (JSON shows all).")] = 200,
) -> None:
    """Run read-only SQL against the store (views such as ticket_facts and backlog_daily are
    installed first) and print a table, or JSON with --json."""
    store = open_for_queries()
    try:
        result = store.query(sql)
    finally:
        store.close()
    if as_json:
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        sys.stdout.write(orjson.dumps(rows, default=_json_value).decode() + "\n")
        return
    table = Table(*result.columns, header_style="bold")
    for row in result.rows[:limit]:
        table.add_row(*(_cell(v) for v in row))
    console.print(table)
    shown = min(limit, len(result.rows))
    more = f" (showing {shown}; --limit or --json for more)" if shown < len(result.rows) else ""
    console.print(f"{len(result.rows):,} row{'s' if len(result.rows) != 1 else ''}{more}")


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 1e15 else str(value)
    return str(value)


def register(app: typer.Typer) -> None:
    """Add ``query`` to the ``ticketlake`` command."""
    app.command("query")(query)

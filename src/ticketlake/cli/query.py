"""``ticketlake query``: run one SQL statement over the stored tables and metric views.

The statement cannot write or reach outside the store whatever it says
(:mod:`ticketlake.store.readonly`), and every value is printed as it is, never read as markup.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ticketlake import config
from ticketlake.analytics.views import open_for_queries
from ticketlake.cli.literal import cell
from ticketlake.errors import ConfigError
from ticketlake.store.locate import is_postgres
from ticketlake.store.readonly import reader_role_sql

console = Console()
OWNER_NOTE = (
    "note: this query runs as the store's owner role, which can also read the catalog's "
    "tables in the same schema (connection settings, encrypted secrets, the web app's signing "
    f"key); set {config.QUERY_DATABASE_URL_ENV} to a role that reads only the data "
    "(`ticketlake query --reader-sql` prints how to create it)."
)


def query(
    sql: Annotated[
        str | None,
        typer.Argument(help="One SQL statement (tables and metric views).", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every row as JSON.")] = False,
    limit: Annotated[int, typer.Option(help="Rows shown in the table (JSON shows all).")] = 200,
    reader_sql: Annotated[
        bool,
        typer.Option(
            "--reader-sql",
            help="Print the SQL creating a Postgres role that can only read the store, for "
            "TICKETLAKE_QUERY_DATABASE_URL.",
        ),
    ] = False,
) -> None:
    """Run one read-only SQL statement against the store (views such as ticket_facts and
    backlog_daily are installed first) and print a table, or JSON with --json."""
    if reader_sql:
        _print_reader_sql()
        return
    if sql is None:
        raise ConfigError(
            "give the SQL to run", fix='ticketlake query "SELECT count(*) FROM tickets"'
        )
    store = open_for_queries()
    if store.dialect == "postgres" and config.query_database_url() is None:
        Console(stderr=True).print(OWNER_NOTE, markup=False, highlight=False)
    try:
        result = store.user_query(sql)
    finally:
        store.close()
    if as_json:
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        sys.stdout.write(orjson.dumps(rows, default=_json_value).decode() + "\n")
        return
    table = Table(header_style="bold")
    for column in result.columns:
        table.add_column(Text(column))
    for row in result.rows[:limit]:
        table.add_row(*(cell(v) for v in row))
    if result.columns:
        console.print(table)
    shown = min(limit, len(result.rows))
    more = f" (showing {shown}; --limit or --json for more)" if shown < len(result.rows) else ""
    console.print(f"{len(result.rows):,} row{'s' if len(result.rows) != 1 else ''}{more}")


def _print_reader_sql() -> None:
    url = config.database_url()
    if not url or not is_postgres(url):
        raise ConfigError(
            "the embedded DuckDB store needs no reader role: `ticketlake query` opens it "
            "read-only, with file and network access switched off",
            fix=f"set {config.DATABASE_URL_ENV} to your Postgres store first",
        )
    sys.stdout.write(reader_role_sql(url) + "\n")


def _json_value(value: Any) -> Any:
    """What orjson cannot write itself: decimals as numbers, the rest (intervals, blobs) as
    their text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def register(app: typer.Typer) -> None:
    """Add ``query`` to the ``ticketlake`` command."""
    app.command("query")(query)

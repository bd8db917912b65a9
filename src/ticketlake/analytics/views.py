"""The metric views: SQL over the canonical tables, installed into a store.

Each view is one ``.sql`` file next to this module, written once for both DuckDB and Postgres.
The single exception is ``ticket_attributes`` (reading the attributes JSON), which has one file
per dialect (``ticket_attributes.duckdb.sql``, ``ticket_attributes.postgres.sql``); every metric
over custom attributes is built on that view, so each metric still has one definition.
"""

from __future__ import annotations

from importlib import resources

from ticketlake.errors import ConfigError
from ticketlake.model import DATA_TABLES, TABLES
from ticketlake.store import open_store
from ticketlake.store.base import Store
from ticketlake.store.readonly import grant_reads, open_reader

VIEWS: tuple[str, ...] = (
    "status_classes",
    "data_as_of",
    "ticket_state_changes",
    "ticket_open_periods",
    "ticket_open_days",
    "ticket_hours",
    "ticket_facts",
    "ticket_attributes",
    "age_buckets",
    "backlog_daily",
    "ticket_volume_daily",
    "ticket_volume_weekly",
    "time_entry_facts",
    "task_hours",
    "worklog_weekly",
    "sla_weekly",
    "group_load",
    "technician_load",
)
"""Every view, in dependency order (a view reads only tables and views listed before it)."""

DIALECTS = ("duckdb", "postgres")


def view_sql(name: str, dialect: str) -> str:
    """The ``CREATE VIEW`` statement of view ``name`` for ``dialect``."""
    if dialect not in DIALECTS:
        raise ConfigError(f"analytics views support {', '.join(DIALECTS)}, not {dialect!r}")
    if name not in VIEWS:
        raise KeyError(f"no analytics view named {name!r}")
    folder = resources.files("ticketlake.analytics")
    for filename in (f"{name}.{dialect}.sql", f"{name}.sql"):
        source = folder.joinpath(filename)
        if source.is_file():
            return source.read_text(encoding="utf-8")
    raise FileNotFoundError(f"the SQL of view {name!r} is missing from the package")


def install_views(store: Store) -> None:
    """Create (or re-create) every metric view in ``store``; idempotent.

    Views are dropped in reverse order first, so a changed definition replaces the old one
    even where ``CREATE OR REPLACE`` would refuse a changed column list (Postgres). On
    Postgres the tables' planner statistics are refreshed too: right after a sync they are
    stale, and the views' joins then get plans that take minutes instead of milliseconds.
    """
    if store.dialect == "postgres":
        store.execute(f"ANALYZE {', '.join(t.name for t in DATA_TABLES)}")
    for name in reversed(VIEWS):
        store.execute(f"DROP VIEW IF EXISTS {name} CASCADE")
    for name in VIEWS:
        store.execute(view_sql(name, store.dialect))


def open_for_queries(url: str | None = None) -> Store:
    """The store ``url`` names (default: the configured one) with the views installed, opened
    again to run a person's SQL with ``Store.user_query`` (:mod:`ticketlake.store.readonly`:
    DuckDB read-only and sealed; Postgres through ``TICKETLAKE_QUERY_DATABASE_URL`` when set,
    each statement alone in a read-only transaction)."""
    readable = [*TABLES, *VIEWS]
    store = open_store(url)
    try:
        install_views(store)
        grant_reads(store, readable)
    finally:
        store.close()
    return open_reader(url, readable)

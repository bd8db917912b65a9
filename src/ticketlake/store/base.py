"""The store interface: what every backend (DuckDB, Postgres) offers the rest of ticketlake.

A sync writes *batches* (``ticketlake.records.Batch``): rows for one or more canonical tables
plus the cursors of the streams those rows advance. A backend commits a batch in one
transaction, so a sync killed at any point resumes from the last committed cursor with nothing
lost and nothing duplicated (upserts on the table's key make replays idempotent).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import pyarrow as pa

from ticketlake.records import Batch, QueryResult


class Store(Protocol):
    """A data store holding the canonical tables."""

    url: str
    """Where the data lives, printable (no password)."""

    dialect: str
    """``duckdb`` or ``postgres``."""

    def migrate(self) -> None:
        """Create or upgrade the canonical schema (idempotent)."""

    def write(self, batch: Batch) -> None:
        """Apply deletes, upsert rows and save cursors in one transaction (all or nothing).

        Raises :class:`~ticketlake.errors.StoreError` (nothing committed) when the rows do not
        fit the model or the database refuses them."""

    def cursor(self, connection: str, stream: str) -> Any | None:
        """The last committed cursor of a stream, or ``None``."""

    def query(self, sql: str, params: Sequence[object] = ()) -> QueryResult:
        """Run read-only SQL and return its result.

        Parameters are ``$1, $2 ...`` on every dialect. Timestamps come back as UTC-aware
        datetimes, JSON columns as their text."""

    def user_query(self, sql: str) -> QueryResult:
        """Run exactly one statement a person typed, unable to write or to reach outside the
        store whatever it says (see :mod:`ticketlake.store.readonly`).

        Raises :class:`~ticketlake.errors.ConfigError` when the SQL holds no statement or
        more than one, :class:`~ticketlake.errors.StoreError` when the engine refuses it."""

    def purge(self, connection: str) -> dict[str, int]:
        """Delete every row of ``connection`` from every table in one transaction; returns the
        rows deleted per table (tables without any left out)."""

    def row_counts(self, connection: str) -> dict[str, int]:
        """Rows ``connection`` holds per table (tables without any left out)."""

    def execute(self, sql: str) -> None:
        """Run a DDL statement (used to install analytics views)."""

    def arrow(self, sql: str, params: Sequence[object] = ()) -> pa.Table:
        """Run SQL (``$n`` parameters) and return the result as an Arrow table (export, report)."""

    def close(self) -> None:
        """Release the connection (and the DuckDB file lock)."""

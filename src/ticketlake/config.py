"""Where ticketlake keeps its files, and which store it uses.

``$TICKETLAKE_HOME`` (default ``~/.ticketlake``) holds ``catalog.db`` (SQLite), ``data.duckdb``
and the master key file. ``TICKETLAKE_DATABASE_URL=postgresql://...`` moves catalog and data to
Postgres.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "TICKETLAKE_HOME"
DATABASE_URL_ENV = "TICKETLAKE_DATABASE_URL"
QUERY_DATABASE_URL_ENV = "TICKETLAKE_QUERY_DATABASE_URL"


def home() -> Path:
    """The ticketlake home folder, created (mode 0700) if missing."""
    path = Path(os.environ.get(HOME_ENV) or Path.home() / ".ticketlake").expanduser()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def database_url() -> str | None:
    """The Postgres URL when set, else ``None`` (the embedded default)."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    return url or None


def query_database_url() -> str | None:
    """The Postgres URL of a role that can only read the store (``ticketlake query``), or
    ``None``."""
    url = os.environ.get(QUERY_DATABASE_URL_ENV, "").strip()
    return url or None


def duckdb_path() -> Path:
    """The embedded data store file."""
    return home() / "data.duckdb"

"""Which store a URL names, and opening it.

- ``None``: ``$TICKETLAKE_DATABASE_URL`` when set, else the DuckDB file in ``$TICKETLAKE_HOME``;
- ``postgresql://...`` or ``postgres://...`` (optional ``?schema=name``, default ``public``);
- ``duckdb:///abs/path.duckdb``, ``duckdb://relative/path.duckdb``, ``duckdb:///:memory:``,
  or a plain file path; a query sets DuckDB options (``?memory_limit=300MB&threads=1``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

from ticketlake import config
from ticketlake.store.base import Store


def open_store(url: str | None = None, *, read_only: bool = False, migrate: bool = True) -> Store:
    """Open the store ``url`` names and (unless ``migrate`` is false) bring its schema up to date.

    Raises :class:`~ticketlake.errors.StoreError` when the store cannot be opened (a DuckDB file
    held by another process, an unreachable server).
    """
    url = url or config.database_url()
    store: Store
    if url and is_postgres(url):
        from ticketlake.store.postgres import PostgresStore  # psycopg only when asked for

        store = PostgresStore(url)
    else:
        from ticketlake.store.duckdb import DuckDBStore

        store = DuckDBStore(duckdb_path(url), read_only=read_only, settings=duckdb_settings(url))
    if migrate and not read_only:
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
    return store


def is_postgres(url: str) -> bool:
    """Whether ``url`` names a Postgres store."""
    return url.split(":", 1)[0] in ("postgresql", "postgres")


def duckdb_path(url: str | None) -> Path | str:
    """The DuckDB file a URL (or ``None``, the default file) names."""
    if not url:
        return config.duckdb_path()
    if url.startswith("duckdb:"):
        path = url.removeprefix("duckdb:").removeprefix("//").split("?", 1)[0]
        if path.lstrip("/") in ("", ":memory:"):
            return ":memory:"
        # duckdb:///abs/path (and duckdb:////abs/path) is absolute, duckdb://rel/path relative.
        return Path("/" + path.lstrip("/")) if path.startswith("/") else Path(path)
    return Path(url).expanduser()


def duckdb_settings(url: str | None) -> dict[str, str]:
    """DuckDB settings given as the URL's query (``?memory_limit=300MB&threads=1``)."""
    if not url or not url.startswith("duckdb:") or "?" not in url:
        return {}
    return dict(parse_qsl(url.split("?", 1)[1], keep_blank_values=True))

"""Running SQL a person typed (``ticketlake query``) so that it cannot write or reach outside
the store, whatever it says.

- **DuckDB**: the file is opened read-only, then external access is switched off (no file read
  or written by ``COPY``, ``read_csv``, ``ATTACH``, ``EXPORT``; no extension installed or
  loaded) and the configuration is locked, so no statement can switch it back on.
- **Postgres**: the statement runs alone inside a ``READ ONLY`` transaction that is always rolled
  back. Alone matters: a read-only transaction can be made read-write by a ``SET`` sent before
  any query, so a second statement could write. What a read-only transaction does not stop is
  what the connecting role may do besides writing tables: read the catalog's tables, which
  share the store's schema (the web app's signing key among them), or, as a superuser, read and
  write server files (``pg_read_file``, ``COPY ... TO 'file'``). Hence
  ``TICKETLAKE_QUERY_DATABASE_URL``: a role that can only log in (``reader_role_sql``), to which
  the store's owner grants ``SELECT`` on the canonical tables and metric views before each query
  (``grant_reads``), checked to be able to do nothing more (``reader_problems``).

Both engines count the statements with their own parser, without running anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ticketlake import config
from ticketlake.errors import ConfigError, StoreError
from ticketlake.store import sql
from ticketlake.store.locate import is_postgres, open_store

if TYPE_CHECKING:
    from ticketlake.store.base import Store

DUCKDB_SEAL = ("SET enable_external_access = false", "SET lock_configuration = true")
"""Run in this order after the connection's own settings: locked, nothing can undo them."""

READER_ROLE = "ticketlake_reader"
_EXAMPLE = 'ticketlake query "SELECT count(*) FROM tickets"'

# What the connecting role may do beyond reading the store's tables and views ($2), one row
# per finding.
_READER_PROBLEMS_SQL = """
SELECT 'is a superuser' FROM pg_roles WHERE rolname = current_user AND rolsuper
UNION ALL
SELECT 'may create roles' FROM pg_roles WHERE rolname = current_user AND rolcreaterole
UNION ALL
SELECT 'may create objects in schema ' || $1 WHERE has_schema_privilege($1, 'CREATE')
UNION ALL
SELECT 'may change ' || c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v')
  AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE')
       OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE'))
UNION ALL
SELECT 'may read ' || c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm')
  AND c.relname <> ALL($2::text[]) AND has_table_privilege(c.oid, 'SELECT')
UNION ALL
SELECT DISTINCT 'may act as role ' || r.rolname
FROM pg_roles r
WHERE r.rolname <> current_user AND pg_has_role(r.oid, 'MEMBER')
  AND (r.rolname IN ('pg_write_server_files', 'pg_read_server_files',
                     'pg_execute_server_program', 'pg_write_all_data', 'pg_read_all_data')
       OR r.oid IN (SELECT c.relowner FROM pg_class c JOIN pg_namespace n
                    ON n.oid = c.relnamespace WHERE n.nspname = $1))
"""


def check_statement_count(count: int) -> None:
    """Refuse SQL holding no statement, or more than one (counted by the engine's parser)."""
    if count == 0:
        raise ConfigError("the SQL holds no statement", fix=f"give one, e.g. {_EXAMPLE}")
    if count > 1:
        raise ConfigError(
            "the SQL holds more than one statement; `ticketlake query` runs exactly one, so "
            "that no result is silently dropped",
            fix="run each statement with its own `ticketlake query`",
        )


def query_url(data_url: str | None) -> str | None:
    """The URL ``ticketlake query`` connects with: ``TICKETLAKE_QUERY_DATABASE_URL`` when set
    (reading the schema of ``data_url``, whatever it names), else ``data_url``."""
    reader = config.query_database_url()
    if reader is None:
        return data_url
    if not data_url or not is_postgres(data_url):
        raise ConfigError(
            f"{config.QUERY_DATABASE_URL_ENV} is set but the store is not Postgres",
            fix=f"set {config.DATABASE_URL_ENV} to the Postgres store too, or unset "
            f"{config.QUERY_DATABASE_URL_ENV} (the embedded DuckDB store needs no reader role)",
        )
    parts = urlsplit(reader)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "schema"]
    query.append(("schema", schema_of(data_url)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def open_reader(data_url: str | None, readable: Sequence[str]) -> Store:
    """The store opened to run a person's SQL (:meth:`Store.user_query`): read-only, through
    the reader role when one is set, after checking it can read nothing but ``readable``."""
    data_url = data_url or config.database_url()
    target = query_url(data_url)
    store = open_store(target, read_only=True, migrate=False)
    if target is not None and config.query_database_url() is not None:
        try:
            require_reader(store, schema_of(target), readable)
        except BaseException:
            store.close()
            raise
    return store


def grant_reads(owner: Store, readable: Sequence[str]) -> None:
    """Grant the reader role (when one is set) ``SELECT`` on ``readable``, as the store's owner:
    views are re-created before each query, and lose their grants each time."""
    reader = config.query_database_url()
    if reader is None or owner.dialect != "postgres":
        return
    role = urlsplit(reader).username
    if not role:
        raise ConfigError(
            f"{config.QUERY_DATABASE_URL_ENV} names no role",
            fix=f"give it as postgresql://{READER_ROLE}@HOST/DATABASE",
        )
    names = ", ".join(sql.ident(name) for name in readable)
    owner.execute(f"GRANT SELECT ON {names} TO {sql.ident(role)}")


def schema_of(url: str) -> str:
    """The schema a Postgres store URL names (``?schema=``, default ``public``)."""
    return dict(parse_qsl(urlsplit(url).query)).get("schema", "public")


def reader_problems(store: Store, schema: str, readable: Sequence[str]) -> list[str]:
    """What the role ``store`` is connected as may do beyond reading ``readable`` in
    ``schema`` (empty: nothing)."""
    rows = store.query(_READER_PROBLEMS_SQL, [schema, list(readable)]).rows
    return [str(r[0]) for r in rows]


def require_reader(store: Store, schema: str, readable: Sequence[str]) -> None:
    """Refuse to run queries through a role that can do more than read the store's data."""
    problems = reader_problems(store, schema, readable)
    if problems:
        raise StoreError(
            f"the role in {config.QUERY_DATABASE_URL_ENV} can do more than read the store's "
            "data: " + "; ".join(problems),
            fix="give it a role that can only log in (`ticketlake query --reader-sql` prints "
            "how to create one; ticketlake grants it what it may read), or unset the variable",
        )


def reader_role_sql(data_url: str, role: str = READER_ROLE) -> str:
    """SQL (for psql) creating a role that can only log in to the store ``data_url`` names;
    ``ticketlake query`` grants it ``SELECT`` on the data tables and views (``grant_reads``)."""
    parts = urlsplit(data_url)
    schema = schema_of(data_url)
    database = parts.path.lstrip("/") or "postgres"
    quoted, db, ns = sql.ident(role), sql.ident(database), sql.ident(schema)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return "\n".join(
        (
            "-- CREATE ROLE needs the CREATEROLE privilege (or an administrator runs it);",
            f"-- the GRANTs run as the store's owner (the user in {config.DATABASE_URL_ENV}).",
            f"CREATE ROLE {quoted} LOGIN;",
            f"GRANT CONNECT ON DATABASE {db} TO {quoted};",
            f"GRANT USAGE ON SCHEMA {ns} TO {quoted};",
            "-- Nothing else: before each query, ticketlake (as the store's owner) grants it",
            "-- SELECT on the data tables and metric views, never on the catalog's tables.",
            f"-- Give it a password (psql: \\password {role}), then:",
            f"--   export {config.QUERY_DATABASE_URL_ENV}="
            f"'postgresql://{role}@{host}{port}/{database}?schema={schema}'",
        )
    )

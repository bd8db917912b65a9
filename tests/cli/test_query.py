"""``ticketlake query``: one SQL statement over tables and metric views, as a table or JSON,
unable to write or to reach outside the store, every value printed as it is."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import typer
from typer.testing import CliRunner

from tests.analytics import desk
from tests.analytics.filled import fill_default_store, local_cli
from ticketlake.catalog import open_catalog
from ticketlake.cli import query
from ticketlake.errors import ConfigError, StoreError
from ticketlake.records import Batch
from ticketlake.store import open_store
from ticketlake.store.readonly import READER_ROLE

runner = CliRunner()


@pytest.fixture
def cli() -> typer.Typer:
    return local_cli(query.register, desk)


def test_query_prints_a_table_of_a_metric_view(cli: typer.Typer) -> None:
    result = runner.invoke(
        cli, ["query", "SELECT ticket_id, reopen_count FROM ticket_facts ORDER BY ticket_id"]
    )
    assert result.exit_code == 0, result.output
    lines = [line.replace("┃", "│") for line in result.output.splitlines()]
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in lines if "│" in line]
    assert cells[0] == ["ticket_id", "reopen_count"]
    assert cells[1:] == [["1", "0"], ["2", "1"], ["3", "0"], ["4", "0"], ["5", "0"]]
    assert "5 rows" in result.output


def test_query_json_gives_every_row_with_typed_values(cli: typer.Typer) -> None:
    result = runner.invoke(
        cli,
        [
            "query",
            "--json",
            "SELECT day, SUM(open_tickets) AS open FROM backlog_daily GROUP BY day ORDER BY day",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0] == {"day": "2024-03-04", "open": 1}
    assert [r["open"] for r in rows] == [1, 2, 0, 1, 2, 2, 2, 1, 1, 1]


def test_query_limit_says_how_many_rows_it_left_out(cli: typer.Typer) -> None:
    result = runner.invoke(cli, ["query", "--limit", "2", "SELECT * FROM ticket_events"])
    assert result.exit_code == 0, result.output
    assert "9 rows (showing 2; --limit or --json for more)" in result.output


def test_query_cannot_write(cli: typer.Typer) -> None:
    result = runner.invoke(cli, ["query", "DELETE FROM tickets"])
    assert isinstance(result.exception, StoreError)
    store = open_store()
    try:
        assert store.query("SELECT COUNT(*) FROM tickets").rows == [(5,)]
    finally:
        store.close()


@pytest.mark.postgres
def test_query_cannot_write_on_postgres(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"{postgres_url}?schema=tl_query_{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("TICKETLAKE_DATABASE_URL", url)
    app = local_cli(query.register, desk)
    try:
        result = runner.invoke(app, ["query", "DELETE FROM tickets"])
        assert isinstance(result.exception, StoreError)
        assert "read-only transaction" in str(result.exception)
        shown = runner.invoke(app, ["query", "--json", "SELECT COUNT(*) AS n FROM ticket_facts"])
        assert json.loads(shown.stdout) == [{"n": 5}]
    finally:
        store = open_store(url)
        store.drop_schema()  # type: ignore[attr-defined]
        store.close()


def stored_tickets() -> int:
    store = open_store()
    try:
        return int(store.query("SELECT COUNT(*) FROM tickets").rows[0][0])
    finally:
        store.close()


def test_copy_to_a_file_is_refused_and_writes_nothing(cli: typer.Typer, tmp_path: Path) -> None:
    target = tmp_path / "stolen.csv"
    result = runner.invoke(cli, ["query", f"COPY tickets TO '{target}'"])
    assert isinstance(result.exception, StoreError)
    assert "file system operations are disabled" in str(result.exception)
    assert not target.exists()


def test_reading_a_file_outside_the_store_is_refused(cli: typer.Typer, tmp_path: Path) -> None:
    secret = tmp_path / "passwd.csv"
    secret.write_text("user,password\nroot,hunter2\n")
    for sql in (f"SELECT * FROM read_csv('{secret}')", f"SELECT * FROM '{secret}'"):
        result = runner.invoke(cli, ["query", "--json", sql])
        assert isinstance(result.exception, StoreError), sql
        assert "hunter2" not in result.output


@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("ATTACH '{dir}/other.duckdb' AS other", "file system operations are disabled"),
        ("EXPORT DATABASE '{dir}/dump'", "file system operations are disabled"),
        ("INSTALL httpfs", "file system operations are disabled"),
        ("LOAD httpfs", "Loading external extensions is disabled"),
        ("SET enable_external_access = true", "the configuration has been locked"),
        ("RESET enable_external_access", "the configuration has been locked"),
        ("SET lock_configuration = false", "the configuration has been locked"),
    ],
)
def test_no_statement_can_open_the_store_up_again(
    cli: typer.Typer, tmp_path: Path, sql: str, refusal: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    result = runner.invoke(cli, ["query", sql.format(dir=outside)])
    assert isinstance(result.exception, StoreError), result.output
    assert refusal in str(result.exception)
    assert list(outside.iterdir()) == []


def test_two_statements_are_refused_before_either_runs(cli: typer.Typer) -> None:
    result = runner.invoke(cli, ["query", "SELECT 1 AS first; SELECT 2 AS second"])
    assert isinstance(result.exception, ConfigError)
    assert "more than one statement" in str(result.exception)
    assert "second" not in result.output


@pytest.mark.parametrize("sql", ["", "   ", ";", "/* only a comment */"])
def test_an_empty_query_is_one_clear_error(cli: typer.Typer, sql: str) -> None:
    result = runner.invoke(cli, ["query", sql])
    assert isinstance(result.exception, ConfigError)
    assert "the SQL holds no statement" in str(result.exception)


def test_values_and_names_are_printed_literally_not_as_markup(cli: typer.Typer) -> None:
    store = open_store()
    try:
        store.write(Batch(desk.C, rows={"tickets": [{"id": 99, "title": "Printer [/] :x: jam"}]}))
    finally:
        store.close()
    sql = 'SELECT title AS "[bold]t[/]" FROM tickets WHERE id = 99'
    result = runner.invoke(cli, ["query", sql], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Printer [/] :x: jam" in result.output
    assert "[bold]t[/]" in result.output
    assert "\u274c" not in result.output  # the :x: emoji


def test_errors_quoting_sql_print_literally_through_the_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ticketlake.cli import main

    monkeypatch.setattr("sys.argv", ["ticketlake", "query", "SELEC '[/]'"])
    with pytest.raises(SystemExit) as exit_:
        main.main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "syntax error" in err
    assert "SELEC '[/]'" in err
    assert "Traceback" not in err


def test_reader_sql_is_for_postgres_only(cli: typer.Typer) -> None:
    result = runner.invoke(cli, ["query", "--reader-sql"])
    assert isinstance(result.exception, ConfigError)
    assert "DuckDB store needs no reader role" in str(result.exception)


@pytest.fixture
def pg_store(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A Postgres store in its own schema holding the desk, as the configured store."""
    url = f"{postgres_url}?schema=tl_query_{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("TICKETLAKE_DATABASE_URL", url)
    fill_default_store(desk)
    yield url
    store = open_store(url)
    store.drop_schema()  # type: ignore[attr-defined]
    store.close()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; DELETE FROM tickets",
        "SET transaction_read_only = off; DELETE FROM tickets",
        "COMMIT; DELETE FROM tickets",
    ],
)
def test_postgres_read_only_cannot_be_undone_by_the_query(pg_store: str, sql: str) -> None:
    app = local_cli(query.register)
    result = runner.invoke(app, ["query", sql])
    assert isinstance(result.exception, ConfigError)
    assert "more than one statement" in str(result.exception)
    assert stored_tickets() == 5


@pytest.mark.postgres
def test_postgres_single_statements_cannot_write_either(pg_store: str) -> None:
    app = local_cli(query.register)
    for sql in (
        "SET TRANSACTION READ WRITE",  # runs, inside a transaction that is rolled back
        "SELECT set_config('transaction_read_only', 'off', false)",
        "DO $$ BEGIN SET transaction_read_only = off; DELETE FROM tickets; END $$",
        "WITH gone AS (DELETE FROM tickets RETURNING id) SELECT count(*) FROM gone",
    ):
        runner.invoke(app, ["query", sql])
        assert stored_tickets() == 5, sql
    shown = runner.invoke(app, ["query", "--json", "SELECT COUNT(*) AS n FROM tickets"])
    assert json.loads(shown.stdout) == [{"n": 5}]


@pytest.mark.postgres
@pytest.mark.parametrize("sql", ["", "/* only a comment */"])
def test_postgres_empty_query_is_one_clear_error(pg_store: str, sql: str) -> None:
    result = runner.invoke(local_cli(query.register), ["query", sql])
    assert isinstance(result.exception, ConfigError)
    assert "the SQL holds no statement" in str(result.exception)


@pytest.fixture
def reader(pg_store: str, postgres_url: str) -> Iterator[str]:
    """A role made with the SQL ``query --reader-sql`` prints; its URL. The store's catalog
    (same schema) exists too."""
    open_catalog().close()
    role = f"tl_reader_{uuid.uuid4().hex[:10]}"
    printed = runner.invoke(local_cli(query.register), ["query", "--reader-sql"])
    assert printed.exit_code == 0, printed.output
    script = printed.stdout.replace(READER_ROLE, role)
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        for line in script.splitlines():
            if line and not line.startswith("--"):
                admin.execute(line)
    yield f"postgresql://{role}@{urlsplit(postgres_url).netloc.split('@')[-1]}/test"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"DROP OWNED BY {role}")
        admin.execute(f"DROP ROLE {role}")


@pytest.mark.postgres
def test_postgres_queries_run_through_a_reader_role_when_set(
    reader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TICKETLAKE_QUERY_DATABASE_URL", reader)
    app = local_cli(query.register)
    shown = runner.invoke(app, ["query", "--json", "SELECT COUNT(*) AS n FROM ticket_facts"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout) == [{"n": 5}]
    assert "note:" not in shown.stderr
    for sql, refusal in (
        ("SELECT pg_read_file('/etc/hostname')", "permission denied for function pg_read_file"),
        ("SELECT * FROM catalog_secrets", "permission denied for table catalog_secrets"),
    ):
        result = runner.invoke(app, ["query", sql])
        assert isinstance(result.exception, StoreError), sql
        assert refusal in str(result.exception)


@pytest.mark.postgres
def test_postgres_refuses_a_reader_that_may_read_the_catalog(
    reader: str, postgres_url: str, pg_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    role, schema = urlsplit(reader).username, pg_store.rsplit("=", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
    monkeypatch.setenv("TICKETLAKE_QUERY_DATABASE_URL", reader)
    result = runner.invoke(local_cli(query.register), ["query", "SELECT 1"])
    assert isinstance(result.exception, StoreError)
    assert "can do more than read the store's data: may read catalog_" in str(result.exception)


@pytest.mark.postgres
def test_postgres_refuses_a_query_role_that_can_do_more_than_read(
    pg_store: str, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TICKETLAKE_QUERY_DATABASE_URL", postgres_url)  # a superuser
    result = runner.invoke(local_cli(query.register), ["query", "SELECT 1"])
    assert isinstance(result.exception, StoreError)
    assert "can do more than read the store's data: is a superuser" in str(result.exception)
    assert "may change tickets" in str(result.exception)


@pytest.mark.postgres
def test_postgres_without_a_reader_role_says_what_the_query_may_read(pg_store: str) -> None:
    result = runner.invoke(local_cli(query.register), ["query", "SELECT 1 AS one"])
    assert result.exit_code == 0, result.output
    assert "note: this query runs as the store's owner role" in " ".join(result.stderr.split())

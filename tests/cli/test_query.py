"""``ticketlake query``: SQL over tables and metric views, as a table or JSON, never writing."""

from __future__ import annotations

import json
import uuid

import pytest
import typer
from typer.testing import CliRunner

from tests.analytics import desk
from tests.analytics.filled import local_cli
from ticketlake.cli import query
from ticketlake.errors import StoreError
from ticketlake.store import open_store

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

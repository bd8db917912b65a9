"""``ticketlake export``: one Parquet or CSV file per canonical table, one connection's rows."""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from tests.analytics import desk, synthetic
from tests.analytics.filled import local_cli
from ticketlake.cli import export
from ticketlake.errors import ConfigError
from ticketlake.model import DATA_TABLES
from ticketlake.records import arrow_schema

runner = CliRunner()


@pytest.fixture
def cli() -> typer.Typer:
    return local_cli(export.register, desk, synthetic)


def test_parquet_has_a_file_per_table_with_only_that_connection(
    cli: typer.Typer, tmp_path: Path
) -> None:
    result = runner.invoke(
        cli, ["export", desk.C, "--format", "parquet", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{t.name}.parquet" for t in DATA_TABLES
    )
    tickets = pq.read_table(tmp_path / "out" / "tickets.parquet")
    assert tickets.schema == arrow_schema("tickets")
    assert sorted(tickets.column("id").to_pylist()) == [1, 2, 3, 4, 5]
    assert set(tickets.column("connection").to_pylist()) == {desk.C}
    assert pq.read_table(tmp_path / "out" / "ticket_events.parquet").num_rows == len(desk.EVENTS)


def test_csv_export_writes_header_and_rows(cli: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["export", synthetic.C, "--format", "csv", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    people = pacsv.read_csv(tmp_path / "out" / "people.csv")
    assert people.column_names == arrow_schema("people").names
    assert people.num_rows == len(synthetic.PEOPLE)


def test_unknown_format_is_refused(cli: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["export", desk.C, "--format", "xlsx", "--out", str(tmp_path / "out")]
    )
    assert isinstance(result.exception, ConfigError)
    assert not (tmp_path / "out").exists()


def test_unknown_connection_writes_nothing(cli: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "globex", "--out", str(tmp_path / "x")])
    assert isinstance(result.exception, ConfigError)
    assert "stored: acme, northwind" in str(result.exception)
    assert not (tmp_path / "x").exists()

"""``ticketlake report``: writes the HTML report of a connection, with filters."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.analytics import desk, ledger, synthetic
from tests.analytics.filled import local_cli
from tests.catalog.samples import tdx_submission
from ticketlake.catalog import open_catalog
from ticketlake.cli import report
from ticketlake.errors import ConfigError

runner = CliRunner()


@pytest.fixture
def cli() -> typer.Typer:
    return local_cli(report.register, desk, synthetic)


def test_report_of_a_connection(cli: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    result = runner.invoke(cli, ["report", desk.C, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Report written to" in result.output
    html = out.read_text()
    assert "Service desk report · acme" in html
    assert "5 tickets created (4 a week) and 3 resolved in 10 days." in html


def test_report_filters_by_dates_and_group(cli: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    args = ["report", desk.C, "--out", str(out), "--since", "2024-03-11", "--until", "2024-03-12"]
    result = runner.invoke(cli, [*args, "--group", "Network"])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "11 Mar 2024 – 12 Mar 2024 · group Network" in html
    assert "1 ticket created (4 a week) and 2 resolved in 2 days." in html


def test_report_of_all_connections(cli: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", "--all", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "Service desk report · all connections" in html
    assert "04 Mar 2024" not in html  # the range starts with the synthetic desk in January


def test_report_needs_a_connection_or_all(cli: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["report", "--out", str(tmp_path / "r.html")])
    assert isinstance(result.exception, ConfigError)
    assert not (tmp_path / "r.html").exists()


def test_report_rejects_a_malformed_date(cli: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["report", desk.C, "--since", "March 3rd"])
    assert result.exit_code == 2
    assert "Invalid value for '--since'" in result.output


def test_since_after_the_data_names_the_data_not_an_until_nobody_gave(
    cli: typer.Typer, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", desk.C, "--out", str(out), "--since", "2027-01-01"])
    assert isinstance(result.exception, ConfigError)
    message = str(result.exception)
    assert "--until" not in message
    assert message.startswith("--since 2027-01-01 is after the last activity stored (2024-")
    assert not out.exists()


def test_report_prints_where_it_wrote_as_an_absolute_path_literally(
    cli: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "[red]out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    result = runner.invoke(cli, ["report", desk.C, "--out", "r.html"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert f"Report written to {folder / 'r.html'} (open it" in result.output


def test_report_heads_with_the_latest_checks_visibility_warning(tmp_path: Path) -> None:
    cli = local_cli(report.register, ledger)
    with open_catalog() as catalog:
        catalog.create(ledger.C, tdx_submission())
        warned = {"id": "visibility", "status": "warn", "summary": "the account sees 89 tickets"}
        catalog.history.save_report(ledger.C, {"checks": [warned]}, ok=True)
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", ledger.C, "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "The integration account sees only part of the tickets of ledger" in html
    assert "The last check warned: the account sees 89 tickets." in html

"""``ticketlake sync``: flags or catalog, the summary in JSON, errors as one clean message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from ticketlake.cli import sync as sync_cli
from ticketlake.sync.run import run_sync
from ticketlake.transport import FakeClock

from .tdxfake import NOW, FakeTdx

FLAGS = ["--base-url", "http://tdx.test/TDWebApi", "--app-id", "627", "--username", "svc"]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> tuple[typer.Typer, FakeTdx]:
    """The sync command with the fake tenant behind the transport."""
    tdx = FakeTdx(tickets=30)

    async def fake_run_sync(*args: Any, **kw: Any) -> Any:
        kw |= {"http_transport": tdx.transport(), "clock": FakeClock(NOW)}
        return await run_sync(*args, **kw)

    monkeypatch.setattr(sync_cli, "run_sync", fake_run_sync)
    app = typer.Typer()
    sync_cli.register(app)
    app.command("noop")(lambda: None)  # two commands, so ``sync`` is a subcommand
    return app, tdx


def test_json_prints_the_summary(cli: tuple[typer.Typer, FakeTdx], tmp_path: Path) -> None:
    app, _ = cli
    store = f"duckdb:///{tmp_path / 'd.duckdb'}"
    env = {"TICKETLAKE_PASSWORD": "pw"}
    result = CliRunner().invoke(app, ["sync", "flags", "--json", "--store", store, *FLAGS], env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["ok"] is True
    assert summary["rows"]["tickets"] >= 30
    assert summary["stored"]["tickets"] == 30  # written by two streams, held once
    assert summary["throttled"] == 0
    assert summary["connection"] == "flags"
    assert "pw" not in json.dumps(summary["endpoints"])


def test_the_human_output_shows_plan_and_summary(
    cli: tuple[typer.Typer, FakeTdx], tmp_path: Path
) -> None:
    app, _ = cli
    store = f"duckdb:///{tmp_path / 'd.duckdb'}"
    result = CliRunner().invoke(
        app, ["sync", "flags", "--store", store, *FLAGS], env={"TICKETLAKE_PASSWORD": "pw"}
    )
    assert result.exit_code == 0, result.output
    for heading in ("Plan", "Rows", "in the store", "Calls", "elapsed"):
        assert heading in result.output


def test_an_unknown_connection_says_how_to_make_one(cli: tuple[typer.Typer, FakeTdx]) -> None:
    app, _ = cli
    result = CliRunner().invoke(app, ["sync", "nowhere"])
    assert result.exit_code != 0
    assert "no connection named 'nowhere'" in str(result.exception)


def test_a_failed_sync_exits_non_zero_with_the_cause(
    cli: tuple[typer.Typer, FakeTdx], tmp_path: Path
) -> None:
    app, _ = cli
    store = f"duckdb:///{tmp_path / 'd.duckdb'}"
    result = CliRunner().invoke(
        app,
        ["sync", "flags", "--json", "--store", store, *FLAGS],
        env={"TICKETLAKE_PASSWORD": "wrong"},
    )
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["ok"] is False
    assert "refused the credentials" in summary["error"]
    assert "wrong" not in result.stdout


@pytest.mark.parametrize(
    ("base_url", "scaled"),
    [("http://127.0.0.1:8750/TDWebApi", True), ("https://acme.teamdynamix.com/TDWebApi", False)],
)
def test_the_time_scale_applies_to_a_loopback_simulator_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, base_url: str, scaled: bool
) -> None:
    tdx = FakeTdx(tickets=5)
    clocks: list[object] = []

    async def fake_run_sync(*args: Any, **kw: Any) -> Any:
        clocks.append(kw["clock"])
        kw |= {"http_transport": tdx.transport(), "clock": FakeClock(NOW)}
        return await run_sync(*args, **kw)

    monkeypatch.setattr(sync_cli, "run_sync", fake_run_sync)
    app = typer.Typer()
    sync_cli.register(app)
    app.command("noop")(lambda: None)
    store = f"duckdb:///{tmp_path / 'd.duckdb'}"
    flags = ["--base-url", base_url, "--app-id", "627", "--username", "svc"]
    env = {"TICKETLAKE_PASSWORD": "pw", "TICKETLAKE_TIME_SCALE": "60"}
    result = CliRunner().invoke(app, ["sync", "flags", "--json", "--store", store, *flags],
                                env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    [clock] = clocks
    if scaled:
        assert getattr(clock, "scale", None) == 60.0
        assert "ignored" not in result.stderr
    else:
        assert clock is None  # real time against a real tenant
        assert result.stderr.count("TICKETLAKE_TIME_SCALE=60 is ignored for") == 1

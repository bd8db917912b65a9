"""``ticketlake sync``: flags or catalog, the summary in JSON, errors as one clean message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from ticketlake.cli import sync as sync_cli
from ticketlake.sync.plan import Plan
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
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


def summary_at(scale: float, elapsed: float, wall: float) -> SyncSummary:
    endpoints = {"GET api/{appId}/tickets/{id}": {"calls": 2850.0, "throttled": 0.0,
                 "retries": 0.0, "wait_seconds": 46_380.0}}  # fmt: skip
    return SyncSummary(connection="acme", run_id="r1", full=False, started_at="", planned=Plan(),
                       actual=Plan(), rows={}, endpoints=endpoints, streams=(),
                       elapsed_seconds=elapsed, wall_seconds=wall, time_scale=scale)  # fmt: skip


def caption_and_headers(summary: SyncSummary) -> tuple[str, list[str]]:
    calls = sync_cli.summary_table(summary)[-1]
    return str(calls.caption), [str(c.header) for c in calls.columns]


def test_a_scaled_sync_shows_wall_clock_time_beside_simulated_time() -> None:
    caption, _ = caption_and_headers(summary_at(60.0, 4_200.0, 71.0))
    assert "elapsed 1 h 10 min simulated (1 min 11 s wall-clock at 60x)" in caption
    caption, _ = caption_and_headers(summary_at(1.0, 4_200.0, 4_200.0))
    assert "elapsed 1 h 10 min" in caption
    assert "simulated" not in caption


def test_budget_waits_are_labelled_as_sums_over_calls() -> None:
    caption, headers = caption_and_headers(summary_at(60.0, 4_200.0, 71.0))
    assert "budget wait (sum over calls)" in headers
    assert "calls wait side by side, so the sum can exceed the elapsed time" in caption


def test_a_failed_login_is_said_once_and_points_at_the_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ticketlake.catalog import open_catalog
    from ticketlake.sync import saved

    from ..catalog.samples import tdx_submission

    with open_catalog() as catalog:
        catalog.create("acme", tdx_submission(password="not-the-password"))
    tdx = FakeTdx(tickets=5)

    async def fake_run_sync(*args: Any, **kw: Any) -> Any:
        kw |= {"http_transport": tdx.transport(), "clock": FakeClock(NOW)}
        return await run_sync(*args, **kw)

    monkeypatch.setattr(saved, "run_sync", fake_run_sync)
    app = typer.Typer()
    sync_cli.register(app)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["sync", "acme", "--store", f"duckdb:///{tmp_path / 'd.db'}"])
    assert result.exit_code != 0
    message = str(result.exception)
    assert message.startswith("the sync of acme stopped: could not log in, so no stream can run")
    assert message.count("refused the credentials") == 1
    assert "run `ticketlake check acme` to see which setting or permission fails" in message
    assert "Streams" not in result.output  # no table repeating it per stream
    assert tdx.calls("POST", "api/auth") == 1

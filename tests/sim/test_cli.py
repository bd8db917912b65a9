"""``ticketlake sim teamdynamix`` (the command's own behaviour; serving is tested in-process)."""

from __future__ import annotations

from typer.testing import CliRunner

from ticketlake.cli.sim import app
from ticketlake.sim.teamdynamix import SCENARIOS


def test_list_scenarios_names_every_scenario() -> None:
    result = CliRunner().invoke(app, ["teamdynamix", "--list-scenarios"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in SCENARIOS:
        assert name in result.output


def test_unknown_scenario_is_refused_before_generating() -> None:
    result = CliRunner().invoke(app, ["teamdynamix", "--scenario", "nope", "--tickets", "5"])
    assert result.exit_code != 0
    assert "unknown scenario" in str(result.exception)


def test_autotask_lists_every_scenario() -> None:
    from ticketlake.sim.autotask import SCENARIOS as AUTOTASK

    result = CliRunner().invoke(app, ["autotask", "--list-scenarios"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in AUTOTASK:
        assert name in result.output


def test_autotask_refuses_unknown_scenarios_and_readings_before_generating() -> None:
    runner = CliRunner()
    scenario = runner.invoke(app, ["autotask", "--scenario", "nope", "--tickets", "5"])
    assert "unknown scenario" in str(scenario.exception)
    reading = runner.invoke(app, ["autotask", "--reading", "thread_status=often"])
    assert "thread_status" in str(reading.exception)
    tier = runner.invoke(app, ["autotask", "--reading", "restricted=maybe"])
    assert "restricted is one of empty, error" in str(tier.exception)


def test_teamwork_lists_every_scenario_and_refuses_unknown_ones() -> None:
    from ticketlake.sim.teamwork import SCENARIOS as TEAMWORK

    runner = CliRunner()
    listed = runner.invoke(app, ["teamwork", "--list-scenarios"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0
    for name in TEAMWORK:
        assert name in listed.output
    unknown = runner.invoke(app, ["teamwork", "--scenario", "nope", "--tasks", "5"])
    assert "unknown scenario" in str(unknown.exception)
    plan = runner.invoke(app, ["teamwork", "--plan", "huge"])
    assert "unknown plan" in str(plan.exception)


def test_teamwork_takes_the_flags_other_tools_drive_it_by() -> None:
    result = CliRunner().invoke(app, ["teamwork", "--help"], env={"COLUMNS": "200"})
    for flag in ("--port", "--site", "--api-key", "--tasks", "--tickets", "--seed", "--as-of",
                 "--time-scale", "--scenario", "--list-scenarios", "--dump-truth",
                 "--oauth-client-id", "--oauth-client-secret"):  # fmt: skip
        assert flag in result.output

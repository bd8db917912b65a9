"""Every command a check's fix names is a real ticketlake command, with its real syntax and the
connection's real name: run as written, each one gets past parsing to the connection lookup."""

from __future__ import annotations

import re
import shlex

import pytest
import typer
from typer.testing import CliRunner

from ticketlake.cli import check, connections

from .test_checks_scenarios import EXPECTED, check_run

COMMAND = re.compile(r"`(ticketlake [^`]+)`")
PLACEHOLDERS = {"N": "3000", "USER": "svc-ticketlake", "REPORT_ID": "1", "APP_ID": "627"}
"""What a person types in place of each placeholder a fix may use (and no other)."""


def named_commands() -> set[str]:
    """The commands in every scenario's report, and in the report-related variants."""
    runs = [check_run(s, mode="admin" if s == "wrong_admin_key" else "password") for s in EXPECTED]
    runs += [
        check_run("healthy"),
        check_run("healthy", values={"report_id": 1}),
        check_run("healthy", mode="admin"),
        check_run("no_time_access", values={"time_entries": False}),
        check_run("partial_visibility", expected_tickets=10_000),
    ]
    texts = [c.remediation + " " + c.summary for run in runs for c in run.report.checks]
    return {found for text in texts for found in COMMAND.findall(text)}


@pytest.fixture(scope="module")
def commands() -> set[str]:
    return named_commands()


def cli() -> typer.Typer:
    root = typer.Typer()
    root.add_typer(connections.app, name="connections")
    check.register(root)
    return root


def test_fixes_name_edit_and_check_commands_for_this_connection(commands: set[str]) -> None:
    assert "ticketlake connections edit sim --secret password" in commands
    assert "ticketlake connections edit sim --secret beid --secret web_services_key" in commands
    assert "ticketlake connections edit sim --set report_id=" in commands
    assert "ticketlake connections edit sim --set time_entries=true" in commands
    switch = "ticketlake connections edit sim --set auth_mode=password --set username=USER"
    assert switch in commands
    assert "ticketlake check sim" in commands
    assert not [c for c in commands if "NAME" in c or "{connection}" in c]


def test_every_named_command_parses_as_written(commands: set[str]) -> None:
    root = cli()
    for command in sorted(commands):
        args = [_filled(word) for word in shlex.split(command)[1:]]
        result = CliRunner().invoke(root, args, env={"COLUMNS": "200"})
        said = result.stdout + result.stderr
        # No such connection here: a command that parsed stops at the lookup, cleanly.
        assert "Usage:" not in said, f"{command}: {said}"
        assert "error: no connection named 'sim'" in said, f"{command}: {said}"


def _filled(word: str) -> str:
    field, sep, value = word.partition("=")
    if value.isupper() or (not sep and field.isupper()):
        assert (value or field) in PLACEHOLDERS, f"an unknown placeholder in {word}"
        return f"{field}={PLACEHOLDERS[value]}" if sep else PLACEHOLDERS[field]
    return word

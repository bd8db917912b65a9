"""``ticketlake check NAME [--json]`` on saved connections against the simulated tenant.

A local Typer root mounts the command with the simulator behind the transport (in-process) and
one fake clock shared by both. Every command's output is scanned for the connection's secrets.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from ticketlake.catalog import Action, open_catalog, submit_new
from ticketlake.checks import CheckOptions
from ticketlake.cli import check as check_cli
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.sim import teamdynamix as sim
from ticketlake.transport import FakeClock

AS_OF = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
LOCAL = NetworkPolicy(allow_insecure_localhost=True)
CHECK_KEYS = {"id", "title", "status", "summary", "impact", "evidence", "remediation", "step"}


class CheckCLI:
    """A saved connection to a simulated tenant and the ``check`` command to run on it."""

    def __init__(self, scenario: str, *, mode: str = "password", tickets: int = 80) -> None:
        self.clock = FakeClock(AS_OF.timestamp() + 3600)
        config = sim.SimConfig(
            tickets=tickets, seed=7, scenario=scenario, clock=self.clock, as_of=AS_OF
        )
        self.app = sim.create_app(config)
        self.secrets = (config.password, config.beid, config.web_services_key)
        values: dict[str, Any] = {
            "base_url": "http://127.0.0.1/TDWebApi",
            "app_id": 627,
            "timezone": config.time_zone,
        }
        if mode == "password":
            values |= {"username": config.username, "password": config.password}
        else:
            values |= {"auth_mode": "admin", "beid": config.beid,
                       "web_services_key": config.web_services_key}  # fmt: skip
        with open_catalog(actor="test:setup") as catalog:
            submit_new(catalog, "teamdynamix", "campus", values, policy=LOCAL)
        self.root = typer.Typer()
        check_cli.register(self.root, options=self._options)
        self.root.command("noop")(lambda: None)  # two commands, so ``check`` is a subcommand

    def _options(self) -> CheckOptions:
        return CheckOptions(http_transport=httpx.ASGITransport(app=self.app), clock=self.clock)

    @property
    def tenant(self) -> Any:
        return self.app.state.tenant

    def __call__(self, *args: str) -> Result:
        result = CliRunner().invoke(self.root, ["check", *args], env={"COLUMNS": "200"})
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        squeezed = "".join((result.stdout + result.stderr).split())
        for secret in self.secrets:
            assert secret not in squeezed, f"a secret was printed by check {args}"
        assert "eyJ" not in squeezed, "a token was printed"
        return result


@pytest.fixture
def cli_for() -> Callable[..., CheckCLI]:
    return CheckCLI


def test_json_prints_exactly_the_documented_shape(cli_for: Callable[..., CheckCLI]) -> None:
    cli = cli_for("healthy")
    result = cli("campus", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "connection", "ok", "verdict", "headline", "consequences", "checks", "preview"
    }  # fmt: skip
    assert (data["connection"], data["ok"], data["verdict"]) == ("campus", True, "passed")
    assert (data["headline"], data["consequences"]) == ("All checks passed.", [])
    assert all(set(c) == CHECK_KEYS for c in data["checks"])
    assert {c["status"] for c in data["checks"]} == {"pass"}
    auth = next(c for c in data["checks"] if c["id"] == "auth")
    assert auth["evidence"][0]["method"] == "POST"
    assert auth["evidence"][0]["path"] == "api/auth"
    assert set(auth["evidence"][0]) == {"method", "path", "status", "excerpt", "elapsed_ms"}
    assert data["preview"]["tickets"]["count"] == 80
    assert cli.tenant.writes == []


def test_a_failing_check_exits_1_and_names_the_step(cli_for: Callable[..., CheckCLI]) -> None:
    cli = cli_for("wrong_password")
    result = cli("campus")
    assert result.exit_code == 1
    out = result.stdout
    assert "FAIL  Authentication - login refused (HTTP 401)" in out
    assert "POST api/auth -> 401" in out  # the evidence, indented under the check
    assert "Step 5: Configure API authentication" in out
    assert "SKIP  Identity" in out
    assert re.search(r"\n1 check failed \(2 pass, 1 fail, \d+ skipped\)\.\n", out)
    assert "Fix what it says, then run `ticketlake check campus` again." in out


def test_a_warning_does_not_fail_the_command_but_is_not_called_a_pass(
    cli_for: Callable[..., CheckCLI],
) -> None:
    cli = cli_for("over_privileged")
    result = cli("campus")
    assert result.exit_code == 0  # a sync may run
    assert "WARN  Least privilege" in result.stdout
    assert "Step 2: Create the read-only user security role" in result.stdout
    assert re.search(r"\nPassed with 1 warning \(\d+ pass, 1 warn\)\.\n", result.stdout)
    assert "all checks pass" not in result.stdout.lower()
    assert (
        "  - Least privilege — the data is complete; the risk is the account's: whoever holds "
        "its credentials can change TeamDynamix, although ticketlake only reads."
    ) in result.stdout


def test_partial_visibility_says_what_share_of_the_tickets_a_sync_brings(
    cli_for: Callable[..., CheckCLI],
) -> None:
    cli = cli_for("partial_visibility")
    result = cli("campus", "--expected-tickets", "80", "--json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"]) == (1, "failed")
    visibility = next(c for c in data["checks"] if c["id"] == "visibility")
    assert visibility["impact"] == "you will get 21 of the 80 tickets you expect (about a quarter)"
    warned = json.loads(cli("campus", "--json").stdout)
    assert (warned["ok"], warned["verdict"]) == (True, "passed_with_warnings")
    assert warned["headline"] == "Passed with 1 warning."
    assert warned["consequences"][0].startswith(
        "Accts/Depts visibility: every ticket — the sync will store only the 21 tickets the "
        "account sees"
    )


def test_the_human_report_ends_with_the_preview_and_eta(cli_for: Callable[..., CheckCLI]) -> None:
    result = cli_for("healthy")("campus")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Checking campus (http://127.0.0.1/TDWebApi, application 627)"
    assert sum(line.startswith("PASS  ") for line in lines) == 21
    assert "Preview of a first sync" in result.stdout
    assert "  tickets                   80 (created from" in result.stdout
    assert "backfill ETA" in result.stdout
    # 98 people's custom attributes, one call each, outweigh the 80 tickets' details
    assert "busiest endpoint GET api/people/{uid}" in result.stdout


def test_evidence_on_demand_shows_the_calls_of_passing_checks(
    cli_for: Callable[..., CheckCLI],
) -> None:
    cli = cli_for("healthy")
    plain, detailed = cli("campus"), cli("campus", "--evidence")
    assert "GET api/auth/getuser -> 200" not in plain.stdout
    assert "GET api/auth/getuser -> 200" in detailed.stdout


def test_the_report_is_saved_and_audited(cli_for: Callable[..., CheckCLI]) -> None:
    cli = cli_for("no_people_access")
    assert cli("campus", "--json").exit_code == 1
    with open_catalog(actor="test:read") as catalog:
        [stored] = catalog.history.reports("campus")
        log = catalog.audit_log("campus")
    assert stored.ok is False
    people = next(c for c in stored.report["checks"] if c["id"] == "people")
    assert people["status"] == "fail"
    actions = [(e.action, e.detail) for e in log]
    assert (Action.TESTED, "1 check failed") in actions
    assert any(a is Action.SECRET_USED and "check" in (d or "") for a, d in actions)


def test_admin_credentials_never_show(cli_for: Callable[..., CheckCLI]) -> None:
    cli = cli_for("wrong_admin_key", mode="admin")
    for args in (("campus",), ("campus", "--json"), ("campus", "--evidence")):
        result = cli(*args)  # the secret scan is in ``cli``
        assert result.exit_code == 1


def test_a_confirmed_count_is_passed_to_the_visibility_check(
    cli_for: Callable[..., CheckCLI],
) -> None:
    result = cli_for("healthy")("campus", "--json", "--expected-tickets", "95")
    assert result.exit_code == 1
    visibility = next(c for c in json.loads(result.stdout)["checks"] if c["id"] == "visibility")
    assert visibility["status"] == "fail"


def test_an_unknown_connection_is_one_clean_error(cli_for: Callable[..., CheckCLI]) -> None:
    result = cli_for("healthy")("nowhere")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr
    assert "Traceback" not in result.output

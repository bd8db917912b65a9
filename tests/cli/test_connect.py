"""``ticketlake connect``: flags, variables and prompts in; validated, encrypted, checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ticketlake.catalog import open_catalog
from ticketlake.checks import CheckOptions, CheckReport, CheckResult, CheckStatus, OnResult

PASSWORD = "tdx-Passw0rd-first"
BEID = "8d4fc0e4-1b5e-4a3e-9d8c-2f1a6b7c9e01"
KEY = "5c0a1f7e-3b2d-4c6e-8f9a-0e1d2c3b4a50"
TDX = [
    "connect", "teamdynamix", "--name", "acme",
    "--base-url", "https://acme.teamdynamix.com/TDWebApi",
    "--app-id", "627", "--username", "cioanalytics", "--timezone", "America/Chicago",
]  # fmt: skip


def saved_names() -> list[str]:
    with open_catalog() as catalog:
        return [s.name for s in catalog.summaries()]


def test_flags_and_a_secret_variable_save_an_encrypted_connection(
    cli, ticketlake_home: Path
) -> None:
    result = cli(*TDX, "--no-check", env={"TICKETLAKE_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert "Saved connection acme (TeamDynamix)." in result.stdout
    assert re.search(r"Service account password\s+│ set", result.stdout)
    with open_catalog() as catalog:
        assert catalog.get("acme").secret("password").reveal() == PASSWORD
    stored = b"".join(p.read_bytes() for p in ticketlake_home.glob("catalog.db*"))
    assert PASSWORD.encode() not in stored


def test_missing_fields_without_a_terminal_are_listed_and_nothing_is_saved(cli) -> None:
    result = cli("connect", "teamdynamix", "--name", "acme")
    assert result.exit_code == 2
    for field in ("base_url", "app_id", "username", "password", "timezone"):
        assert f"{field} " in result.stderr
    assert "Nothing was saved" in result.stderr
    assert saved_names() == []


def test_a_terminal_is_prompted_for_missing_fields_with_the_secret_hidden(cli) -> None:
    cli.tty = True
    answers = "acme\nhttps://acme.teamdynamix.com/TDWebApi\n627\ncioanalytics\n"
    answers += f"{PASSWORD}\nAmerica/Chicago\n"
    result = cli("connect", "teamdynamix", "--no-check", input=answers)
    assert result.exit_code == 0, result.output
    assert "Service account password:" in result.stdout
    with open_catalog() as catalog:
        assert catalog.get("acme").secret("password").reveal() == PASSWORD


def test_admin_mode_prompts_for_beid_and_key_instead_of_a_password(cli) -> None:
    cli.tty = True
    result = cli(*TDX[:8], "--auth-mode", "admin", "--timezone", "UTC", "--no-check",
                 input=f"{BEID}\n{KEY}\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "BEID:" in result.stdout
    assert "WebServicesKey:" in result.stdout
    assert "Service account password:" not in result.stdout


@pytest.mark.parametrize(
    ("flags", "field", "problem"),
    [
        (["--base-url", "http://acme.teamdynamix.com/TDWebApi"], "base_url", "must use https://"),
        (["--base-url", "https://acme.teamdynamix.com/"], "base_url", "must end with /TDWebApi"),
        (["--base-url", "not a url"], "base_url", "spaces or control characters"),
        (["--base-url", "https://tdx.intranet.example/TDWebApi"], "base_url", "private"),
        (["--base-url", "https://nowhere.example/TDWebApi"], "base_url", "does not resolve"),
        (["--base-url", "http://127.0.0.1:9/TDWebApi"], "base_url", "must use https://"),
        (["--app-id", "IT-Tickets"], "app_id", "must be a whole number"),
        (["--timezone", "Central"], "timezone", "IANA time zone"),
        (["--beid", BEID], "beid", "does not apply here"),
    ],
)
def test_bad_input_gets_a_field_error_and_nothing_is_saved(cli, flags, field, problem) -> None:
    cli.dns["tdx.intranet.example"] = ["10.20.30.40"]
    result = cli(*TDX, *flags, "--no-check", env={"TICKETLAKE_PASSWORD": PASSWORD})
    assert result.exit_code == 2
    row = next(line for line in result.stderr.splitlines() if line.startswith(f"│ {field} "))
    assert problem in row
    assert saved_names() == []


def test_malformed_beid_is_refused(cli) -> None:
    args = [*TDX[:8], "--auth-mode", "admin", "--timezone", "UTC", "--no-check"]
    env = {"TICKETLAKE_BEID": "not-a-guid-at-all", "TICKETLAKE_WEB_SERVICES_KEY": KEY}
    result = cli(*args, env=env)
    assert result.exit_code == 2
    assert "must be a GUID" in result.stderr
    assert saved_names() == []


def test_duplicate_name_is_refused_and_the_first_connection_is_untouched(cli) -> None:
    assert cli(*TDX, "--no-check", env={"TICKETLAKE_PASSWORD": PASSWORD}).exit_code == 0
    again = cli(*TDX[:-4], "--timezone", "UTC", "--no-check", env={"TICKETLAKE_PASSWORD": "x"})
    assert again.exit_code == 2
    assert "a connection named 'acme' already exists" in again.stderr
    with open_catalog() as catalog:
        assert catalog.get("acme").settings["timezone"] == "America/Chicago"


def test_loopback_over_http_needs_the_localhost_switch(cli) -> None:
    args = [*TDX[:4], "--base-url", "http://127.0.0.1:8080/TDWebApi", *TDX[6:], "--no-check"]
    result = cli(*args, "--allow-insecure-localhost", env={"TICKETLAKE_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output


def test_private_network_is_accepted_when_allowed(cli) -> None:
    cli.dns["tdx.intranet.example"] = ["10.20.30.40"]
    args = [*TDX[:4], "--base-url", "https://tdx.intranet.example/TDWebApi", *TDX[6:]]
    result = cli(
        *args, "--allow-private-network", "--no-check", env={"TICKETLAKE_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 0, result.output


def test_a_variable_for_a_field_that_does_not_apply_is_ignored(cli) -> None:
    env = {"TICKETLAKE_PASSWORD": PASSWORD, "TICKETLAKE_BEID": BEID}
    assert cli(*TDX, "--no-check", env=env).exit_code == 0
    with open_catalog() as catalog:
        assert catalog.get("acme").secret_fields == frozenset({"password"})


def test_teamwork_fields_follow_the_api_type(cli) -> None:
    args = ["connect", "teamwork", "--name", "tw", "--api-type", "desk", "--region", "eu",
            "--site-name", "acme", "--auth-type", "basic", "--no-check"]  # fmt: skip
    result = cli(*args, env={"TICKETLAKE_API_KEY": "tw-api-key-0123456789"})
    assert result.exit_code == 0, result.output
    assert re.search(r"API key\s+│ set", result.stdout)
    with open_catalog() as catalog:
        assert catalog.get("tw").settings == {
            "api_type": "desk", "region": "eu", "site_name": "acme", "auth_type": "basic",
        }  # fmt: skip


def test_teamwork_spaces_prompts_for_the_oauth_client_and_the_user_id(cli) -> None:
    cli.tty = True
    answers = "v0\nus\nacme\nclient-1\ntw-client-secret-abcdef\n123456\n"
    result = cli(
        "connect", "teamwork", "--name", "sp", "--api-type", "spaces", "--no-check", input=answers
    )
    assert result.exit_code == 0, result.output
    with open_catalog() as catalog:
        conn = catalog.get("sp")
    assert (conn.settings["auth_type"], conn.settings["user_id"]) == ("oauth2", 123456)
    assert conn.secret_fields == frozenset({"oauth_client_secret"})


def test_autotask_saves_its_credentials_as_secrets(cli) -> None:
    env = {"TICKETLAKE_API_SECRET": "at-secret-zyxwv",
           "TICKETLAKE_API_TRACKING_IDENTIFIER": "at-tracking-ID-27CHARSXXXXXX"}  # fmt: skip
    result = cli(
        "connect", "autotask", "--name", "at", "--api-username", "api@example.com", "--no-check",
        env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with open_catalog() as catalog:
        conn = catalog.get("at")
    assert conn.settings == {"api_username": "api@example.com", "budget_share": 50}
    assert conn.secret_fields == frozenset({"api_secret", "api_tracking_identifier"})
    assert "at-secret-zyxwv" not in result.stdout


def test_a_source_without_checks_is_saved_and_said_not_verified(cli, monkeypatch) -> None:
    # whichever sources have checks today: the registry is shown one that has none
    monkeypatch.setattr("ticketlake.checks.find_runner", lambda source: None)
    args = ["connect", "teamwork", "--name", "tw", "--api-type", "desk", "--region", "eu",
            "--site-name", "acme", "--auth-type", "basic"]  # fmt: skip
    result = cli(*args, env={"TICKETLAKE_API_KEY": "tw-api-key-0123456789"})
    assert result.exit_code == 0, result.output
    assert "no checks exist for teamwork connections yet: nothing was verified" in result.stdout
    with open_catalog() as catalog:
        assert catalog.history.reports("tw") == []


def failing_runner(calls: list[str]):  # type: ignore[no-untyped-def]
    async def run(conn, options: CheckOptions, on_result: OnResult) -> CheckReport:  # type: ignore[no-untyped-def]
        calls.append(conn.name)
        checks = (
            CheckResult("auth", "Authentication", CheckStatus.PASS, "logged in"),
            CheckResult("app", "Ticketing application", CheckStatus.FAIL, "403 on app 627",
                        remediation="Check IT Tickets on the account's Applications tab.",
                        step="Step 4: Assign the service account to the IT Tickets application"),
        )  # fmt: skip
        for check in checks:
            on_result(check)
        return CheckReport(conn.name, conn.source, checks)

    return run


def test_checks_run_after_saving_and_a_failure_names_the_step(cli, monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("ticketlake.checks.find_runner", lambda source: failing_runner(calls))
    result = cli(*TDX, env={"TICKETLAKE_PASSWORD": PASSWORD})
    assert result.exit_code == 1
    assert calls == ["acme"]
    assert "FAIL Ticketing application - 403 on app 627" in result.stdout
    assert "Step 4: Assign the service account to the IT Tickets application" in result.stdout
    with open_catalog() as catalog:
        assert [r.ok for r in catalog.history.reports("acme")] == [False]


def test_no_check_skips_the_checks(cli, monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("ticketlake.checks.find_runner", lambda source: failing_runner(calls))
    result = cli(*TDX, "--no-check", env={"TICKETLAKE_PASSWORD": PASSWORD})
    assert result.exit_code == 0
    assert calls == []


def test_a_missing_name_is_said_to_be_required(cli) -> None:
    result = cli("connect", "teamdynamix", "--base-url", "https://acme.teamdynamix.com/TDWebApi")
    assert result.exit_code == 2
    assert re.search(r"│ name\s+│ --name\s+│ required: a name for the connection", result.stderr)
    assert saved_names() == []


def test_each_source_s_help_uses_the_right_article(cli) -> None:
    listed = " ".join(cli("connect", "--help").stdout.split())
    assert "Connect an Autotask tenant" in listed
    assert "Connect a TeamDynamix tenant" in listed
    assert "Connect a Teamwork.com tenant" in listed

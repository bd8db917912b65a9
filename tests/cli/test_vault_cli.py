"""``ticketlake vault``: status and key rotation; key problems are clean errors."""

from __future__ import annotations

from pathlib import Path

from ticketlake.catalog import open_catalog
from ticketlake.vault import encode_key, generate_key

PASSWORD = "tdx-Passw0rd-first"
TDX = [
    "connect", "teamdynamix", "--base-url", "https://acme.teamdynamix.com/TDWebApi",
    "--app-id", "627", "--username", "cioanalytics", "--timezone", "UTC", "--no-check",
]  # fmt: skip


def connect(cli, name: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return cli(*TDX, "--name", name, env={"TICKETLAKE_PASSWORD": PASSWORD, **(env or {})})


def test_rotation_keeps_secrets_readable_and_prints_no_key(cli, ticketlake_home: Path) -> None:
    assert connect(cli, "acme").exit_code == 0
    old_key = (ticketlake_home / "master.key").read_text().strip()
    result = cli("vault", "rotate-key")
    assert result.exit_code == 0, result.output
    assert "Re-wrapped 1 data keys" in result.stdout
    new_key = (ticketlake_home / "master.key").read_text().strip()
    assert new_key != old_key
    assert old_key not in result.output
    assert new_key not in result.output
    with open_catalog() as catalog:
        assert catalog.get("acme").secret("password").reveal() == PASSWORD


def test_status_counts_secrets_under_the_key_in_use(cli) -> None:
    assert connect(cli, "acme").exit_code == 0
    result = cli("vault", "status")
    assert result.exit_code == 0
    assert "master.key" in result.stdout
    assert "1 secrets encrypted under key" in result.stdout
    assert "not the key in use" not in result.stdout


def test_wrong_master_key_is_a_clean_error_and_saves_nothing(cli) -> None:
    assert connect(cli, "acme").exit_code == 0
    wrong = {"TICKETLAKE_MASTER_KEY": encode_key(generate_key("x"))}
    result = connect(cli, "other", env=wrong)
    assert result.exit_code == 2
    assert "wrong master key" in result.stderr
    assert "Traceback" not in result.output
    assert "not the key in use" in cli("vault", "status", env=wrong).stdout


def test_missing_key_file_is_a_clean_error(cli, ticketlake_home: Path) -> None:
    assert connect(cli, "acme").exit_code == 0
    (ticketlake_home / "master.key").unlink()
    result = cli("vault", "rotate-key")
    assert result.exit_code == 2
    assert "no master key" in result.stderr
    assert "fix:" in result.stderr


def test_malformed_master_key_variable_is_a_clean_error(cli) -> None:
    result = connect(cli, "acme", env={"TICKETLAKE_MASTER_KEY": "too-short"})
    assert result.exit_code == 2
    assert "TICKETLAKE_MASTER_KEY" in result.stderr
    assert "too-short" not in result.output

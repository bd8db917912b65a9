"""``ticketlake connections``: list, show (never a secret), edit (re-enter secrets), remove."""

from __future__ import annotations

import re

import pytest

from ticketlake.catalog import Action, open_catalog
from ticketlake.records import Batch
from ticketlake.store import open_store

PASSWORD = "tdx-Passw0rd-first"
NEW_PASSWORD = "tdx-Passw0rd-second"
TDX = [
    "connect", "teamdynamix", "--name", "acme",
    "--base-url", "https://acme.teamdynamix.com/TDWebApi",
    "--app-id", "627", "--username", "cioanalytics", "--timezone", "America/Chicago",
    "--no-check",
]  # fmt: skip


@pytest.fixture
def acme(cli) -> None:
    assert cli(*TDX, env={"TICKETLAKE_PASSWORD": PASSWORD}).exit_code == 0


def password() -> str:
    with open_catalog() as catalog:
        return catalog.get("acme").secret("password").reveal()


def test_list_without_connections_says_how_to_add_one(cli) -> None:
    result = cli("connections", "list")
    assert result.exit_code == 0
    assert "ticketlake connect SOURCE --name NAME" in result.stdout


def test_list_shows_each_connection_and_that_it_was_never_checked(cli, acme) -> None:
    result = cli("connections", "list")
    assert re.search(r"acme\s+│ teamdynamix .*│ never", result.stdout)


def test_show_says_set_for_secrets_and_never_their_value(cli, acme) -> None:
    result = cli("connections", "show", "acme")
    assert result.exit_code == 0
    assert re.search(r"Service account password\s+│ set", result.stdout)
    assert "https://acme.teamdynamix.com/TDWebApi" in result.stdout
    assert "Not checked yet" in result.stdout


def test_show_of_an_unknown_connection_is_a_clean_error(cli) -> None:
    result = cli("connections", "show", "ghost")
    assert result.exit_code == 2
    assert "error: no connection named 'ghost'" in result.stderr
    assert "Traceback" not in result.output


def test_edit_of_a_plain_field_keeps_the_secret(cli, acme) -> None:
    result = cli("connections", "edit", "acme", "--set", "timezone=Europe/London")
    assert result.exit_code == 0, result.output
    with open_catalog() as catalog:
        assert catalog.audit_log("acme")[0].detail == "changed: timezone"
    assert password() == PASSWORD


def test_changing_the_base_url_without_the_password_is_refused(cli, acme) -> None:
    url = "base_url=https://acme.teamdynamix.com/SBTDWebApi"
    result = cli("connections", "edit", "acme", "--set", url)
    assert result.exit_code == 2
    assert "must be re-entered because base_url changed" in result.stderr
    with open_catalog() as catalog:
        assert catalog.get("acme").settings["base_url"].endswith("/TDWebApi")


def test_changing_the_base_url_takes_the_re_entered_password_from_the_variable(cli, acme) -> None:
    url = "base_url=https://acme.teamdynamix.com/SBTDWebApi"
    env = {"TICKETLAKE_PASSWORD": NEW_PASSWORD}
    result = cli("connections", "edit", "acme", "--set", url, env=env)
    assert result.exit_code == 0, result.output
    assert password() == NEW_PASSWORD


def test_changing_the_base_url_prompts_for_the_password_on_a_terminal(cli, acme) -> None:
    cli.tty = True
    url = "base_url=https://acme.teamdynamix.com/SBTDWebApi"
    result = cli("connections", "edit", "acme", "--set", url, input=f"{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert password() == NEW_PASSWORD


def test_a_secret_is_changed_by_re_entering_it(cli, acme) -> None:
    cli.tty = True
    result = cli("connections", "edit", "acme", "--secret", "password", input=f"{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert password() == NEW_PASSWORD


def test_a_secret_on_the_command_line_is_refused(cli, acme) -> None:
    result = cli("connections", "edit", "acme", "--set", f"password={NEW_PASSWORD}")
    assert result.exit_code == 2
    assert "secrets are re-entered with --secret password" in result.stderr
    assert password() == PASSWORD


def test_invalid_edit_saves_nothing(cli, acme) -> None:
    result = cli("connections", "edit", "acme", "--set", "app_id=abc", "--set", "timezone=UTC")
    assert result.exit_code == 2
    assert "must be a whole number" in result.stderr
    with open_catalog() as catalog:
        assert catalog.get("acme").settings["timezone"] == "America/Chicago"


def test_rename_keeps_the_secret_readable(cli, acme) -> None:
    assert cli("connections", "edit", "acme", "--rename", "acme-prod").exit_code == 0
    with open_catalog() as catalog:
        assert catalog.get("acme-prod").secret("password").reveal() == PASSWORD


def test_remove_without_a_terminal_needs_yes(cli, acme) -> None:
    result = cli("connections", "remove", "acme")
    assert result.exit_code == 2
    assert "pass --yes" in result.stderr
    assert cli("connections", "remove", "acme", "--yes").exit_code == 0
    with open_catalog() as catalog:
        assert catalog.summaries() == []
        assert catalog.audit_log()[0].action is Action.REMOVED


def test_show_lists_the_recent_sync_runs(cli, acme) -> None:
    assert "Never synced: `ticketlake sync acme`." in cli("connections", "show", "acme").stdout
    with open_catalog() as catalog:
        failed = catalog.history.start_run("acme")
        catalog.history.finish_run(failed, ok=False, rows=0, calls=3, throttled=0, errors=1)
        done = catalog.history.start_run("acme")
        catalog.history.finish_run(done, ok=True, rows=21_884, calls=129, throttled=2, errors=0)
    result = cli("connections", "show", "acme")
    assert result.exit_code == 0, result.output
    assert "Recent syncs" in result.stdout
    rows = [r for r in result.stdout.splitlines() if re.search(r"│ (ok|failed) ", r)]
    cells = [[c.strip() for c in r.split("│")[1:-1]] for r in rows]
    # newest first: status, duration (under a second), rows, calls, 429s, errors
    assert [c[1:] for c in cells] == [
        ["ok", "0 s", "21,884", "129", "2", "0"],
        ["failed", "0 s", "0", "3", "0", "1"],
    ]


def store_rows(connection: str) -> dict[str, int]:
    store = open_store()
    try:
        return store.row_counts(connection)
    finally:
        store.close()


@pytest.fixture
def acme_data(acme) -> None:
    """Synced rows of acme (and of another connection) in the store."""
    store = open_store()
    try:
        for name in ("acme", "other"):
            tickets = [{"id": i, "title": f"t{i}"} for i in range(3)]
            people = [{"id": "p1", "full_name": "Ada"}]
            store.write(
                Batch(name, rows={"tickets": tickets, "people": people}, cursors={"tickets": 1})
            )
    finally:
        store.close()


def test_remove_keeps_the_data_by_default_and_says_what_and_how_to_delete_it(
    cli, acme_data
) -> None:
    result = cli("connections", "remove", "acme", "--yes")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Removed connection acme." in text
    assert "Kept its data in the store (tickets 3, people 1, sync_state 1)" in text
    assert "`ticketlake connections remove acme --purge-data`" in text
    assert store_rows("acme") == {"tickets": 3, "people": 1, "sync_state": 1}
    # the data of a removed connection: deleted later with the command it was told
    later = cli("connections", "remove", "acme", "--purge-data", "--yes")
    assert later.exit_code == 0, later.output
    assert "Deleted its data from the store: tickets 3, people 1, sync_state 1." in later.stdout
    assert store_rows("acme") == {}
    assert store_rows("other") == {"tickets": 3, "people": 1, "sync_state": 1}


def test_data_of_a_removed_connection_is_named_when_not_purged(cli, acme_data) -> None:
    assert cli("connections", "remove", "acme", "--yes").exit_code == 0
    result = cli("connections", "remove", "acme", "--yes")
    assert result.exit_code == 2
    assert "no saved connection named acme, but the store holds its data" in result.stderr


def test_remove_with_purge_data_deletes_the_connection_and_its_rows(cli, acme_data) -> None:
    result = cli("connections", "remove", "acme", "--purge-data", "--yes")
    assert result.exit_code == 0, result.output
    assert "Deleted its data from the store: tickets 3, people 1, sync_state 1." in result.stdout
    assert store_rows("acme") == {}
    assert store_rows("other") == {"tickets": 3, "people": 1, "sync_state": 1}
    with open_catalog() as catalog:
        assert catalog.summaries() == []


@pytest.mark.parametrize(("answer", "left"), [("y", {}), ("n", {"tickets": 3})])
def test_remove_on_a_terminal_asks_whether_to_delete_the_data(cli, acme_data, answer, left) -> None:
    cli.tty = True
    result = cli("connections", "remove", "acme", input=f"y\n{answer}\n")
    assert result.exit_code == 0, result.output
    assert "Also delete its data from the store (tickets 3, people 1, sync_state 1)?" in (
        result.stdout
    )
    assert {k: v for k, v in store_rows("acme").items() if k == "tickets"} == left


def test_remove_of_a_connection_without_data_says_nothing_about_data(cli, acme) -> None:
    result = cli("connections", "remove", "acme", "--yes")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Removed connection acme."

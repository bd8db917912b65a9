"""``ticketlake users`` and ``serve``'s log redaction, through a local Typer root."""

from __future__ import annotations

import logging

import pytest
import typer
from typer.testing import CliRunner

from ticketlake.cli import serve, users
from ticketlake.web.database import Database, first
from ticketlake.web.operators import Operators

PASSWORD = "a-long-operator-password"


@pytest.fixture
def root() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(users.app, name="users")
    serve.register(app)
    return app


def test_users_add_takes_the_password_from_the_environment(root: typer.Typer) -> None:
    result = CliRunner().invoke(root, ["users", "add", "alice"], env={users.PASSWORD_ENV: PASSWORD})
    assert result.exit_code == 0, result.output
    assert "alice" in result.output
    assert PASSWORD not in result.output
    assert Operators(Database(), lambda: 0.0).authenticate("alice", PASSWORD)


def test_users_add_prompts_hidden_twice(root: typer.Typer) -> None:
    result = CliRunner().invoke(
        root, ["users", "add", "bob"], input=f"{PASSWORD}\n{PASSWORD}\n", env={}
    )
    # CliRunner's stdin is not a terminal: the command asks for the variable instead.
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception)
    assert users.PASSWORD_ENV in str(result.exception)


def test_users_add_refuses_a_weak_password(root: typer.Typer) -> None:
    result = CliRunner().invoke(root, ["users", "add", "alice"], env={users.PASSWORD_ENV: "short"})
    assert result.exit_code != 0
    assert "password: use at least 12 characters" in str(result.exception)
    with Database().transaction() as tx:
        assert first(tx, "SELECT 1 FROM web_operators") is None


def test_users_list_and_remove(root: typer.Typer) -> None:
    runner = CliRunner()
    env = {users.PASSWORD_ENV: PASSWORD}
    runner.invoke(root, ["users", "add", "alice"], env=env)
    runner.invoke(root, ["users", "add", "bob"], env=env)
    assert runner.invoke(root, ["users", "list"]).output.split() == ["alice", "bob"]
    assert runner.invoke(root, ["users", "remove", "alice"]).exit_code == 0
    assert runner.invoke(root, ["users", "list"]).output.split() == ["bob"]


def test_access_log_never_shows_an_invite_link() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/i/abcDEF123_-x?x=1", "1.1", 200),
        None,
    )
    assert serve.RedactInviteLinks().filter(record)
    assert "abcDEF123" not in record.getMessage()
    assert "/i/[redacted]?x=1" in record.getMessage()

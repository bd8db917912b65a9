"""``ticketlake users add|list|remove|passwd``: the operators who may log in to ``serve``.

Passwords are read from ``TICKETLAKE_OPERATOR_PASSWORD`` when it is set (for scripts), else
from a hidden prompt asked twice; they are stored only as argon2id hashes and never printed.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from ticketlake.errors import ConfigError, ValidationError
from ticketlake.web.database import Database
from ticketlake.web.operators import Operators
from ticketlake.web.schema import migrate

PASSWORD_ENV = "TICKETLAKE_OPERATOR_PASSWORD"  # noqa: S105 - the variable's name

app = typer.Typer(help="Operators of the web app (`ticketlake serve`).", no_args_is_help=True)
console = Console()


def _operators() -> Operators:
    import time

    db = Database()
    migrate(db)
    return Operators(db, time.time)


def _password() -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not os.isatty(0):
        raise ConfigError("no password given", fix=f"set {PASSWORD_ENV} or run this on a terminal")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _invalid(exc: ValidationError) -> ConfigError:
    detail = "; ".join(f"{field}: {message}" for field, message in exc.errors.items())
    return ConfigError(f"operator not saved: {detail}")


@app.command("add")
def add(name: Annotated[str, typer.Argument(help="The operator's login name.")]) -> None:
    """Create an operator (password from TICKETLAKE_OPERATOR_PASSWORD or a hidden prompt)."""
    try:
        _operators().add(name, _password())
    except ValidationError as exc:
        raise _invalid(exc) from None
    console.print(f"Operator [bold]{name}[/] can now log in to `ticketlake serve`.")


@app.command("passwd")
def passwd(name: Annotated[str, typer.Argument(help="The operator's login name.")]) -> None:
    """Set a new password for an operator."""
    try:
        _operators().set_password(name, _password())
    except ValidationError as exc:
        raise _invalid(exc) from None
    console.print(f"Password of [bold]{name}[/] changed.")


@app.command("list")
def list_operators() -> None:
    """Every operator's name."""
    names = _operators().names()
    if not names:
        console.print("No operators yet: add one with `ticketlake users add NAME`.")
    for name in names:
        console.print(name, highlight=False)


@app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="The operator's login name.")]) -> None:
    """Delete an operator and end their sessions."""
    if not _operators().remove(name):
        raise ConfigError(f"no operator named {name!r}", fix="see `ticketlake users list`")
    console.print(f"Operator [bold]{name}[/] removed.")

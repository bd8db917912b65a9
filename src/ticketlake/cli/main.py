"""The ``ticketlake`` command: a thin root that mounts each command group.

Commands parse, call and render. Errors that ticketlake raises on purpose print as one clean
message (never a traceback) and exit with status 2.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler

from ticketlake.errors import TicketlakeError

app = typer.Typer(
    name="ticketlake",
    help="IT service-management data, read-only, into a store you own.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

err_console = Console(stderr=True)


@app.callback()
def _root(
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Log each refused or retried call and each stream's progress to stderr "
            "(secrets redacted).",
        ),
    ] = False,
) -> None:
    """IT service-management data, read-only, into a store you own."""
    _configure_logging(verbose)


def _configure_logging(verbose: bool) -> None:
    """``--verbose`` shows the log on stderr; otherwise it stays quiet (see ``ticketlake``)."""
    if verbose:
        logger = logging.getLogger("ticketlake")
        logger.setLevel(logging.INFO)
        logger.addHandler(RichHandler(console=err_console, show_path=False))


def _mount() -> None:
    # Each command group lives in its own module, named for what it does.
    # Listed in the order a new user meets them: connect, check, sync, read, serve.
    from ticketlake.cli import (
        authorize,
        check,
        connect,
        connections,
        export,
        provision,
        query,
        report,
        scale,
        serve,
        sim,
        sync,
        users,
        vault,
    )

    app.add_typer(connect.app, name="connect")
    app.add_typer(connections.app, name="connections")
    authorize.register(app)
    check.register(app)
    sync.register(app)
    report.register(app)
    query.register(app)
    export.register(app)
    serve.register(app)
    scale.register(app)
    app.add_typer(users.app, name="users")
    app.add_typer(vault.app, name="vault")
    app.add_typer(provision.app, name="provision")
    app.add_typer(sim.app, name="sim")


def main() -> None:
    """Entry point of the console script."""
    _mount()
    try:
        app()
    except TicketlakeError as exc:
        from ticketlake.cli.onboarding_view import show_error

        show_error(exc)
        sys.exit(2)


if __name__ == "__main__":
    main()

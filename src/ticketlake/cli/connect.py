"""``ticketlake connect SOURCE --name NAME``: save a new connection, then verify it.

One subcommand per source, its flags generated from the source's connection spec. Values come
from flags, ``TICKETLAKE_<FIELD>`` variables and (on a terminal) prompts; everything is
validated before anything is saved, and the checks run right after saving unless
``--no-check``.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import typer

from ticketlake.catalog import open_catalog, submit_new
from ticketlake.checks import CheckOptions, run_checks
from ticketlake.checks.verdict import save_report
from ticketlake.cli import onboarding_view as view
from ticketlake.cli import spec_options
from ticketlake.cli.spec_options import command_with_fields, gather
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.spec import SOURCES, ConnectionSpec, spec_for
from ticketlake.transport import timescale
from ticketlake.transport.timescale import time_scale as chosen_scale

app = typer.Typer(
    help="Save a new connection to a source (validated, secrets encrypted), then check it.",
    no_args_is_help=True,
)


def _option(name: str, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


def network_parameters() -> list[inspect.Parameter]:
    """The two switches of the SSRF guard, shared by ``connect`` and ``connections edit``."""
    local = "Accept a loopback host, over plain http too (the simulator, local tests)."
    private = (
        "Accept a base URL on a private, loopback or link-local network (a tenant on your "
        "own network); ticketlake sends credentials there."
    )
    return [
        inspect.Parameter(
            "allow_insecure_localhost",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[bool, typer.Option(help=local)],
        ),
        inspect.Parameter(
            "allow_private_network",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[bool, typer.Option(help=private)],
        ),
    ]


def policy_from(options: dict[str, Any]) -> NetworkPolicy:
    """The network policy the flags ask for."""
    return NetworkPolicy(
        allow_insecure_localhost=bool(options.pop("allow_insecure_localhost")),
        allow_private_network=bool(options.pop("allow_private_network")),
    )


def _connect(spec: ConnectionSpec, options: dict[str, Any]) -> None:
    name = options.pop("name")
    no_check = bool(options.pop("no_check"))
    scale = chosen_scale(options.pop("time_scale"), warn=view.warn)
    policy = policy_from(options)
    tty = spec_options.stdin_is_tty()
    with view.reported(spec):
        if name is None and tty:
            name = typer.prompt("Connection name")
        values = gather(spec, options, prompt=tty)
        with open_catalog() as catalog:
            conn = submit_new(catalog, spec.source, name or "", values, policy=policy)
            view.out().print(f"Saved connection {conn.name} ({spec.title}).")
            view.show_connection(conn)
            if no_check:
                view.out().print(f"Checks skipped; run `ticketlake check {conn.name}` later.")
                return
            url = conn.spec.address(conn.settings)
            check_options = CheckOptions(clock=scale.clock_for(url) if scale and url else None)
            report = run_checks(conn, check_options, on_result=view.result_line)
            save_report(catalog, report)
    view.show_report(report, live=True)
    if report.available and not report.ok:
        raise typer.Exit(1)


def _command_for(source: str) -> None:
    spec = spec_for(source)
    extra = [
        _option(
            "name",
            Annotated[str | None, typer.Option(help="A unique name for this connection.")],
        ),
        *network_parameters(),
        inspect.Parameter(
            "no_check",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[
                bool, typer.Option("--no-check", help="Save without running the checks.")
            ],
        ),
        inspect.Parameter(
            "time_scale",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                float | None,
                typer.Option(
                    envvar="TICKETLAKE_TIME_SCALE",
                    help=timescale.HELP,
                ),
            ],
        ),
    ]
    command = command_with_fields(spec, extra, lambda options: _connect(spec, options))
    article = "an" if spec.title[:1].lower() in "aeiou" else "a"
    command.__doc__ = f"Connect {article} {spec.title} tenant (help text from the {spec.guide})."
    app.command(source, help=command.__doc__)(command)


for _source in SOURCES:
    _command_for(_source)

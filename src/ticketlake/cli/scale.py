"""Commands of ticketlake at scale: ``worker``, ``enqueue`` (docs/scale.md).

Thin: they read ``ScaleSettings`` from the environment, call ``ticketlake.scale`` and print.
None of them is needed by the embedded default (``ticketlake sync``).
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.console import Console

from ticketlake.scale.queue import SliceRequest
from ticketlake.scale.settings import ScaleSettings
from ticketlake.transport import timescale
from ticketlake.transport.timescale import time_scale as chosen_scale

console = Console()
Opt = typer.Option


def worker(
    concurrency: Annotated[
        int, Opt("--concurrency", "-c", min=1, help="Slices run at once (threads).")
    ] = 2,
    time_scale: Annotated[
        float | None, Opt(envvar="TICKETLAKE_TIME_SCALE", help=timescale.HELP)
    ] = None,
) -> None:
    """Run a worker: it syncs the slices the scheduler and `ticketlake enqueue` queue."""
    from ticketlake.scale.worker import WorkerOptions, run_worker

    logging.getLogger("ticketlake").setLevel(logging.INFO)
    logging.basicConfig(format="%(asctime)s %(process)d %(name)s %(message)s")
    settings = ScaleSettings.from_env()
    options = WorkerOptions(concurrency, chosen_scale(time_scale))
    run_worker(settings, options)


def enqueue(
    names: Annotated[list[str], typer.Argument(help="Connections to sync.")],
    full: Annotated[bool, Opt("--full", help="Re-read everything, ignoring cursors.")] = False,
) -> None:
    """Queue a sync of each connection for the workers (a waiting one is not queued twice)."""
    from ticketlake.scale.worker import queue_for

    queue = queue_for(ScaleSettings.from_env())
    for name in names:
        result = queue.enqueue(SliceRequest(name, "requested", full))
        console.print(f"{name}: {result}")


def register(app: typer.Typer) -> None:
    """Add the scale-out commands to ``ticketlake``."""
    app.command("worker")(worker)
    app.command("enqueue")(enqueue)

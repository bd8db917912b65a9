"""Commands of ticketlake at scale: ``worker``, ``enqueue``, ``schedule``, ``scheduler``,
``runs`` (docs/scale.md).

Thin: they read ``ScaleSettings`` from the environment, call ``ticketlake.scale`` and print.
None of them is needed by the embedded default (``ticketlake sync``).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ticketlake.errors import ConfigError
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
    """Queue a sync of each connection for the workers (a waiting one is not queued twice).
    The request is recorded in the catalog first: a Redis restarted empty does not lose it."""
    from ticketlake.catalog import open_catalog
    from ticketlake.scale.requests import request
    from ticketlake.scale.worker import queue_for

    settings = ScaleSettings.from_env()
    queue = queue_for(settings)
    with open_catalog(settings.require_postgres()) as catalog:
        for name in names:
            console.print(f"{name}: {request(catalog, queue, name, full=full, now=time.time())}")


def schedule(
    name: Annotated[str | None, typer.Argument(help="The connection (none: list them).")] = None,
    every: Annotated[str | None, Opt(help="Sync this often: 15m, 2h, 1d.")] = None,
    cron: Annotated[str | None, Opt(help='Sync on a cron schedule: "*/15 * * * *".')] = None,
    off: Annotated[bool, Opt("--off", help="Sync on request only.")] = False,
) -> None:
    """Set a connection's schedule, or list every schedule."""
    from ticketlake.catalog import open_catalog
    from ticketlake.scale.schedules import Schedules, check_cron, parse_every

    with open_catalog() as catalog:
        schedules = Schedules(catalog)
        if name is not None and (every or cron or off):
            if every and cron:
                raise ConfigError("give --every or --cron, not both")
            seconds = parse_every(every) if every else None
            schedules.set(name, every=seconds, cron=check_cron(cron) if cron else None,
                          now=time.time())  # fmt: skip
        rows = [s for s in schedules.all() if name is None or s.connection == name]
    table = Table("connection", "schedule", "next due", "last", "failures", "last error")
    for s in rows:
        table.add_row(s.connection, s.describe(), _when(s.next_at),
                      f"{s.last_status or '-'} {_when(s.last_at)}", str(s.failures),
                      s.last_error or "")  # fmt: skip
    console.print(table)


def scheduler(
    tick: Annotated[float, Opt(help="Seconds between two looks at the schedules.")] = 5.0,
    metrics_port: Annotated[
        int | None, Opt(help="Serve Prometheus /metrics on this port (127.0.0.1).")
    ] = None,
) -> None:
    """Enqueue due syncs (one scheduler runs at a time; a second one waits for the lock)."""
    import redis

    from ticketlake.catalog import open_catalog
    from ticketlake.scale.scheduler import Scheduler
    from ticketlake.scale.worker import queue_for

    logging.getLogger("ticketlake").setLevel(logging.INFO)
    logging.basicConfig(format="%(asctime)s %(process)d %(name)s %(message)s")
    settings = ScaleSettings.from_env()
    url = settings.require_postgres()
    if metrics_port is not None:
        from ticketlake.scale.metrics import serve_metrics

        serve_metrics(metrics_port, url)
    client = redis.Redis.from_url(settings.require_redis())
    loop = Scheduler(client, queue_for(settings), lambda: open_catalog(url), every=tick)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    loop.run(stop)


def runs(
    name: Annotated[str | None, typer.Argument(help="Only this connection.")] = None,
) -> None:
    """Each connection's syncs: waiting, running, last outcome, failures and last error."""
    from ticketlake.scale.status import statuses

    table = Table("connection", "state", "schedule", "last success", "failures", "last error")
    for s in statuses(name):
        table.add_row(s.connection, s.state, s.schedule, _when(s.last_success_at),
                      str(s.failures), s.last_error or "")  # fmt: skip
    console.print(table)


def _when(epoch: float | None) -> str:
    if epoch is None:
        return "-"
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def register(app: typer.Typer) -> None:
    """Add the scale-out commands to ``ticketlake``."""
    app.command("worker")(worker)
    app.command("enqueue")(enqueue)
    app.command("schedule")(schedule)
    app.command("scheduler")(scheduler)
    app.command("runs")(runs)

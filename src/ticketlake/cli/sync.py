"""``ticketlake sync NAME [--full] [--streams a,b] [--json]``: extract a connection into the store.

The connection comes from the catalog (``ticketlake connect``), or, when ``--base-url`` is
given, from flags and environment variables; ``run_sync`` cannot tell which. ``--time-scale``
(or ``TICKETLAKE_TIME_SCALE``) runs the client's clock as fast as a simulator's, for a loopback
base URL only (:mod:`ticketlake.transport.timescale`).

Shown: the plan (calls per endpoint, the floor their limits impose, the ETA), a bar per stream,
then rows per table, calls and 429s per endpoint, and elapsed against the floor. Times are the
source's (virtual) seconds, with the wall-clock time beside them when the clock is scaled.
Ctrl-C stops the sync: what it committed is kept, the run is recorded as interrupted, and the
command exits with status 130 after saying how to resume.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from dataclasses import dataclass
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn
from rich.progress import Progress as Bars
from rich.table import Table
from rich.text import Text

from ticketlake.catalog.records import SyncRun
from ticketlake.cli import onboarding_view as view
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.errors import TicketlakeError
from ticketlake.readable import duration
from ticketlake.secret import Secret
from ticketlake.store import open_store
from ticketlake.sync.plan import Plan, pool_lines
from ticketlake.sync.progress import Live, NullProgress, StreamState
from ticketlake.sync.run import run_sync
from ticketlake.sync.summary import SyncSummary
from ticketlake.transport import timescale
from ticketlake.transport.timescale import TimeScale
from ticketlake.transport.timescale import time_scale as chosen_scale

console = Console()
err_console = Console(stderr=True)

Opt = typer.Option


def sync(
    name: Annotated[str, typer.Argument(help="The connection to sync.")],
    full: Annotated[bool, Opt("--full", help="Re-read everything, ignoring cursors.")] = False,
    streams: Annotated[str | None, Opt(help="Only these streams, comma-separated.")] = None,
    as_json: Annotated[bool, Opt("--json", help="Print the summary as JSON.")] = False,
    store: Annotated[str | None, Opt(help="Store URL (default: TICKETLAKE_DATABASE_URL).")] = None,
    time_scale: Annotated[
        float | None, Opt(envvar="TICKETLAKE_TIME_SCALE", help=timescale.HELP)
    ] = None,
    base_url: Annotated[str | None, Opt(help="Connection by flags: the Web API base URL.")] = None,
    app_id: Annotated[int | None, Opt(help="Ticketing application ID.")] = None,
    username: Annotated[str | None, Opt(envvar="TICKETLAKE_USERNAME")] = None,
    password: Annotated[str | None, Opt(envvar="TICKETLAKE_PASSWORD", show_default=False)] = None,
    beid: Annotated[str | None, Opt(envvar="TICKETLAKE_BEID", show_default=False)] = None,
    web_services_key: Annotated[
        str | None, Opt(envvar="TICKETLAKE_WEB_SERVICES_KEY", show_default=False)
    ] = None,
    time_zone: Annotated[str, Opt(help="Tenant time zone (IANA).")] = "UTC",
    report_id: Annotated[int | None, Opt(help="Report carrying ticket attributes.")] = None,
    time_entries: Annotated[bool, Opt(help="Read time entries.")] = True,
) -> None:
    """Extract a connection's tickets, events, time and directory into the store."""
    options = _Options(
        full=full,
        streams=[s.strip() for s in streams.split(",") if s.strip()] if streams else None,
        time_scale=chosen_scale(time_scale, warn=view.warn),
        progress=Live(NullProgress() if as_json else RichProgress(console)),
    )
    try:
        if base_url:
            values = {"base_url": base_url, "app_id": app_id, "username": username,
                      "timezone": time_zone, "report_id": report_id,
                      "time_entries": time_entries}  # fmt: skip
            secrets = {k: Secret(v) for k, v in (("password", password), ("beid", beid),
                       ("web_services_key", web_services_key)) if v}  # fmt: skip
            connection = ConnectionSettings(name, "teamdynamix", values, secrets)
            summary = asyncio.run(_sync_flags(connection, store, options))
        else:
            summary = asyncio.run(_sync_saved(name, store, options))
    except KeyboardInterrupt:  # Ctrl-C
        _interrupted(options.progress.summary, as_json, _again(name, saved=not base_url), 130)
    except asyncio.CancelledError:  # SIGTERM (see _stop_on_sigterm)
        _interrupted(options.progress.summary, as_json, _again(name, saved=not base_url), 143)
    if as_json:
        typer.echo(json.dumps(summary.to_json(), indent=2, default=str))
    if not summary.ok:
        if as_json:
            raise typer.Exit(1)
        raise _failure(name, summary, saved=not base_url)


def _again(name: str, *, saved: bool) -> str:
    return f"`ticketlake sync {name}`" if saved else "the same `ticketlake sync` command"


def _interrupted(summary: SyncSummary | None, as_json: bool, again: str, code: int) -> NoReturn:
    """Ctrl-C or SIGTERM: say what was kept and how to resume, exit 128 + the signal's number
    (130, 143) as shells do."""
    if as_json and summary is not None:
        typer.echo(json.dumps(summary.to_json(), indent=2, default=str))
    kept = summary.committed if summary else 0
    err_console.print(f"interrupted, {kept:,} rows kept, run {again} to resume", highlight=False)
    raise typer.Exit(code)


def _stop_on_sigterm() -> None:
    """SIGTERM (a service manager, ``kill``) interrupts the sync as Ctrl-C does: the run is
    recorded as interrupted and its lease given back, instead of dying mid-batch."""
    task = asyncio.current_task()
    if task is not None:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on this platform
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)


def _failure(name: str, summary: SyncSummary, *, saved: bool) -> TicketlakeError:
    if summary.stopped:  # the login failed: one message, and where to find out why
        fix = (
            f"run `ticketlake check {name}` to see which setting or permission fails and what "
            "fixes it"
            if saved
            else "check --base-url and the credentials; saved with `ticketlake connect`, "
            "`ticketlake check NAME` says which setting fails and what fixes it"
        )
        return TicketlakeError(f"the sync of {name} stopped: {summary.stopped}", fix=fix)
    return TicketlakeError(
        f"the sync of {name} stopped: {summary.error}",
        # The stream's error usually says what fixes it already; say it once.
        fix=None
        if "(fix:" in (summary.error or "")
        else f"fix the cause and run {_again(name, saved=saved)} again; it resumes where it "
        "stopped",
    )


@dataclass(frozen=True)
class _Options:
    """How this run syncs, whichever way the connection was given."""

    full: bool
    streams: list[str] | None
    time_scale: TimeScale | None
    progress: Live


async def _sync_flags(
    connection: ConnectionSettings, store_url: str | None, options: _Options
) -> SyncSummary:
    _stop_on_sigterm()
    scale = options.time_scale
    clock = scale.clock_for(str(connection.values["base_url"])) if scale else None
    options.progress.time_scale = getattr(clock, "scale", 1.0)
    target = open_store(store_url)
    try:
        return await run_sync(connection, target, full=options.full, streams=options.streams,
                              progress=options.progress, clock=clock)  # fmt: skip
    finally:
        target.close()


async def _sync_saved(name: str, store_url: str | None, options: _Options) -> SyncSummary:
    from ticketlake.catalog import open_catalog
    from ticketlake.sync.saved import sync_saved

    _stop_on_sigterm()
    with open_catalog() as catalog:
        return await sync_saved(catalog, name, store_url=store_url, **vars(options))


def plan_table(plan: Plan) -> Table:
    """Calls per endpoint and the time their limits impose."""
    table = Table(title="Plan", title_justify="left")
    table.add_column("endpoint")
    table.add_column("calls", justify="right")
    table.add_column("limit", justify="right")
    table.add_column("floor", justify="right")
    for e in sorted(plan.endpoints, key=lambda e: -e.floor):
        limit = f"{e.limit}/{e.period:g} s" if e.limit and e.period else "-"
        calls = f"{e.calls:,}" if e.exact else f"~{e.calls:,}"
        if e.low is not None and e.high is not None and e.low != e.high:
            calls += f" ({e.low:,}-{e.high:,})"
        table.add_row(e.endpoint, calls, limit, duration(e.floor))
    busiest = plan.bottleneck or "-"
    eta = eta_text(plan)
    if plan.under_way and plan.eta:
        eta += f" from now ({duration(plan.under_way)} of windows already behind)"
    table.caption = "\n".join(
        (f"floor {duration(plan.floor)} (busiest: {busiest}), ETA {eta}", *pool_lines(plan))
    )
    return table


def eta_text(plan: Plan) -> str:
    """The plan's ETA, as a range when a sampled count leaves it unsure. It counts rate-limit
    waits; none means every call fits in its endpoint's first window."""
    low, high = plan.eta_range
    if not high:
        return "no rate-limit wait"
    if duration(low) == duration(high):
        return duration(plan.eta)
    return f"{duration(plan.eta)} (between {duration(low)} and {duration(high)})"


WAIT_HEADER = "budget wait (sum over calls)"
WAIT_NOTE = (
    "budget wait adds up each call's wait for its rate limit; calls wait side by side, so the "
    "sum can exceed the elapsed time"
)


def elapsed_text(summary: SyncSummary) -> str:
    """How long the sync took: on the sync's clock, and on the wall clock beside it when the
    clock ran faster (a simulator's time scale)."""
    elapsed = duration(summary.elapsed_seconds)
    if summary.time_scale == 1.0:
        return elapsed
    wall = duration(summary.wall_seconds)
    return f"{elapsed} simulated ({wall} wall-clock at {summary.time_scale:g}x)"


def summary_table(summary: SyncSummary) -> list[Table]:
    """Rows per table; calls, 429s and waits per endpoint; elapsed against the floor."""
    rows = Table(title="Rows", title_justify="left")
    rows.add_column("table")
    rows.add_column("written now", justify="right")
    rows.add_column("in the store", justify="right")
    for name, count in sorted(summary.rows.items()):
        stored = summary.stored.get(name)
        rows.add_row(name, f"{count:,}", "" if stored is None else f"{stored:,}")
    rows.caption = "written now counts upserts: a ticket that two streams fill counts twice"
    calls = Table(title="Calls", title_justify="left")
    for header in ("endpoint", "calls", "429s", "retries", WAIT_HEADER):
        calls.add_column(header, justify="left" if header == "endpoint" else "right")
    for key, e in sorted(summary.endpoints.items()):
        if e.get("calls"):
            calls.add_row(key, f"{int(e['calls']):,}", str(int(e["throttled"])),
                          str(int(e["retries"])), duration(e["wait_seconds"]))  # fmt: skip
    floor, elapsed = summary.actual.floor, elapsed_text(summary)
    against = (
        f"elapsed {elapsed} vs floor {duration(floor)} = "
        f"{summary.elapsed_seconds / floor:.2f} x floor"
        if floor
        else f"elapsed {elapsed}; every endpoint's calls fit in one rate-limit window (no floor)"
    )
    calls.caption = "\n".join((against, WAIT_NOTE, *summary.notes))
    streams = Table(title="Streams", title_justify="left")
    for header in ("stream", "status", "rows", "note"):
        streams.add_column(header)
    for s in summary.streams:
        colour = {"ok": "green", "failed": "red"}.get(s.status, "yellow")
        streams.add_row(s.name, f"[{colour}]{s.status}[/]", f"{s.rows:,}", s.error or s.note or "")
    return [streams, rows, calls]


def live_table(run: SyncRun) -> Table:
    """A running sync's live progress (its last heartbeat), one row per stream."""
    progress = run.progress or {}
    table = Table(title=f"Syncing now: {run.holder or 'another process'}", title_justify="left")
    for header in ("stream", "status", "rows", "done", "ETA", "calls", "429s"):
        table.add_column(header, justify="left" if header in ("stream", "status") else "right")
    scale = float(progress.get("time_scale") or 1.0)
    for name, s in progress.get("streams", {}).items():
        done = f"{s['done']:,}" + (f" of {s['total']:,}" if s.get("total") is not None else "")
        eta = s.get("eta_seconds")
        table.add_row(Text(name), s["status"], f"{s['rows']:,}", done,
                      duration(eta / scale) if eta else "", f"{s['calls']:,}",
                      f"{s['throttled']:,}")  # fmt: skip
    eta = progress.get("eta_wall_seconds")
    beat = f"{run.heartbeat_at:%H:%M:%S} UTC" if run.heartbeat_at else "not yet"
    table.caption = (
        f"{progress.get('rows', 0):,} rows so far, ETA {duration(eta) if eta else 'unknown'} "
        f"(wall clock); last heartbeat {beat}"
    )
    return table


class RichProgress:
    """A ``Progress`` for the terminal: one bar per stream and the sync's ETA."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bars = Bars(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rows]:>10} rows  {task.fields[note]}"),
            console=console,
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {}
        self.eta_task: TaskID | None = None

    def planned(self, plan: Plan) -> None:
        """Print the plan and start the bars."""
        self.console.print(plan_table(plan))
        self.bars.start()
        self.eta_task = self.bars.add_task("sync", total=None, rows="", note="")

    def update(self, state: StreamState, eta: float | None) -> None:
        """Move a stream's bar; show the ETA on the first line."""
        task = self.tasks.get(state.name)
        if task is None:
            task = self.bars.add_task(state.name, total=None, rows="0", note="")
            self.tasks[state.name] = task
        total = state.total if state.total is not None and state.total >= state.done else None
        note = state.note or ("" if state.status in ("running", "waiting") else state.status)
        self.bars.update(task, completed=state.done, total=total, rows=f"{state.rows:,}", note=note)
        if self.eta_task is not None:
            self.bars.update(self.eta_task, note=f"ETA {duration(eta)}" if eta else "")

    def warning(self, message: str) -> None:
        """Print a warning above the bars."""
        self.console.print(Text.assemble(("warning: ", "yellow"), message))

    def finished(self, summary: SyncSummary) -> None:
        """Stop the bars and print the summary (not for a sync that was interrupted or could
        not log in: the command then says in one line what happened)."""
        if self.eta_task is not None:
            self.bars.remove_task(self.eta_task)  # the ETA line means nothing once done
        self.bars.stop()
        if summary.interrupted or summary.stopped:
            return
        for table in summary_table(summary):
            self.console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``sync`` to the ``ticketlake`` command."""
    app.command("sync")(sync)


def main() -> None:
    """``python -m ticketlake.cli.sync``: the command on its own (scripts, tests)."""
    import sys

    command = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    register(command)
    try:
        command(sys.argv[1:])
    except TicketlakeError as exc:
        from ticketlake.cli.onboarding_view import show_error

        show_error(exc)  # plain text: a tenant's answer may hold [brackets]
        sys.exit(2)


if __name__ == "__main__":
    main()

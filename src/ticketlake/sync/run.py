"""``run_sync``: plan, then run every stream of a connection at once, each batch committed with
its stream's cursor.

Streams share nothing but the transport (each endpoint paced by its own budget, so a backfill
takes as long as its busiest endpoint) and the sink (one writer). A stream that fails stops
alone; the others finish, and every cursor committed so far stays, so the next run resumes.
One failure stops them all: the login's (the tenant unreachable, the credentials refused), since
no call can succeed after it; the summary says it once (``stopped``), the other streams "not run".
Cancelled (Ctrl-C), the engine still records what it committed and hands the summary to
``Progress.finished`` before the cancellation goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from ticketlake.connectors.base import (
    CallEstimate,
    ConnectionSettings,
    Connector,
    Signals,
    Stream,
    StreamContext,
)
from ticketlake.errors import ConfigError, TicketlakeError
from ticketlake.records import Batch
from ticketlake.store.base import Store
from ticketlake.sync.plan import Plan, announced_limits, build_plan, plan_of_calls
from ticketlake.sync.progress import NullProgress, Progress, StreamReporter, StreamState
from ticketlake.sync.registry import connector_for
from ticketlake.sync.sink import StoreSink
from ticketlake.sync.summary import StreamOutcome, SyncSummary
from ticketlake.transport import BudgetBackend, Clock, Transport
from ticketlake.transport.stats import CALLER

logger = logging.getLogger("ticketlake.sync")


async def run_sync(
    connection: ConnectionSettings,
    store: Store,
    *,
    full: bool = False,
    streams: Sequence[str] | None = None,
    progress: Progress | None = None,
    clock: Clock | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
    connector: Connector | None = None,
    budgets: BudgetBackend | None = None,
) -> SyncSummary:
    """Sync ``connection`` into ``store`` and return the summary (never raises for a stream's
    failure: the summary says which stream failed and why; ``summary.ok`` is False).

    ``budgets`` shares the connection's rate budgets beyond this process (workers: Redis);
    by default they live in the transport."""
    connector = connector or connector_for(connection.source)
    shared = {"budgets": budgets} if budgets is not None else {}
    transport = connector.transport(
        connection, clock=clock, http_transport=http_transport, **shared
    )
    async with transport:
        chosen = _select(connector.streams(connection, transport), streams)
        engine = _Engine(connection, store, transport, chosen, full, progress or NullProgress())
        return await engine.run()


def _select(available: Sequence[Stream], wanted: Sequence[str] | None) -> list[Stream]:
    if not wanted:
        return list(available)
    names = {s.name for s in available}
    unknown = [w for w in wanted if w not in names]
    if unknown:
        raise ConfigError(
            f"unknown stream(s): {', '.join(unknown)}",
            fix=f"choose from {', '.join(s.name for s in available)}",
        )
    return [s for s in available if s.name in wanted]


class _Engine:
    def __init__(
        self,
        connection: ConnectionSettings,
        store: Store,
        transport: Transport,
        streams: list[Stream],
        full: bool,
        progress: Progress,
    ) -> None:
        self.connection = connection.name
        self.store = store
        self.transport = transport
        self.streams = streams
        self.full = full
        self.progress = progress
        self.signals = Signals()
        self.sink = StoreSink(store, connection.name, self.signals, [s.name for s in streams])
        self.states = {s.name: StreamState(s.name) for s in streams}
        self.errors: dict[str, str] = {}
        self.estimates: dict[str, list[CallEstimate]] = {}
        self.plan = Plan()
        self.planned_at: float | None = None
        """When (the sync's clock) the last estimate came in and the plan was made."""
        self.stopped: str | None = None
        """Why every stream stopped at once (the login failed), when it did."""
        self.pace: str | None = None
        """Why the tenant's clock and ours disagree, once found (a simulator at another speed)."""

    def _context(self, stream: Stream) -> StreamContext:
        reporter = StreamReporter(self.states[stream.name], self._publish)
        names = frozenset(s.name for s in self.streams)
        return StreamContext(
            self.connection, self.transport, self.sink, self.signals, reporter, self.full, names
        )

    def _publish(self, state: StreamState) -> None:
        remaining: dict[str, int] = {}
        for s in self.states.values():
            if s.status in ("waiting", "running"):
                for key, calls in s.remaining.items():
                    remaining[key] = remaining.get(key, 0) + calls
        limits = self.transport.limits_in_force()
        latencies = self.transport.latencies()

        def eta_of(calls: dict[str, int]) -> float:
            return plan_of_calls(calls, limits, like=self.plan, latencies=latencies).eta

        eta = eta_of(remaining) if remaining else None
        active = state.status in ("waiting", "running") and state.remaining
        state.eta = eta_of(state.remaining) if active else None
        counted = self.transport.stats.by_caller.get(state.name)
        if counted is not None:
            state.calls, state.throttled = counted.calls, counted.throttled
        self.progress.update(state, eta)
        self._check_pace()

    def _check_pace(self) -> None:
        """Say once, while it runs, that the tenant's clock runs at another speed than ours:
        every wait is then wrong (a simulator and ticketlake at different time scales)."""
        found = self.pace is None and self.transport.pace_mismatch()
        if found:
            self.pace = f"{found[0]}; fix: {found[1]}"
            self.progress.warning(self.pace)

    async def run(self) -> SyncSummary:
        started, wall = self.transport.clock.now(), time.monotonic()
        run_id = uuid.uuid4().hex[:12]
        stored: dict[str, int] = {}
        try:
            await self._run_streams()
            stored = await self._stored()
        finally:
            summary = self._summary(run_id, started, time.monotonic() - wall, stored)
            with contextlib.suppress(TicketlakeError):
                await self._record(summary, started)
            self.progress.finished(summary)
        return summary

    async def _run_streams(self) -> None:
        """Every stream at once; all of them stop when the login fails."""
        tasks = [asyncio.ensure_future(self._plan_and_run(s)) for s in self.streams]
        watcher = asyncio.ensure_future(self._stop_when_login_fails(tasks))
        try:
            results = await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            watcher.cancel()
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                raise result

    async def _stop_when_login_fails(self, tasks: Sequence[asyncio.Future[None]]) -> None:
        await self.transport.login_failed.wait()
        error = self.transport.login_error
        self.stopped = f"could not log in, so no stream can run: {error}"
        for task in tasks:
            task.cancel()

    async def _plan_and_run(self, stream: Stream) -> None:
        """Estimate, then run at once: the busiest endpoint must not idle while slower
        estimates finish. The plan is published when the last estimate is in."""
        CALLER.set(stream.name)  # this task's calls (and its subtasks') count as the stream's
        ctx = self._context(stream)
        self.estimates[stream.name] = await self._estimate(stream, ctx)
        if len(self.estimates) == len(self.streams):
            found = [e for each in self.estimates.values() for e in each]
            # Priced at the limits in force: what the server announced, or what a tenant's
            # other integrations leave of a shared budget (read by the first calls).
            self.plan = build_plan(
                found,
                self.transport.limits_in_force(),
                self.transport.latencies(),
                self.transport.under_way(),
            )
            self.planned_at = self.transport.clock.now()
            self.progress.planned(self.plan)
        await self._run_one(stream, ctx)

    async def _estimate(self, stream: Stream, ctx: StreamContext) -> list[CallEstimate]:
        try:
            found = await stream.estimate(ctx)
        except TicketlakeError as exc:
            self.errors[stream.name] = str(exc)
            return []
        except Exception as exc:
            logger.exception("planning stream %s failed", stream.name)
            self.errors[stream.name] = f"internal error: {type(exc).__name__}: {exc}"
            return []
        ctx.reporter.update(remaining={e.endpoint: e.calls for e in found})
        return found

    async def _run_one(self, stream: Stream, ctx: StreamContext) -> None:
        state = self.states[stream.name]
        if stream.name in self.errors:
            state.status = "failed"
            self.signals.finish(stream.name)
            self._publish(state)
            return
        state.status = "running"
        self._publish(state)
        try:
            await stream.run(ctx)
            state.status, state.remaining = "ok", {}
        except TicketlakeError as exc:
            state.status = "failed"
            self.errors[stream.name] = str(exc)
        except Exception as exc:  # a bug must not take the other streams down; say what it was
            logger.exception("stream %s failed", stream.name)
            state.status = "failed"
            self.errors[stream.name] = f"internal error: {type(exc).__name__}: {exc}"
        except asyncio.CancelledError:
            state.status = "not run" if self.stopped else "interrupted"
            raise
        finally:
            self.signals.finish(stream.name)
            self._publish(state)

    def _summary(
        self, run_id: str, started: float, wall: float, stored: dict[str, int]
    ) -> SyncSummary:
        stats = self.transport.stats.snapshot()
        calls = {k: int(v["calls"]) for k, v in stats.items() if v["calls"]}
        limits = self.transport.limits_in_force()
        return SyncSummary(
            connection=self.connection,
            run_id=run_id,
            full=self.full,
            started_at=datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
            elapsed_seconds=self.transport.clock.now() - started,
            wall_seconds=wall,
            time_scale=getattr(self.transport.clock, "scale", 1.0),
            planned=self.plan,
            planned_after_seconds=None if self.planned_at is None else self.planned_at - started,
            actual=plan_of_calls(calls, limits),
            notes=(
                *announced_limits(calls, self.transport.endpoints, limits),
                *([self.pace] if self.pace else []),
            ),
            rows=dict(self.sink.rows),
            stored=stored,
            endpoints=stats,
            streams=tuple(self._outcome(s) for s in self.states.values()),
            stopped=self.stopped,
        )

    def _outcome(self, s: StreamState) -> StreamOutcome:
        error = self.errors.get(s.name)
        counted = self.transport.stats.by_caller.get(s.name)
        calls = counted.calls if counted is not None else 0
        if self.stopped and error == str(self.transport.login_error):
            return StreamOutcome(s.name, "not run", s.rows, None, s.note, calls)  # said above
        status = s.status
        if status in ("waiting", "running"):  # cancelled before it could say
            status = "not run" if self.stopped else "interrupted"
        return StreamOutcome(s.name, status, s.rows, error, s.note, calls)

    async def _stored(self) -> dict[str, int]:
        """Rows per table the store holds for this connection (what the user now has)."""
        counts: dict[str, int] = {}
        for table in sorted(self.sink.rows):  # names of the model's tables, never user input
            with contextlib.suppress(TicketlakeError):
                result = await self.sink.query(
                    f"SELECT count(*) FROM {table} WHERE connection = $1",
                    [self.connection],
                )
                counts[table] = int(result.rows[0][0])
        return counts

    async def _record(self, summary: SyncSummary, started: float) -> None:
        """One ``sync_runs`` row per stream (best effort: the data is already committed)."""
        begun = datetime.fromtimestamp(started, UTC)
        ended = datetime.fromtimestamp(self.transport.clock.now(), UTC)
        rows: list[dict[str, Any]] = [
            {
                "run_id": summary.run_id,
                "stream": s.name,
                "started_at": begun,
                "finished_at": ended,
                "status": s.status,
                "rows": s.rows,
                "error": s.error,
            }
            for s in summary.streams
        ]
        await self.sink.write(Batch(self.connection, rows={"sync_runs": rows}))

"""Verification runs in the server: checks run in the background and each result is published
the moment it completes, so pages (script or refresh) show checks as they finish.

Runs live in memory while the server runs; the checker keeps the finished report in the
catalog.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from ticketlake.checks import CheckResult, CheckStatus
from ticketlake.checks.verdict import Judgement, judge
from ticketlake.errors import TicketlakeError
from ticketlake.web.ports import Checker

log = logging.getLogger(__name__)

KEEP_RUNS = 200
RETEST = "save and test again"
"""How a web page's reader runs the checks again."""


@dataclass
class CheckRun:
    """One verification of one connection, filling up as checks complete."""

    id: str
    connection: str
    actor: str
    started_at: float
    results: list[CheckResult] = field(default_factory=list)
    finished_at: float | None = None
    error: str = ""
    note: str = ""
    """Why nothing was verified (no checks exist for the source yet)."""
    changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def done(self) -> bool:
        """True once every check has reported (or the run stopped on an error)."""
        return self.finished_at is not None

    @property
    def ok(self) -> bool:
        """True when finished without an error and without a failing check."""
        return (
            self.done
            and not self.error
            and not self.note
            and all(r.status is not CheckStatus.FAIL for r in self.results)
        )

    @property
    def judgement(self) -> Judgement:
        """The verdict of the checks so far (``checks.verdict``): what the headline says."""
        return judge(self.results, available=not self.note, note=self.note)

    @property
    def next_step(self) -> str:
        """What the person verifying should do now, after the headline."""
        return self.judgement.next_step(RETEST)

    def _notify(self) -> None:
        # Wake every waiter, then arm a fresh event for the next change.
        event, self.changed = self.changed, asyncio.Event()
        event.set()


class CheckRuns:
    """Start runs, look them up, and wait for their next result."""

    def __init__(self, checker: Checker, clock: Callable[[], float]) -> None:
        self._checker = checker
        self._clock = clock
        self._runs: dict[str, CheckRun] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, connection: str, actor: str) -> CheckRun:
        """Begin a run in the background (call from the server's event loop)."""
        run = CheckRun(secrets.token_hex(8), connection, actor, self._clock())
        self._runs[run.id] = run
        while len(self._runs) > KEEP_RUNS:
            self._runs.pop(next(iter(self._runs)))
        task = asyncio.get_running_loop().create_task(self._drive(run))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return run

    def get(self, run_id: str) -> CheckRun | None:
        """A run by id (only while the server has it in memory)."""
        return self._runs.get(run_id)

    def latest(self, connection: str) -> CheckRun | None:
        """The newest run of a connection."""
        runs = [r for r in self._runs.values() if r.connection == connection]
        return runs[-1] if runs else None

    async def wait(self, run: CheckRun, after: int, seconds: float) -> None:
        """Return once the run has more than ``after`` results, is done, or ``seconds`` passed."""
        while len(run.results) <= after and not run.done:
            try:
                await asyncio.wait_for(run.changed.wait(), seconds)
            except TimeoutError:
                return

    async def _drive(self, run: CheckRun) -> None:
        def publish(result: CheckResult) -> None:
            run.results.append(result)
            run._notify()

        try:
            outcome = await self._checker.run(run.connection, actor=run.actor, on_result=publish)
            run.note = outcome.note
        except TicketlakeError as exc:
            run.error = exc.message
        except Exception as exc:
            # Only the type is logged: an unexpected message might quote what it was given.
            log.error("check run %s of %s stopped: %s", run.id, run.connection, type(exc).__name__)
            run.error = "the checks stopped on an unexpected error; the server log has details"
        run.finished_at = self._clock()
        run._notify()

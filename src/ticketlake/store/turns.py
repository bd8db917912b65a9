"""Turns: processes sharing one DuckDB file take turns at it, instead of one holding it for hours.

DuckDB lets one process at a time open a database file for writing (or several for reading
only). A sync that kept the file open for a multi-hour backfill would lock every ``query``,
``report`` and other connection's sync out until it ended. So every process that opens the
file takes a *turn* first, an advisory lock on a sidecar file (``data.duckdb.lock``:
``flock``, shared for read-only opens, exclusive otherwise), and gives the turn back, closing
the file, as soon as another process waits for one and its own unit of work (a batch commit, a
query) is done. Waiting is announced on a second sidecar (``data.duckdb.wait``, held shared
by every waiter), which a holder probes between units of work.

Why not close the file after every unit? Measured on the 2-core machine (100,000 tickets in
1,000-row batches): a commit loop on one open connection stores 28,600 rows/s; opening and
closing around each commit, 13,600 rows/s, and 400,000 rows in 2,000-row batches fell from
24,600 to 7,500 rows/s, each close costing 0.6 s by then: closing checkpoints, and a checkpoint
rewrites the table's key index, so its cost grows with the table. A turn given up only when
someone waits costs one checkpoint per turn given, paid by the holder, and nothing otherwise.

A waiter that does not get a turn within ``timeout`` seconds gets a ``StoreError`` naming the
holder (its pid and command, written into the lock file when it took the turn). ``flock``
locks end with their process, so a killed holder never leaves the file locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ticketlake.errors import StoreError

TIMEOUT = 120.0
"""Seconds to wait for a turn before giving up (a holder yields after its current unit)."""
MIN_TURN = 0.5
"""Seconds a holder keeps its turn, when others wait, before giving it up: commits that come
back to back share one open (and one checkpoint)."""
POLL = 0.02
"""Seconds between two tries for a turn."""


def describe_self() -> str:
    """``pid 4242 (ticketlake sync)``: who this process is, without its arguments (they may
    hold a password given as a flag)."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    command = next((a for a in sys.argv[1:2] if not a.startswith("-")), "")
    return f"pid {os.getpid()} ({' '.join(p for p in (program, command) if p)})"


class Turns:
    """This process's turns at one DuckDB file."""

    def __init__(
        self,
        database: Path,
        *,
        timeout: float = TIMEOUT,
        min_turn: float = MIN_TURN,
        poll: float = POLL,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self.timeout = timeout
        self.min_turn = min_turn
        self.poll = poll
        self._monotonic = monotonic
        self._lock_fd: int | None = None
        self._since = 0.0
        self._yielded = False

    @property
    def held(self) -> bool:
        """Whether this process has the turn now."""
        return self._lock_fd is not None

    def take(self, *, shared: bool) -> None:
        """Wait for a turn (``shared``: a read-only one, several at once), up to ``timeout``
        seconds; raises ``StoreError`` naming the holder when it does not come."""
        if self.held:
            return
        if self._yielded:  # let whoever we gave the turn to have it before asking again
            self._await_no_waiters()
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        fd = self._open(".lock")
        wait_fd: int | None = None
        deadline = self._monotonic() + self.timeout
        try:
            while not _try(fd, mode):
                if wait_fd is None:
                    wait_fd = self._open(".wait")
                    fcntl.flock(wait_fd, fcntl.LOCK_SH)  # announce: "I am waiting"
                if self._monotonic() >= deadline:
                    raise self._busy(fd)
                time.sleep(self.poll)
        except BaseException:
            os.close(fd)
            raise
        finally:
            if wait_fd is not None:
                os.close(wait_fd)  # closing drops the lock
        self._lock_fd, self._since, self._yielded = fd, self._monotonic(), False
        _write_holder(fd)

    def give_back(self) -> None:
        """Give the turn back (the caller has closed the database first)."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def should_yield(self) -> bool:
        """Whether to give the turn back now: someone waits and this turn lasted ``min_turn``."""
        if not self.held or self._monotonic() - self._since < self.min_turn:
            return False
        return self.others_wait()

    def yielded(self) -> None:
        """Record that the turn was given back to a waiter (the next ``take`` lets it in)."""
        self.give_back()
        self._yielded = True

    def others_wait(self) -> bool:
        """Whether another process waits for a turn."""
        fd = self._open(".wait")
        try:
            return not _try(fd, fcntl.LOCK_EX)
        finally:
            os.close(fd)

    def _await_no_waiters(self) -> None:
        deadline = self._monotonic() + max(self.min_turn, 1.0)
        while self.others_wait() and self._monotonic() < deadline:
            time.sleep(self.poll)
        self._yielded = False

    def _open(self, suffix: str) -> int:
        return os.open(f"{self.database}{suffix}", os.O_RDWR | os.O_CREAT, 0o600)

    def _busy(self, fd: int) -> StoreError:
        holder = _read_holder(fd) or "another process"
        return StoreError(
            f"the data store {self.database} was in use by {holder} for all of the "
            f"{self.timeout:g} s this process waited for its turn",
            fix="let that process's query, report or sync finish, or stop it, then try again",
        )


def _try(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_holder(fd: int) -> None:
    text = f"{describe_self()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n"
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, text.encode(), 0)


def _read_holder(fd: int) -> str:
    with contextlib.suppress(OSError):
        return os.pread(fd, 200, 0).decode(errors="replace").strip()
    return ""

"""A DuckDB connection that is open only while this process has its turn at the file.

``session()`` is one unit of work (a batch's transaction, a query): it takes the turn and opens
the file if needed, and at its end gives both back when another process waits
(:mod:`ticketlake.store.turns`). A watcher thread does the same while the store sits idle
between units (a sync waiting out a rate-limit window), so a waiting ``query`` never waits for
the next batch. Units nest; the connection is never closed inside one.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ticketlake.errors import StoreError
from ticketlake.store.turns import TIMEOUT, Turns

WATCH = 0.1
"""Seconds between two looks, while idle, at whether another process waits."""
_LOCK_HOLDER = re.compile(r"lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")

Options = dict[str, str | bool | int | float | list[str]]


class TurnTakingConnection:
    """One DuckDB database (a file, or ``:memory:``) opened in turns."""

    def __init__(
        self, path: str, *, read_only: bool, options: Options, timeout: float = TIMEOUT
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._options = options
        self._timeout = timeout
        self._turns = None if path == ":memory:" else Turns(Path(path), timeout=timeout)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._mutex = threading.RLock()
        self._depth = 0
        self._closed = threading.Event()
        self._watcher: threading.Thread | None = None

    @contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The open connection, for one unit of work."""
        with self._mutex:
            if self._closed.is_set():
                raise StoreError(f"the data store {self.path} is closed")
            con = self._con if self._con is not None else self._open()
            self._depth += 1
            try:
                yield con
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._yield_if_wanted()

    @property
    def current(self) -> duckdb.DuckDBPyConnection:
        """The connection of the unit of work in progress (only valid inside ``session``)."""
        if self._con is None or self._depth == 0:
            raise RuntimeError("the DuckDB connection is used outside a session")
        return self._con

    def close(self) -> None:
        """Close the connection and give the turn back for good."""
        self._closed.set()
        with self._mutex:
            self._release()
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join()

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self._turns is not None:
            self._turns.take(shared=self.read_only)
        try:
            con = self._connect()
            # Timestamps come back as UTC instants whatever the machine's zone.
            con.execute("SET TimeZone = 'UTC'")
        except BaseException:
            if self._turns is not None:
                self._turns.give_back()
            raise
        self._con = con
        if self._turns is not None and self._watcher is None:
            self._watcher = threading.Thread(target=self._watch, daemon=True)
            self._watcher.start()
        return con

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """Connect; a process that does not take turns (another DuckDB client) may hold the
        file: wait for it like for a turn."""
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                return duckdb.connect(self.path, read_only=self.read_only, config=self._options)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise open_error(self.path, exc) from None
                time.sleep(0.05)
            except duckdb.Error as exc:  # an unknown or invalid setting
                raise StoreError(f"cannot open the data store {self.path}: {exc}") from None

    def _yield_if_wanted(self) -> None:
        if self._turns is not None and self._con is not None and self._turns.should_yield():
            self._con.close()
            self._con = None
            self._turns.yielded()

    def _release(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._turns is not None:
            self._turns.give_back()

    def _watch(self) -> None:
        # A relative sleep, not ``Event.wait(WATCH)``: a timed wait on a lock waits until an
        # absolute time, and a stepped or faked system clock (NTP, libfaketime) can put that
        # years away; the watcher then never looked again and a waiting query timed out.
        while not self._closed.is_set():
            time.sleep(WATCH)
            if self._closed.is_set():
                return
            if self._mutex.acquire(blocking=False):
                try:
                    if self._depth == 0:
                        self._yield_if_wanted()
                finally:
                    self._mutex.release()


def open_error(path: str, exc: duckdb.IOException) -> StoreError:
    """The ``StoreError`` for a DuckDB file that would not open, naming its holder if known."""
    text = str(exc)
    holder = _LOCK_HOLDER.search(text)
    if holder:
        return StoreError(
            f"the data store {path} is in use by another process "
            f"(pid {holder['pid']}, {holder['program']})",
            fix="wait for that sync or query to finish, or stop that process",
        )
    if "lock" in text.lower():
        return StoreError(
            f"the data store {path} is in use by another process",
            fix="wait for that sync or query to finish, or stop that process",
        )
    return StoreError(f"cannot open the data store {path}: {text}")

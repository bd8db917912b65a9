"""Schedules and the health of each connection's syncs, in one catalog table of ours.

A row per connection: its schedule (``--every 15m`` or a cron expression, parsed by croniter),
when it is next due, and how its last syncs ended (consecutive failures, the last error, the last
success, whether the failures were alerted on). Times are epoch seconds (the same on SQLite
and Postgres). The table is created on first use, beside the catalog's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from croniter import croniter

from ticketlake.catalog import Catalog
from ticketlake.catalog.db import Row
from ticketlake.errors import ConfigError

TABLE = "ticketlake_schedules"
_DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    connection TEXT PRIMARY KEY,
    every_seconds DOUBLE PRECISION,
    cron TEXT,
    next_at DOUBLE PRECISION,
    failures INTEGER NOT NULL DEFAULT 0,
    last_status TEXT,
    last_error TEXT,
    last_at DOUBLE PRECISION,
    last_success_at DOUBLE PRECISION,
    alerted INTEGER NOT NULL DEFAULT 0)"""
_COLUMNS = (
    "connection, every_seconds, cron, next_at, failures, last_status, last_error, last_at, "
    "last_success_at, alerted"
)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """``90s``, ``15m``, ``2h``, ``1d`` → seconds (at least a minute)."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", text)
    if not found:
        raise ConfigError(f"cannot read the interval {text!r}", fix="write it as 15m, 2h or 1d")
    seconds = float(found[1]) * _UNITS[found[2]]
    if seconds < 60:
        raise ConfigError(f"{text} is shorter than a minute", fix="schedule syncs 1m apart or more")
    return seconds


def check_cron(text: str) -> str:
    """A cron expression croniter reads, or a ``ConfigError``."""
    if not croniter.is_valid(text):
        raise ConfigError(f"not a cron expression: {text!r}", fix='e.g. "*/15 * * * *"')
    return text


@dataclass(frozen=True)
class Schedule:
    """A connection's schedule and the health of its syncs."""

    connection: str
    every: float | None = None
    cron: str | None = None
    next_at: float | None = None
    failures: int = 0
    last_status: str | None = None
    last_error: str | None = None
    last_at: float | None = None
    last_success_at: float | None = None
    alerted: bool = False

    @property
    def scheduled(self) -> bool:
        """Whether the connection syncs on a schedule (not only on request)."""
        return self.every is not None or self.cron is not None

    def after(self, now: float) -> float | None:
        """When the next sync is due after ``now`` (None: not scheduled)."""
        if self.every is not None:
            return now + self.every
        if self.cron is not None:
            start = datetime.fromtimestamp(now, UTC)
            return float(croniter(self.cron, start).get_next(float))
        return None

    def describe(self) -> str:
        """``every 15m`` / ``cron */15 * * * *`` / ``on request``."""
        if self.every is not None:
            return f"every {_span(self.every)}"
        return f"cron {self.cron}" if self.cron else "on request"


def _span(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


class Schedules:
    """The schedule table of a catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._db = catalog.db
        with self._db.transaction() as tx:
            tx.execute(_DDL)

    def set(self, name: str, *, every: float | None, cron: str | None, now: float) -> Schedule:
        """Schedule ``name`` (both None: on request only); its first sync is due at once."""
        if not self._catalog.exists(name):
            raise ConfigError(f"no connection named {name!r}", fix="`ticketlake connections`")
        current = self.get(name)
        wanted = Schedule(name, every, cron)
        next_at = now if wanted.scheduled else None
        with self._db.transaction() as tx:
            if current is None:
                tx.execute(
                    f"INSERT INTO {TABLE} (connection, every_seconds, cron, next_at) "
                    "VALUES (?, ?, ?, ?)",
                    [name, every, cron, next_at],
                )
            else:
                tx.execute(
                    f"UPDATE {TABLE} SET every_seconds = ?, cron = ?, next_at = ? "
                    "WHERE connection = ?",
                    [every, cron, next_at, name],
                )
        found = self.get(name)
        assert found is not None
        return found

    def get(self, name: str) -> Schedule | None:
        """The row of ``name``, if it has one."""
        with self._db.transaction() as tx:
            rows = tx.rows(f"SELECT {_COLUMNS} FROM {TABLE} WHERE connection = ?", [name])
        return _schedule(rows[0]) if rows else None

    def all(self) -> list[Schedule]:
        """Every row, by connection name."""
        with self._db.transaction() as tx:
            rows = tx.rows(f"SELECT {_COLUMNS} FROM {TABLE} ORDER BY connection")
        return [_schedule(r) for r in rows]

    def due(self, now: float) -> list[Schedule]:
        """Scheduled connections due at ``now``."""
        with self._db.transaction() as tx:
            rows = tx.rows(
                f"SELECT {_COLUMNS} FROM {TABLE} WHERE next_at IS NOT NULL AND next_at <= ? "
                "ORDER BY next_at",
                [now],
            )
        return [_schedule(r) for r in rows]

    def postpone(self, name: str, next_at: float | None) -> None:
        """Set when ``name`` is next due."""
        with self._db.transaction() as tx:
            tx.execute(f"UPDATE {TABLE} SET next_at = ? WHERE connection = ?", [next_at, name])

    def ended(self, name: str, status: str, error: str | None, now: float) -> Schedule:
        """Record how a slice of ``name`` ended; returns the row after it (a row is created
        for a connection synced on request only)."""
        with self._db.transaction() as tx:
            if not tx.rows(f"SELECT 1 FROM {TABLE} WHERE connection = ?", [name]):
                tx.execute(f"INSERT INTO {TABLE} (connection) VALUES (?)", [name])
            if status == "failed":
                tx.execute(
                    f"UPDATE {TABLE} SET failures = failures + 1, last_status = ?, "
                    "last_error = ?, last_at = ? WHERE connection = ?",
                    [status, error, now, name],
                )
            elif status == "done":
                tx.execute(
                    f"UPDATE {TABLE} SET failures = 0, alerted = 0, last_status = ?, "
                    "last_error = NULL, last_at = ?, last_success_at = ? WHERE connection = ?",
                    [status, now, now, name],
                )
            else:
                tx.execute(
                    f"UPDATE {TABLE} SET last_status = ?, last_at = ? WHERE connection = ?",
                    [status, now, name],
                )
        found = self.get(name)
        assert found is not None
        return found

    def mark_alerted(self, name: str) -> None:
        """The failures of ``name`` were alerted on (not again until it succeeds)."""
        with self._db.transaction() as tx:
            tx.execute(f"UPDATE {TABLE} SET alerted = 1 WHERE connection = ?", [name])


def _schedule(r: Row) -> Schedule:
    def num(v: Any) -> float | None:
        return None if v is None else float(v)

    return Schedule(
        connection=str(r[0]),
        every=num(r[1]),
        cron=None if r[2] is None else str(r[2]),
        next_at=num(r[3]),
        failures=int(r[4]),
        last_status=None if r[5] is None else str(r[5]),
        last_error=None if r[6] is None else str(r[6]),
        last_at=num(r[7]),
        last_success_at=num(r[8]),
        alerted=bool(r[9]),
    )

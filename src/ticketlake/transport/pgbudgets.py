"""Shared budgets in Postgres, for providers without Redis: ``PostgresBudgets``.

The same keys, steps and semantics as the Redis backend (:mod:`.redisbudgets`), selected with
``TICKETLAKE_BUDGETS=postgres`` and kept in the catalog's database. Each step is one
transaction (:mod:`.pgsteps`) that first takes a transaction-level advisory lock on its key,
so two workers' steps on one key run one after the other (and steps on other keys do not
wait), then reads the database's clock (``clock_timestamp()``, once the lock is held: the time
the step really runs at). Every worker reads that one clock, as they read Redis's ``TIME``.

A process keeps one connection for its budgets, its steps taking turns on it (a step lasts a
few round trips on a local network). While the database cannot be reached, calls wait and
ask again (:class:`.steps.Steps`); a connection lost is opened again by the next step.
"""

from __future__ import annotations

import asyncio
from typing import Any, Unpack
from urllib.parse import parse_qsl, urlsplit

import psycopg

from ticketlake.store import sql
from ticketlake.store.postgres import split_url
from ticketlake.transport.pgsteps import STEPS, SWEEP, TABLES, Tx
from ticketlake.transport.shared import SharedBudgets, SharedOptions
from ticketlake.transport.steps import Args, Steps

LOCKS = 0x7469636B
"""The advisory locks' first key ("tick"): the second is the hash of a budget's key."""
CONNECT_TIMEOUT = 5
NOW_MS = "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint"


class PostgresSteps(Steps):
    """The budgets' steps on one Postgres connection."""

    def __init__(self, url: str) -> None:
        super().__init__("Postgres", (psycopg.OperationalError, psycopg.InterfaceError))
        named = any(key == "schema" for key, _ in parse_qsl(urlsplit(url).query))
        self._conninfo, schema, _ = split_url(url) if named else (url, "", "")
        self._schema = schema if named else None
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._turn = asyncio.Lock()

    async def _step(self, step: str, key: str, also: tuple[str, ...], args: Args) -> Any:
        """One transaction holding ``key``'s lock; a connection that failed is dropped."""
        async with self._turn:
            conn = await self._connection()
            try:
                async with conn.transaction(), conn.cursor() as cur:
                    await cur.execute(
                        "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCKS, key]
                    )
                    tx = Tx(cur, await _now(cur))
                    return await STEPS[step](tx, key, also, *args)
            except self._unreachable:
                await self._drop()
                raise

    async def _connection(self) -> psycopg.AsyncConnection[Any]:
        if self._conn is not None and not self._conn.closed:
            return self._conn
        conn = await psycopg.AsyncConnection.connect(
            self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT
        )
        try:
            await _prepare(conn, self._schema)
        except BaseException:
            await conn.close()
            raise
        self._conn = conn
        return conn

    async def _drop(self) -> None:
        if self._conn is not None:
            await self._conn.close()
        self._conn = None

    async def aclose(self) -> None:
        """Close the connection (after the step in progress, if any)."""
        async with self._turn:
            await self._drop()


async def _now(cur: Any) -> int:
    await cur.execute(NOW_MS)
    row = await cur.fetchone()
    return int(row[0])


async def _prepare(conn: psycopg.AsyncConnection[Any], schema: str | None) -> None:
    """Point the connection at ``schema``, create the tables if missing (under a lock: workers
    starting together on a new database would race on the same DDL), drop what expired."""
    async with conn.transaction(), conn.cursor() as cur:
        await cur.execute("SELECT pg_advisory_xact_lock(%s, 0)", [LOCKS])
        if schema is not None:
            await cur.execute(f"CREATE SCHEMA IF NOT EXISTS {sql.ident(schema)}")
            await cur.execute(f"SET search_path TO {sql.ident(schema)}")
        for statement in TABLES:
            await cur.execute(statement)
        now = await _now(cur)
        for statement in SWEEP:
            await cur.execute(statement, [now])


class PostgresBudgets(SharedBudgets):
    """``BudgetBackend`` in Postgres at ``url`` (``?schema=`` as for the store)."""

    def __init__(self, url: str, **options: Unpack[SharedOptions]) -> None:
        super().__init__(PostgresSteps(url), **options)

"""The stores shared budgets live in, as their contract tests need them: Redis (db 15, flushed)
and Postgres (a schema of the test's own, dropped after). One ``Store`` fixture runs every
contract test on both."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
import redis.asyncio as aioredis

from ticketlake.transport import BudgetPolicy
from ticketlake.transport.pgbudgets import PostgresBudgets, PostgresSteps
from ticketlake.transport.pgsteps import MEMBERS, TABLES, VALUES, WINDOWS
from ticketlake.transport.redisbudgets import RedisBudgets, Scripts
from ticketlake.transport.shared import SINCE, SharedBudgets
from ticketlake.transport.steps import Steps

POLICY = BudgetPolicy(margin=0.05, after_429=0.05)
UNREACHABLE = {
    "redis": "redis://127.0.0.1:1/0",
    "postgres": "postgresql://postgres@127.0.0.1:1/test",
}
"""Where no server listens."""


@dataclass
class Store:
    """One store, and what a test does to it behind the budgets' back."""

    kind: str
    url: str
    _admin: Any

    @property
    def port(self) -> int:
        """The port the store listens on."""
        return urlsplit(self.url).port or {"redis": 6379, "postgres": 5432}[self.kind]

    def steps(self, url: str | None = None) -> Steps:
        """A new connection's steps (another worker's)."""
        if self.kind == "redis":
            return Scripts(aioredis.Redis.from_url(url or self.url, socket_connect_timeout=1))
        return PostgresSteps(url or self.url)

    def budgets(
        self, *, identity: str = "tenant", egress: str = "office", url: str | None = None
    ) -> SharedBudgets:
        """A worker's backend: every connection to one tenant (``identity``), on one host."""
        options: dict[str, Any] = {
            "identity": lambda name: identity,
            "host": lambda name: "acme.teamdynamix.com",
            "egress": egress,
            "policy": POLICY,
        }
        if self.kind == "redis":
            client = aioredis.Redis.from_url(url or self.url, socket_connect_timeout=1)
            return RedisBudgets(client, **options)
        return PostgresBudgets(url or self.url, **options)

    def unreachable(self) -> SharedBudgets:
        """A backend whose store does not answer."""
        return self.budgets(url=UNREACHABLE[self.kind])

    def age(self) -> None:
        """The budgets have been counted since long ago (no period to wait for)."""
        if self.kind == "redis":
            self._admin.set(SINCE, 0)
        else:
            self._admin.execute(
                f"INSERT INTO {VALUES} VALUES (%s, 0) ON CONFLICT (key) DO UPDATE SET value = 0",
                [SINCE],
            )

    def lose(self) -> None:
        """What a restart without persistence leaves: nothing."""
        if self.kind == "redis":
            self._admin.flushdb()
        else:
            self._admin.execute(f"TRUNCATE {WINDOWS}, {MEMBERS}, {VALUES}")

    def plant(self, key: str, members: list[str]) -> None:
        """Places (or logged calls) left long ago by a worker that died."""
        if self.kind == "redis":
            self._admin.zadd(key, dict.fromkeys(members, 0))
        else:
            for member in members:
                self._admin.execute(f"INSERT INTO {MEMBERS} VALUES (%s, %s, 0, 0)", [key, member])

    def count(self, key: str) -> int:
        """How many places (or logged calls) ``key`` holds, live or not."""
        if self.kind == "redis":
            return int(self._admin.zcard(key))
        row = self._admin.execute(f"SELECT count(*) FROM {MEMBERS} WHERE key = %s", [key])
        return int(row.fetchone()[0])


def redis_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    url = request.getfixturevalue("redis_url")
    client: redis.Redis = request.getfixturevalue("redis_client")  # flushed
    yield Store("redis", url, client)


def postgres_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    server = request.getfixturevalue("postgres_url")
    schema = f"tl_budgets_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        admin.execute(f"SET search_path TO {schema}")
        for statement in TABLES:
            admin.execute(statement)
        try:
            yield Store(
                "postgres", f"{server}{'&' if '?' in server else '?'}schema={schema}", admin
            )
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")

"""What a deployment at scale is configured with: environment variables, read once.

``TICKETLAKE_REDIS_URL``      the queue's broker and the shared budgets (``redis://host:6379/0``)
``TICKETLAKE_SLICE_SECONDS``  how long one task syncs before it stops, commits and re-enqueues
``TICKETLAKE_BUDGETS``        where the shared rate budgets live: ``redis`` (default, in
                              ``TICKETLAKE_REDIS_URL``) or ``postgres`` (in the catalog's
                              database, ``TICKETLAKE_DATABASE_URL``)
``TICKETLAKE_EGRESS_ID``      the public address the workers' calls leave from (budgets that a
                              source counts per client IP are keyed by it; default ``default``)
``TICKETLAKE_ALERT_AFTER``    consecutive failures of a connection that raise one alert
``TICKETLAKE_ALERT_WEBHOOK``  a URL the alert is POSTed to (JSON)
``TICKETLAKE_SMTP_HOST`` / ``_PORT`` / ``_FROM`` / ``_TO``  the alert by e-mail
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ticketlake import config
from ticketlake.errors import ConfigError

REDIS_URL_ENV = "TICKETLAKE_REDIS_URL"
BUDGETS_ENV = "TICKETLAKE_BUDGETS"
BUDGET_STORES = ("redis", "postgres")
SLICE = 600.0
"""Seconds a slice syncs: long enough to cost nothing in start-up, far below ``TIME_LIMIT``."""
TIME_LIMIT_GRACE = 300.0
"""Seconds past a slice's end before Dramatiq's TimeLimit kills the task: a slice stops itself
at a commit boundary long before, so the kill only ever meets a hung task."""
ALERT_AFTER = 3


@dataclass(frozen=True)
class Smtp:
    """Where an alert e-mail goes."""

    host: str
    port: int
    sender: str
    to: tuple[str, ...]


@dataclass(frozen=True)
class ScaleSettings:
    """The settings of workers, scheduler and alerts (see the module docstring)."""

    redis_url: str | None = None
    slice_seconds: float = SLICE
    egress: str = "default"
    budgets: str = "redis"
    """Where the shared budgets live: ``redis`` or ``postgres``."""
    alert_after: int = ALERT_AFTER
    webhook: str | None = None
    smtp: Smtp | None = None
    database_url: str | None = field(default=None, repr=False)

    @property
    def time_limit_ms(self) -> int:
        """Dramatiq's TimeLimit for a slice, in milliseconds."""
        return int((self.slice_seconds + TIME_LIMIT_GRACE) * 1000)

    @classmethod
    def from_env(cls) -> ScaleSettings:
        """Read the settings from the environment."""
        env = os.environ
        smtp = None
        if env.get("TICKETLAKE_SMTP_HOST"):
            smtp = Smtp(
                env["TICKETLAKE_SMTP_HOST"],
                int(env.get("TICKETLAKE_SMTP_PORT", "25")),
                env.get("TICKETLAKE_SMTP_FROM", "ticketlake@localhost"),
                tuple(a.strip() for a in env.get("TICKETLAKE_SMTP_TO", "").split(",") if a),
            )
        return cls(
            redis_url=env.get(REDIS_URL_ENV, "").strip() or None,
            slice_seconds=float(env.get("TICKETLAKE_SLICE_SECONDS", SLICE)),
            egress=env.get("TICKETLAKE_EGRESS_ID", "").strip() or "default",
            budgets=_budget_store(env.get(BUDGETS_ENV, "")),
            alert_after=int(env.get("TICKETLAKE_ALERT_AFTER", ALERT_AFTER)),
            webhook=env.get("TICKETLAKE_ALERT_WEBHOOK", "").strip() or None,
            smtp=smtp,
            database_url=config.database_url(),
        )

    def budgets_url(self) -> str:
        """The URL of the store the shared budgets live in (a ``ConfigError`` when unset)."""
        return self.require_postgres() if self.budgets == "postgres" else self.require_redis()

    def require_redis(self) -> str:
        """The Redis URL, or a ``ConfigError`` saying how to set it."""
        if not self.redis_url:
            raise ConfigError(
                f"{REDIS_URL_ENV} is not set: workers and the scheduler share a queue in Redis",
                fix=f"`export {REDIS_URL_ENV}=redis://127.0.0.1:6379/0` (see docs/scale.md)",
            )
        return self.redis_url

    def require_postgres(self) -> str:
        """The Postgres URL workers need, or a ``ConfigError`` saying why DuckDB will not do."""
        if not self.database_url:
            raise ConfigError(
                "workers need Postgres: the embedded store (DuckDB, one file) admits one "
                "writing process at a time, and workers are many processes",
                fix="`export TICKETLAKE_DATABASE_URL=postgresql://...` for the catalog and the "
                "data; `ticketlake sync NAME` keeps working on DuckDB in one process",
            )
        return self.database_url


def _budget_store(text: str) -> str:
    store = text.strip().lower() or "redis"
    if store not in BUDGET_STORES:
        raise ConfigError(
            f"{BUDGETS_ENV}={text!r} names no budget store",
            fix=f"set {BUDGETS_ENV} to redis (the default) or postgres",
        )
    return store

"""Login throttling: failed attempts per operator name and per client address, in a window.

Counting lives in the database so it survives restarts and is shared by every server process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from ticketlake.web.database import Database


@dataclass(frozen=True)
class ThrottlePolicy:
    """At most ``per_name`` failures per operator name and ``per_address`` per client address
    within ``window`` seconds; beyond that, logins wait until the oldest failure ages out."""

    per_name: int = 5
    per_address: int = 20
    window: float = 900.0


def _name_key(name: str) -> str:
    # Hashed: people type passwords into the name box, and this table is not the place for one.
    return "name:" + hashlib.sha256(name.lower().encode()).hexdigest()


class LoginThrottle:
    """Record failed logins and say how long a new attempt must wait."""

    def __init__(
        self, db: Database, clock: Callable[[], float], policy: ThrottlePolicy | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self.policy = policy or ThrottlePolicy()

    def retry_after(self, name: str, address: str) -> float:
        """Seconds before another attempt is allowed (0 when allowed now)."""
        now = self._clock()
        since = now - self.policy.window
        waits = [0.0]
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM web_login_failures WHERE at <= ?", [since])
            for key, limit in (
                (_name_key(name), self.policy.per_name),
                (f"addr:{address}", self.policy.per_address),
            ):
                rows = tx.rows(
                    "SELECT at FROM web_login_failures WHERE key = ? AND at > ? ORDER BY at DESC",
                    [key, since],
                )
                if len(rows) >= limit:
                    # The attempt that would fall out of the window first decides the wait.
                    waits.append(float(rows[limit - 1][0]) + self.policy.window - now)
        return max(waits)

    def failed(self, name: str, address: str) -> None:
        """Count one failed attempt against the name and the address."""
        now = self._clock()
        with self._db.transaction() as tx:
            for key in (_name_key(name), f"addr:{address}"):
                tx.execute("INSERT INTO web_login_failures (key, at) VALUES (?, ?)", [key, now])

    def succeeded(self, name: str) -> None:
        """Forget the name's failures after a successful login."""
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM web_login_failures WHERE key = ?", [_name_key(name)])

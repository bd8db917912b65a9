"""Customer invites: single-use, expiring links bound to one source type and connection name.

Opening the link shows a landing page; pressing "Begin" *claims* the invite (once, atomically)
and opens a customer session bound to it. A second claim, an expired or a revoked invite is
refused. The link's token is shown to the operator once; only its SHA-256 is stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ticketlake.errors import TicketlakeError
from ticketlake.web.database import Database, Row, first
from ticketlake.web.sessions import token_hash

State = Literal["pending", "claimed", "expired", "revoked"]
DEFAULT_TTL = 7 * 24 * 3600.0

_COLUMNS = (
    "id, source, connection, created_by, created_at, expires_at, claimed_at, revoked_at, provision"
)


class InviteRefused(TicketlakeError):
    """An invite link that cannot be used (unknown, already used, expired or revoked)."""

    def __init__(self, state: str) -> None:
        messages = {
            "unknown": "This invite link is not valid.",
            "claimed": "This invite link has already been used.",
            "expired": "This invite link has expired.",
            "revoked": "This invite link was revoked.",
        }
        super().__init__(
            messages.get(state, "This invite link cannot be used."),
            fix="ask your operator for a new invite link",
        )
        self.state = state


@dataclass(frozen=True)
class Invite:
    """One invite, as stored (never its token)."""

    id: str
    source: str
    connection: str
    created_by: str
    created_at: float
    expires_at: float
    claimed_at: float | None
    revoked_at: float | None
    provision: bool = False
    """Whether its holder may let ticketlake set up the integration account (with the
    tenant's admin key) instead of entering the connection by hand."""

    def state(self, now: float) -> State:
        """Where the invite is in its life."""
        if self.revoked_at is not None:
            return "revoked"
        if self.claimed_at is not None:
            return "claimed"
        if self.expires_at <= now:
            return "expired"
        return "pending"


def _invite(row: Row) -> Invite:
    return Invite(
        id=str(row[0]),
        source=str(row[1]),
        connection=str(row[2]),
        created_by=str(row[3]),
        created_at=float(row[4]),
        expires_at=float(row[5]),
        claimed_at=None if row[6] is None else float(row[6]),
        revoked_at=None if row[7] is None else float(row[7]),
        provision=bool(row[8]),
    )


class Invites:
    """Create, look up, claim and revoke invites."""

    def __init__(self, db: Database, clock: Callable[[], float]) -> None:
        self._db = db
        self._clock = clock

    def create(
        self,
        source: str,
        connection: str,
        created_by: str,
        ttl: float = DEFAULT_TTL,
        *,
        provision: bool = False,
    ) -> tuple[str, Invite]:
        """A new invite and its link token (the only time the token exists in the clear)."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        invite = Invite(
            secrets.token_hex(6),
            source,
            connection,
            created_by,
            now,
            now + ttl,
            None,
            None,
            provision,
        )
        with self._db.transaction() as tx:
            tx.execute(
                f"INSERT INTO web_invites ({_COLUMNS}, token_hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    invite.id,
                    source,
                    connection,
                    created_by,
                    now,
                    invite.expires_at,
                    None,
                    None,
                    int(provision),
                    token_hash(token),
                ],
            )
        return token, invite

    def get(self, invite_id: str) -> Invite | None:
        """The invite with this id, or ``None``."""
        with self._db.transaction() as tx:
            row = first(tx, f"SELECT {_COLUMNS} FROM web_invites WHERE id = ?", [invite_id])
        return _invite(row) if row else None

    def by_token(self, token: str) -> Invite:
        """The pending invite a link names; ``InviteRefused`` when it cannot be used."""
        with self._db.transaction() as tx:
            row = first(
                tx, f"SELECT {_COLUMNS} FROM web_invites WHERE token_hash = ?", [token_hash(token)]
            )
        if row is None:
            raise InviteRefused("unknown")
        invite = _invite(row)
        state = invite.state(self._clock())
        if state != "pending":
            raise InviteRefused(state)
        return invite

    def claim(self, token: str) -> Invite:
        """Use the invite (once): ``InviteRefused`` unless it is pending right now."""
        invite = self.by_token(token)
        now = self._clock()
        with self._db.transaction() as tx:
            # The conditions repeat the checks so that two simultaneous claims cannot both win.
            won = tx.rows(
                "UPDATE web_invites SET claimed_at = ? WHERE id = ? AND claimed_at IS NULL"
                " AND revoked_at IS NULL AND expires_at > ? RETURNING id",
                [now, invite.id, now],
            )
        if not won:
            raise InviteRefused("claimed")
        return Invite(**{**invite.__dict__, "claimed_at": now})

    def revoke(self, invite_id: str) -> bool:
        """Revoke an invite (pending or claimed); False when unknown or already revoked."""
        with self._db.transaction() as tx:
            return bool(
                tx.rows(
                    "UPDATE web_invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"
                    " RETURNING id",
                    [self._clock(), invite_id],
                )
            )

    def for_connection(self, connection: str) -> list[Invite]:
        """Every invite of one connection name, newest first."""
        with self._db.transaction() as tx:
            rows = tx.rows(
                f"SELECT {_COLUMNS} FROM web_invites WHERE connection = ? ORDER BY created_at DESC",
                [connection],
            )
        return [_invite(r) for r in rows]

    def all(self) -> list[Invite]:
        """Every invite, newest first."""
        with self._db.transaction() as tx:
            rows = tx.rows(f"SELECT {_COLUMNS} FROM web_invites ORDER BY created_at DESC")
        return [_invite(r) for r in rows]

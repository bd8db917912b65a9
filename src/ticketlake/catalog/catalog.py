"""The catalog: saved connections, their encrypted secrets, check reports, sync runs, audit log.

Every change is one transaction together with its audit entry, so the log cannot miss a change
that happened nor record one that did not. Audit details name fields, never values.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from ticketlake.catalog.connection import Connection
from ticketlake.catalog.db import Database, DuplicateKey, Row, Tx, as_time
from ticketlake.catalog.history import History
from ticketlake.catalog.records import Action, AuditEntry, ConnectionSummary, Rotation
from ticketlake.catalog.secrets import SecretStore
from ticketlake.connectors.fieldcheck import Submission
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.errors import ConfigError, ValidationError
from ticketlake.secret import Secret
from ticketlake.vault import KeySource

_COLUMNS = "id, name, source, settings, created_at, updated_at, network"


def _now() -> datetime:
    return datetime.now(UTC)


class Catalog:
    """Connections and what happened to them, in SQLite or Postgres."""

    def __init__(self, db: Database, keys: KeySource, *, actor: str) -> None:
        self._db = db
        self._secrets = SecretStore(db, keys)
        self.actor = actor
        """Who acts when a method is not told otherwise (``cli:alice``, ``web:bob``)."""

    @property
    def url(self) -> str:
        """Where the catalog lives (printable)."""
        return self._db.url

    @property
    def db(self) -> Database:
        """The underlying database (for the history module and tests)."""
        return self._db

    @property
    def history(self) -> History:
        """Check reports and sync runs."""
        return History(self)

    def close(self) -> None:
        """Release the database."""
        self._db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def audit(
        self, tx: Tx, action: Action, *, actor: str | None, conn: Row | None, detail: str
    ) -> None:
        """Write an audit entry inside ``tx`` (``conn`` is a connections row or ``None``)."""
        tx.execute(
            "INSERT INTO catalog_audit_log (at, actor, action, connection_id, connection_name, "
            "detail) VALUES (?, ?, ?, ?, ?, ?)",
            [_now(), actor or self.actor, action.value, conn and conn[0], conn and conn[1], detail],
        )

    def row(self, tx: Tx, name: str) -> Row:
        """The connections row named ``name``; ``ConfigError`` when there is none."""
        rows = tx.rows(f"SELECT {_COLUMNS} FROM catalog_connections WHERE name = ?", [name])
        if not rows:
            raise ConfigError(
                f"no connection named {name!r}", fix="see `ticketlake connections list`"
            )
        return rows[0]

    def exists(self, name: str) -> bool:
        """Whether a connection is called ``name``."""
        with self._db.transaction() as tx:
            return bool(tx.rows("SELECT 1 FROM catalog_connections WHERE name = ?", [name]))

    def get(self, name: str, *, actor: str | None = None) -> Connection:
        """The connection ``name``; its secrets decrypt on demand, audited as ``actor``."""
        with self._db.transaction() as tx:
            row = self.row(tx, name)
            fields = self._secrets.fields(tx, row[0])
        return self._connection(row, fields, actor or self.actor)

    def _connection(self, row: Row, fields: frozenset[str], actor: str) -> Connection:
        conn_id, name = str(row[0]), str(row[1])

        def read(field: str, purpose: str) -> Secret:
            with self._db.transaction() as tx:
                value = self._secrets.open(tx, conn_id, name, field)
                detail = f"{field}" + (f" ({purpose})" if purpose else "")
                self.audit(tx, Action.SECRET_USED, actor=actor, conn=row, detail=detail)
            return value

        return Connection(
            id=conn_id,
            name=name,
            source=str(row[2]),
            settings=MappingProxyType(json.loads(row[3])),
            secret_fields=fields,
            created_at=as_time(row[4]),
            updated_at=as_time(row[5]),
            network=NetworkPolicy(**json.loads(row[6])),
            _read=read,
        )

    def summaries(self) -> list[ConnectionSummary]:
        """Every connection with its latest check, by name."""
        with self._db.transaction() as tx:
            rows = tx.rows(
                "SELECT c.name, c.source, c.created_at, c.updated_at, r.created_at, r.ok "
                "FROM catalog_connections c LEFT JOIN catalog_check_reports r ON r.id = ("
                "  SELECT MAX(id) FROM catalog_check_reports WHERE connection_id = c.id) "
                "ORDER BY c.name"
            )
        return [
            ConnectionSummary(
                name=r[0],
                source=r[1],
                created_at=as_time(r[2]),
                updated_at=as_time(r[3]),
                last_check_at=as_time(r[4]) if r[4] is not None else None,
                last_check_ok=bool(r[5]) if r[5] is not None else None,
            )
            for r in rows
        ]

    def create(self, name: str, submission: Submission, *, actor: str | None = None) -> Connection:
        """Save a validated submission as a new connection (secrets encrypted), audited."""
        conn_id, now = str(uuid.uuid4()), _now()
        settings, network = json.dumps(submission.settings), _network_json(submission.network)
        row: Row = (conn_id, name, submission.source, settings, now, now, network)
        try:
            with self._db.transaction() as tx:
                tx.execute(
                    f"INSERT INTO catalog_connections ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    list(row),
                )
                self._secrets.seal(tx, conn_id, submission.secrets)
                tx.execute(
                    "UPDATE catalog_audit_log SET connection_id = ? "
                    "WHERE connection_id IS NULL AND connection_name = ?",
                    [conn_id, name],
                )  # the entries recorded ahead of it
                detail = _fields_detail(submission.settings, submission.secrets)
                self.audit(tx, Action.CREATED, actor=actor, conn=row, detail=detail)
        except DuplicateKey:
            raise ValidationError({"name": f"a connection named {name!r} already exists"}) from None
        return self.get(name, actor=actor)

    def update(
        self,
        name: str,
        submission: Submission,
        *,
        drop_secrets: frozenset[str] = frozenset(),
        new_name: str | None = None,
        detail: str,
        actor: str | None = None,
    ) -> Connection:
        """Replace a connection's settings, re-seal the given secrets, drop others; audited."""
        target = new_name or name
        try:
            with self._db.transaction() as tx:
                row = self.row(tx, name)
                tx.execute(
                    "UPDATE catalog_connections SET name = ?, settings = ?, updated_at = ?, "
                    "network = ? WHERE id = ?",
                    [
                        target,
                        json.dumps(submission.settings),
                        _now(),
                        _network_json(submission.network),
                        row[0],
                    ],
                )
                self._secrets.seal(tx, row[0], submission.secrets)
                self._secrets.drop(tx, row[0], set(drop_secrets))
                self.audit(tx, Action.CHANGED, actor=actor, conn=(row[0], target), detail=detail)
        except DuplicateKey:
            raise ValidationError(
                {"name": f"a connection named {target!r} already exists"}
            ) from None
        return self.get(target, actor=actor)

    def remove(self, name: str, *, actor: str | None = None) -> None:
        """Delete a connection with its secrets, reports and runs (the audit log stays)."""
        with self._db.transaction() as tx:
            row = self.row(tx, name)
            tx.execute("DELETE FROM catalog_connections WHERE id = ?", [row[0]])
            self.audit(tx, Action.REMOVED, actor=actor, conn=row, detail=f"source {row[2]}")

    def audit_log(self, name: str | None = None, *, limit: int = 200) -> list[AuditEntry]:
        """Audit entries, newest first; of one connection (by its current name) when given."""
        sql = "SELECT at, actor, action, connection_name, detail FROM catalog_audit_log"
        params: list[Any] = []
        if name is not None:
            with self._db.transaction() as tx:
                conn_id = self.row(tx, name)[0]
            sql += " WHERE connection_id = ?"
            params.append(conn_id)
        with self._db.transaction() as tx:
            rows = tx.rows(f"{sql} ORDER BY id DESC LIMIT ?", [*params, limit])
        return [AuditEntry(as_time(r[0]), r[1], Action(r[2]), r[3], r[4]) for r in rows]

    def record(
        self, name: str | None, action: Action, detail: str, *, actor: str | None = None
    ) -> None:
        """Write an audit entry for an action done elsewhere (a check run, a sync)."""
        with self._db.transaction() as tx:
            row = self.row(tx, name) if name is not None else None
            self.audit(tx, action, actor=actor, conn=row, detail=detail)

    def record_ahead(
        self, name: str, action: Action, detail: str, *, actor: str | None = None
    ) -> None:
        """Write an audit entry about a connection saved later (provisioning writes to the
        tenant before the connection exists); ``create`` attaches it to the connection."""
        with self._db.transaction() as tx:
            self.audit(tx, action, actor=actor, conn=(None, name), detail=detail)

    def key_usage(self) -> dict[str, int]:
        """How many stored secrets each master key id protects."""
        with self._db.transaction() as tx:
            rows = tx.rows("SELECT key_id, COUNT(*) FROM catalog_secrets GROUP BY key_id")
        return {str(r[0]): int(r[1]) for r in rows}

    def rotate_key(self, *, actor: str | None = None) -> Rotation:
        """Re-wrap every data key with a new master key; audited as ``key_rotated``."""
        with self._db.transaction() as tx:
            result = self._secrets.rotate(tx)
            detail = (
                f"re-wrapped {result.rewrapped} data keys: {result.old_key_id} -> "
                f"{result.new_key_id}"
            )
            self.audit(tx, Action.KEY_ROTATED, actor=actor, conn=None, detail=detail)
        self._secrets.finish_rotation()
        return result


def _network_json(policy: NetworkPolicy) -> str:
    return json.dumps(
        {
            "allow_insecure_localhost": policy.allow_insecure_localhost,
            "allow_private_network": policy.allow_private_network,
        }
    )


def _fields_detail(settings: Mapping[str, object], secrets: Mapping[str, Secret]) -> str:
    parts = [f"settings: {', '.join(sorted(settings)) or '-'}"]
    if secrets:
        parts.append(f"secrets set: {', '.join(sorted(secrets))}")
    return "; ".join(parts)

"""Encrypted secrets in the catalog: sealing on save, opening on use, re-wrapping on rotation.

The master key is loaded lazily, on the first secret read or write, and created only while the
catalog holds no secrets: a missing key beside existing secrets is an error, never a silent
fresh key. Before sealing, every stored key id must be on the keyring, so a wrong
``TICKETLAKE_MASTER_KEY`` cannot start a second, unreadable generation of secrets.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from ticketlake.catalog.db import Database, Tx
from ticketlake.catalog.records import Rotation
from ticketlake.errors import VaultError
from ticketlake.secret import Secret
from ticketlake.vault import KeySource, Sealed, Vault


def _label(name: str, field: str) -> str:
    return f"secret {field!r} of connection {name!r}"


class SecretStore:
    """The ``catalog_secrets`` table seen through the vault."""

    def __init__(self, db: Database, keys: KeySource) -> None:
        self._db = db
        self._keys = keys

    def _count(self, tx: Tx) -> int:
        return int(tx.rows("SELECT COUNT(*) FROM catalog_secrets")[0][0])

    def _vault(self, tx: Tx, *, sealing: bool) -> Vault:
        stored = self._count(tx)
        if stored and not self._keys.exists():
            raise VaultError(
                f"the catalog holds {stored} encrypted secrets but there is no master key "
                f"({self._keys.describe()} is missing)",
                fix="set TICKETLAKE_MASTER_KEY or restore the key file from your backup",
            )
        ring = self._keys.keyring(create=sealing and stored == 0)
        if sealing:
            for (key_id,) in tx.rows("SELECT DISTINCT key_id FROM catalog_secrets"):
                if ring.find(key_id) is None:
                    raise VaultError(
                        f"the stored secrets were encrypted with master key {key_id}, but the "
                        f"key in use ({ring.current.source}) is {ring.current.key_id}: "
                        "wrong master key",
                        fix="use the master key this catalog was encrypted with",
                    )
        return Vault(ring)

    def seal(self, tx: Tx, connection_id: str, secrets: Mapping[str, Secret]) -> None:
        """Encrypt and upsert ``secrets`` of a connection inside the caller's transaction."""
        if not secrets:
            return
        vault = self._vault(tx, sealing=True)
        now = datetime.now(UTC)
        for field, value in secrets.items():
            sealed = vault.seal(value, connection_id, field)
            tx.execute(
                "DELETE FROM catalog_secrets WHERE connection_id = ? AND field = ?",
                [connection_id, field],
            )
            tx.execute(
                "INSERT INTO catalog_secrets (connection_id, field, ciphertext, wrapped_key, "
                "key_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [connection_id, field, sealed.ciphertext, sealed.wrapped_key, sealed.key_id, now],
            )

    def drop(self, tx: Tx, connection_id: str, fields: set[str]) -> None:
        """Delete secrets that no longer apply (e.g. after a change of auth mode)."""
        for field in sorted(fields):
            tx.execute(
                "DELETE FROM catalog_secrets WHERE connection_id = ? AND field = ?",
                [connection_id, field],
            )

    def fields(self, tx: Tx, connection_id: str) -> frozenset[str]:
        """The secret fields set for a connection."""
        rows = tx.rows("SELECT field FROM catalog_secrets WHERE connection_id = ?", [connection_id])
        return frozenset(r[0] for r in rows)

    def open(self, tx: Tx, connection_id: str, name: str, field: str) -> Secret:
        """Decrypt one secret (``VaultError`` with a clear reason when it cannot be)."""
        rows = tx.rows(
            "SELECT ciphertext, wrapped_key, key_id FROM catalog_secrets "
            "WHERE connection_id = ? AND field = ?",
            [connection_id, field],
        )
        if not rows:
            raise VaultError(f"{_label(name, field)} is not set")
        sealed = Sealed(bytes(rows[0][0]), bytes(rows[0][1]), str(rows[0][2]))
        return self._vault(tx, sealing=False).open(
            sealed, connection_id, field, label=_label(name, field)
        )

    def rotate(self, tx: Tx) -> Rotation:
        """Re-wrap every data key with the next master key (the caller finishes the rotation)."""
        vault = self._vault(tx, sealing=True)
        old_id = vault.key_id
        new_key = self._keys.next_key()
        if new_key.key_id == old_id:
            raise VaultError("the new master key is the same as the current one")
        rows = tx.rows(
            "SELECT s.connection_id, c.name, s.field, s.ciphertext, s.wrapped_key, s.key_id "
            "FROM catalog_secrets s JOIN catalog_connections c ON c.id = s.connection_id"
        )
        for conn_id, name, field, ciphertext, wrapped, key_id in rows:
            sealed = Sealed(bytes(ciphertext), bytes(wrapped), str(key_id))
            new = vault.rewrap(sealed, conn_id, field, new_key, label=_label(name, field))
            tx.execute(
                "UPDATE catalog_secrets SET wrapped_key = ?, key_id = ? "
                "WHERE connection_id = ? AND field = ?",
                [new.wrapped_key, new.key_id, conn_id, field],
            )
        location = "TICKETLAKE_NEW_MASTER_KEY" if self._keys.from_env else str(self._keys.key_file)
        return Rotation(len(rows), old_id, new_key.key_id, location)

    def finish_rotation(self) -> None:
        """After the re-wrapped keys are committed: make the new key the current one."""
        self._keys.finish_rotation()

"""AES-256-GCM envelope encryption of one secret, bound to its connection and field.

Each secret gets its own random data key; the value is encrypted with the data key and the
data key is encrypted ("wrapped") with the master key. Both encryptions carry associated data
naming the connection id and the field, so a ciphertext (or a wrapped key) copied to another
row does not decrypt. Rotating the master key re-wraps data keys; values are never re-encrypted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ticketlake.errors import VaultError
from ticketlake.secret import Secret
from ticketlake.vault.keys import Keyring, MasterKey

NONCE_BYTES = 12


@dataclass(frozen=True)
class Sealed:
    """A stored secret: ciphertext and wrapped data key (each nonce || AES-GCM output)."""

    ciphertext: bytes = field(repr=False)
    wrapped_key: bytes = field(repr=False)
    key_id: str
    """The id of the master key that wrapped the data key."""


def _aad(purpose: bytes, connection_id: str, field_name: str) -> bytes:
    return b"\x00".join((b"ticketlake/v1", purpose, connection_id.encode(), field_name.encode()))


def _encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)


class Vault:
    """Seals and opens secrets with a keyring; the master key never leaves it."""

    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring

    @property
    def key_id(self) -> str:
        """The id of the key new secrets are sealed with."""
        return self._keyring.current.key_id

    def seal(self, value: Secret, connection_id: str, field_name: str) -> Sealed:
        """Encrypt ``value`` for this connection and field with a fresh data key."""
        data_key = AESGCM.generate_key(bit_length=256)
        ciphertext = _encrypt(
            data_key, value.reveal().encode(), _aad(b"value", connection_id, field_name)
        )
        return self._wrap(data_key, self._keyring.current, ciphertext, connection_id, field_name)

    def open(self, sealed: Sealed, connection_id: str, field_name: str, *, label: str) -> Secret:
        """Decrypt a sealed secret; ``VaultError`` (naming ``label``) when it cannot be."""
        data_key = self._unwrap(sealed, connection_id, field_name, label)
        try:
            plain = _decrypt(data_key, sealed.ciphertext, _aad(b"value", connection_id, field_name))
        except (InvalidTag, ValueError):
            raise self._tampered(label, field_name) from None
        return Secret(plain.decode())

    def rewrap(
        self, sealed: Sealed, connection_id: str, field_name: str, new_key: MasterKey, *, label: str
    ) -> Sealed:
        """The same secret with its data key wrapped by ``new_key`` (the value is untouched)."""
        data_key = self._unwrap(sealed, connection_id, field_name, label)
        return self._wrap(data_key, new_key, sealed.ciphertext, connection_id, field_name)

    def _wrap(
        self, data_key: bytes, key: MasterKey, ciphertext: bytes, connection_id: str, name: str
    ) -> Sealed:
        wrapped = _encrypt(key.material, data_key, _aad(b"data-key", connection_id, name))
        return Sealed(ciphertext, wrapped, key.key_id)

    def _unwrap(self, sealed: Sealed, connection_id: str, field_name: str, label: str) -> bytes:
        key = self._keyring.find(sealed.key_id)
        if key is None:
            current = self._keyring.current
            raise VaultError(
                f"{label} was encrypted with master key {sealed.key_id}, but the key in use "
                f"({current.source}) is {current.key_id}: wrong master key",
                fix="use the master key this catalog was encrypted with",
            )
        try:
            return _decrypt(
                key.material, sealed.wrapped_key, _aad(b"data-key", connection_id, field_name)
            )
        except (InvalidTag, ValueError):
            raise self._tampered(label, field_name) from None

    @staticmethod
    def _tampered(label: str, field_name: str) -> VaultError:
        return VaultError(
            f"{label} does not decrypt: its stored ciphertext was altered or belongs to "
            "another connection or field",
            fix=f"enter it again: `ticketlake connections edit NAME --secret {field_name}` "
            "(NAME: the connection named above)",
        )

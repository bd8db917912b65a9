"""Master keys: where the key comes from, its id, and how a new one replaces it.

Format: a master key is 32 random bytes (AES-256), written as standard or URL-safe base64
(44 characters with ``=`` padding), e.g. made by
``python -c "import base64,os; print(base64.b64encode(os.urandom(32)).decode())"``.

Sources, first match wins:

1. ``TICKETLAKE_MASTER_KEY`` (the key itself, base64). A rotation then reads the new key from
   ``TICKETLAKE_NEW_MASTER_KEY``, and the operator replaces the first variable afterwards.
2. ``$TICKETLAKE_HOME/master.key`` (mode 0600), created on first use when the catalog holds no
   secrets yet. A rotation writes ``master.key.next`` first, re-wraps every data key, then
   renames it over ``master.key``; until then both keys are on the keyring, so a rotation cut
   short leaves every secret readable.

A key's id is a one-way digest of the key, stored next to each wrapped data key, so a wrong key
is reported as a wrong key (naming both ids), not as corrupted data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ticketlake.errors import VaultError

MASTER_KEY_ENV = "TICKETLAKE_MASTER_KEY"
NEW_MASTER_KEY_ENV = "TICKETLAKE_NEW_MASTER_KEY"
KEY_FILE = "master.key"
PENDING_KEY_FILE = "master.key.next"
KEY_BYTES = 32
_FORMAT_FIX = "base64 of 32 random bytes, e.g. base64.b64encode(os.urandom(32))"


@dataclass(frozen=True)
class MasterKey:
    """A 256-bit master key and where it came from (never printed)."""

    material: bytes = field(repr=False)
    source: str
    """Where the key came from, for messages: an environment variable or a file path."""

    @property
    def key_id(self) -> str:
        """A short, one-way identifier of the key (safe to store and print)."""
        digest = hmac.new(self.material, b"ticketlake master key id", hashlib.sha256)
        return digest.hexdigest()[:16]


def encode_key(key: MasterKey) -> str:
    """The key as standard base64 text (the format of the variable and the key file)."""
    return base64.b64encode(key.material).decode("ascii")


def generate_key(source: str) -> MasterKey:
    """A fresh random master key."""
    return MasterKey(os.urandom(KEY_BYTES), source)


def parse_key(text: str, source: str) -> MasterKey:
    """Read a base64 master key; a ``VaultError`` (without the value) when it is malformed."""
    raw = text.strip()
    try:
        material = base64.b64decode(raw.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise VaultError(
            f"the master key in {source} is not valid base64", fix=_FORMAT_FIX
        ) from None
    if len(material) != KEY_BYTES:
        raise VaultError(
            f"the master key in {source} is {len(material)} bytes, not {KEY_BYTES}",
            fix=_FORMAT_FIX,
        )
    return MasterKey(material, source)


def read_key_file(path: Path) -> MasterKey:
    """Read a key file, refusing one that other users can read."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise VaultError(
            f"the master key file {path} can be read by other users",
            fix=f"chmod 600 {path}",
        )
    return parse_key(path.read_text(encoding="ascii", errors="replace"), str(path))


def write_key_file(path: Path, key: MasterKey) -> None:
    """Create ``path`` holding ``key``, mode 0600 from the start (never world-readable)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(encode_key(key) + "\n")
        out.flush()
        os.fsync(out.fileno())


@dataclass(frozen=True)
class Keyring:
    """The key new secrets are sealed with, plus any other key that may open old ones."""

    current: MasterKey
    others: tuple[MasterKey, ...] = ()

    def find(self, key_id: str) -> MasterKey | None:
        """The key with this id, if it is on the ring."""
        for key in (self.current, *self.others):
            if key.key_id == key_id:
                return key
        return None

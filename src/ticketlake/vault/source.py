"""Where the master key lives (an environment variable or a key file) and how it rotates."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ticketlake.errors import VaultError
from ticketlake.vault.keys import (
    KEY_FILE,
    MASTER_KEY_ENV,
    NEW_MASTER_KEY_ENV,
    PENDING_KEY_FILE,
    Keyring,
    MasterKey,
    generate_key,
    parse_key,
    read_key_file,
    write_key_file,
)


@dataclass(frozen=True)
class KeySource:
    """The master key's home: ``TICKETLAKE_MASTER_KEY`` when set, else the key file."""

    home: Path

    @property
    def from_env(self) -> bool:
        """Whether the key comes from the environment (no key file is read or written)."""
        return bool(os.environ.get(MASTER_KEY_ENV, "").strip())

    @property
    def key_file(self) -> Path:
        """The key file (used when the variable is not set)."""
        return self.home / KEY_FILE

    @property
    def pending_file(self) -> Path:
        """The next key of a rotation in progress."""
        return self.home / PENDING_KEY_FILE

    def describe(self) -> str:
        """Where the key comes from, for messages."""
        return MASTER_KEY_ENV if self.from_env else str(self.key_file)

    def exists(self) -> bool:
        """Whether a master key is available without creating one."""
        return self.from_env or self.key_file.exists()

    def keyring(self, *, create: bool) -> Keyring:
        """Load the keyring; create the key file first when ``create`` and there is none."""
        if self.from_env:
            current = parse_key(os.environ[MASTER_KEY_ENV], MASTER_KEY_ENV)
            new = os.environ.get(NEW_MASTER_KEY_ENV, "").strip()
            others = (parse_key(new, NEW_MASTER_KEY_ENV),) if new else ()
            return Keyring(current, others)
        if not self.key_file.exists():
            if not create:
                raise VaultError(
                    f"no master key: {MASTER_KEY_ENV} is not set and {self.key_file} is missing",
                    fix=f"set {MASTER_KEY_ENV} or restore {self.key_file} from your backup",
                )
            write_key_file(self.key_file, generate_key(str(self.key_file)))
        current = read_key_file(self.key_file)
        pending = (read_key_file(self.pending_file),) if self.pending_file.exists() else ()
        return Keyring(current, pending)

    def next_key(self) -> MasterKey:
        """The key a rotation re-wraps to (resuming an interrupted rotation's key if any)."""
        if self.from_env:
            text = os.environ.get(NEW_MASTER_KEY_ENV, "").strip()
            if not text:
                raise VaultError(
                    f"the master key comes from {MASTER_KEY_ENV}: a rotation needs the new key "
                    f"in {NEW_MASTER_KEY_ENV}",
                    fix=f"set {NEW_MASTER_KEY_ENV} to base64 of 32 random bytes, then rotate",
                )
            return parse_key(text, NEW_MASTER_KEY_ENV)
        if self.pending_file.exists():
            return read_key_file(self.pending_file)
        key = generate_key(str(self.key_file))
        write_key_file(self.pending_file, key)
        return key

    def finish_rotation(self) -> None:
        """Make the rotated-to key the current one (the data keys are re-wrapped already)."""
        if not self.from_env:
            os.replace(self.pending_file, self.key_file)

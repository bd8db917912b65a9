"""The vault: AES-256-GCM envelope encryption of connection secrets, and the master key.

See ``vault.keys`` for the master key's format and sources, ``vault.envelope`` for how a secret
is sealed and bound to its connection and field.
"""

from ticketlake.vault.envelope import Sealed, Vault
from ticketlake.vault.keys import (
    MASTER_KEY_ENV,
    NEW_MASTER_KEY_ENV,
    Keyring,
    MasterKey,
    encode_key,
    generate_key,
    parse_key,
)
from ticketlake.vault.source import KeySource

__all__ = [
    "MASTER_KEY_ENV",
    "NEW_MASTER_KEY_ENV",
    "KeySource",
    "Keyring",
    "MasterKey",
    "Sealed",
    "Vault",
    "encode_key",
    "generate_key",
    "parse_key",
]

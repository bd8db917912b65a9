"""``Connection``: a saved connection as the rest of ticketlake sees it.

Settings are plain values; secrets stay encrypted in the catalog until a caller asks for one
by field name, and each such read is written to the audit log as ``secret_used``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.spec import ConnectionSpec, Value, spec_for
from ticketlake.errors import ConfigError
from ticketlake.secret import Secret

if TYPE_CHECKING:
    from ticketlake.connectors.base import ConnectionSettings

SecretReader = Callable[[str, str], Secret]
"""``(field, purpose) -> Secret``: decrypts one secret and audits the use."""


@dataclass(frozen=True)
class Connection:
    """A saved connection: identity, non-secret settings, and secrets on demand."""

    id: str
    name: str
    source: str
    settings: Mapping[str, Value]
    secret_fields: frozenset[str]
    """Secret fields that are set (their values are never held here)."""
    created_at: datetime
    updated_at: datetime
    network: NetworkPolicy
    """The allowances its URLs were accepted under: re-check with these before connecting."""
    _read: SecretReader = field(repr=False, compare=False)

    @property
    def spec(self) -> ConnectionSpec:
        """The source's connection spec."""
        return spec_for(self.source)

    def has_secret(self, name: str) -> bool:
        """Whether the secret field ``name`` is set."""
        return name in self.secret_fields

    def secret(self, name: str, *, purpose: str = "") -> Secret:
        """Decrypt the secret ``name`` (audited as ``secret_used`` with ``purpose``)."""
        if name not in self.secret_fields:
            raise ConfigError(
                f"connection {self.name!r} has no secret {name!r} set",
                fix=f"enter it with `ticketlake connections edit {self.name} --secret {name}`",
            )
        return self._read(name, purpose)

    def to_settings(self, *, purpose: str = "") -> ConnectionSettings:
        """The connector's input: settings plus every set secret (each read audited)."""
        from ticketlake.connectors.base import ConnectionSettings

        secrets = {name: self.secret(name, purpose=purpose) for name in sorted(self.secret_fields)}
        return ConnectionSettings(self.name, self.source, dict(self.settings), secrets)

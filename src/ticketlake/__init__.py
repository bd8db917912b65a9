"""ticketlake: IT service-management data, read-only, into a store you own."""

from ticketlake.errors import (
    AuthError,
    ConfigError,
    PermissionDenied,
    RateLimited,
    ReadOnlyViolation,
    SourceError,
    StoreError,
    TicketlakeError,
    ValidationError,
    VaultError,
)
from ticketlake.secret import Secret

__version__ = "0.1.0"

__all__ = [
    "AuthError",
    "ConfigError",
    "PermissionDenied",
    "RateLimited",
    "ReadOnlyViolation",
    "Secret",
    "SourceError",
    "StoreError",
    "TicketlakeError",
    "ValidationError",
    "VaultError",
    "__version__",
]

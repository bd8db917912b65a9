"""ticketlake: IT service-management data, read-only, into a store you own."""

import logging

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

# A library stays silent unless its user configures logging (``ticketlake -v`` does): what a
# command found is in its output already (check evidence, the sync summary).
logging.getLogger("ticketlake").addHandler(logging.NullHandler())

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

"""The exception tree: every error a person may see carries what they need to act on it.

TicketlakeError
├── ConfigError          bad or missing configuration (a field, a flag, a key file)
│   └── ValidationError  a submission with field-level problems (nothing was saved)
├── VaultError           a secret cannot be decrypted (wrong or missing master key)
├── StoreError           the data store refused (locked file, unreachable server)
└── SourceError          the source API answered with an error
    ├── AuthError        credentials refused (or the account cannot log in)
    ├── PermissionDenied the account lacks a permission for this call
    ├── RateLimited      HTTP 429 that retries could not absorb
    ├── NotFound         404 on a resource we asked for
    └── ReadOnlyViolation a call outside the connector's declared read-only allow-list
"""

from __future__ import annotations


class TicketlakeError(Exception):
    """Base of every error ticketlake raises on purpose."""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} (fix: {self.fix})" if self.fix else self.message


class ConfigError(TicketlakeError):
    """Configuration is missing or invalid."""


class ValidationError(ConfigError):
    """A submission failed validation; ``errors`` maps field name to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        summary = "; ".join(f"{k}: {v}" for k, v in self.errors.items())
        super().__init__(f"invalid input: {summary}")


class VaultError(TicketlakeError):
    """A secret could not be encrypted or decrypted."""


class StoreError(TicketlakeError):
    """The data store could not be opened or written."""


class SourceError(TicketlakeError):
    """The source API answered with an error.

    Carries the endpoint template, the HTTP method and status, and a sanitized excerpt of the
    response body (secrets already redacted), so the message can be shown as it is.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        endpoint: str = "",
        status: int | None = None,
        excerpt: str = "",
        fix: str | None = None,
    ) -> None:
        detail = " ".join(p for p in (method, endpoint) if p)
        if status is not None:
            detail = f"{detail} -> HTTP {status}" if detail else f"HTTP {status}"
        if excerpt:
            detail = f"{detail}: {excerpt}"
        super().__init__(f"{message} [{detail}]" if detail else message, fix=fix)
        self.method = method
        self.endpoint = endpoint
        self.status = status
        self.excerpt = excerpt

    @property
    def brief(self) -> str:
        """The message without the bracketed call and excerpt (shown where those are shown
        already: a check's evidence, a plan's list of what it could not estimate)."""
        return self.message.split(" [", 1)[0]


class AuthError(SourceError):
    """The source refused the credentials."""


class PermissionDenied(SourceError):
    """The account is authenticated but may not make this call."""


class RateLimited(SourceError):
    """The source kept answering 429 after the retries allowed."""


class NotFound(SourceError):
    """The source has no such resource."""


class ReadOnlyViolation(SourceError):
    """A call outside the connector's read-only allow-list; refused before the network."""

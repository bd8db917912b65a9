"""The ``Auth`` protocol: how a connector puts credentials on the transport's calls.

The connector owns the login flow (TDX: ``POST api/auth`` or ``api/auth/loginadmin``, a JWT
with an ``exp``); the transport only asks for headers and, once per call on a 401, for a fresh
login. Login calls go through the same transport with ``authenticate=False``, so they are
budgeted, guarded and redacted like every other call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ticketlake.transport.client import Transport


class Auth(Protocol):
    """Credentials for a transport's calls."""

    async def apply(self, headers: dict[str, str], transport: Transport) -> None:
        """Add the ``Authorization`` header, logging in first if there is no valid token."""
        ...

    async def refresh(self, transport: Transport) -> None:
        """Forget the current token and log in again (called once when a call gets 401)."""
        ...

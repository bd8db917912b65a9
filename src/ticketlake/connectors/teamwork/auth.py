"""Teamwork.com credentials on every call: the API key as HTTP Basic's user name (any
password; reference B2) or an OAuth 2.0 access token as a Bearer token. Neither can be renewed
by the connector: a 401 means the key or the token no longer works, and says what to do."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from ticketlake.connectors.teamwork.settings import TeamworkSettings
from ticketlake.errors import AuthError

if TYPE_CHECKING:
    from ticketlake.transport import Transport

PASSWORD = "X"  # noqa: S105 - a placeholder the API ignores (B2)
"""Basic auth's password beside an API key: "X (or any bogus text)" (B2)."""
KEY_FIX = (
    "check the API key (Profile > Edit my details > API and mobile > Show your token), the "
    "site name and the region, then `ticketlake connections edit {name} --secret api_key`"
)
TOKEN_FIX = "authorize again: Save and authorize the connection {name} (sign in and Accept)"  # noqa: S105


def authorization(settings: TeamworkSettings) -> str:
    """The ``Authorization`` header's value."""
    if settings.access_token is not None:
        return f"Bearer {settings.access_token.reveal()}"
    assert settings.api_key is not None
    pair = f"{settings.api_key.reveal()}:{PASSWORD}".encode()
    return "Basic " + base64.b64encode(pair).decode()


class TeamworkAuth:
    """The ``Auth`` of a Teamwork.com transport."""

    def __init__(self, settings: TeamworkSettings) -> None:
        self._settings = settings

    async def apply(self, headers: dict[str, str], transport: Transport) -> None:
        """Add the credentials."""
        headers["Authorization"] = authorization(self._settings)

    async def refresh(self, transport: Transport) -> None:
        """A call got 401: nothing to renew, so the refusal is final (and says the fix)."""
        s = self._settings
        what = "access token" if s.bearer else "API key"
        fix = (TOKEN_FIX if s.bearer else KEY_FIX).format(name=s.name)
        raise AuthError(
            f"Teamwork.com refused the {what} at {s.site_url} (HTTP 401): it is wrong or no "
            "longer valid, or the site name or region is wrong (a site that does not exist "
            "also answers 401)",
            status=401,
            fix=fix,
        )

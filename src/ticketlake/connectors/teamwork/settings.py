"""A Teamwork.com connection as the connector reads it, built from ``ConnectionSettings``.

Where calls go, first match wins:

1. ``api_endpoint``: the ``installation.apiEndPoint`` the OAuth 2.0 token answer named (saved
   with the token by "Save and authorize"; reference B2: "the App Login Flow will handle
   regions");
2. ``site_url``: an override (a simulated site on 127.0.0.1);
3. ``https://{site_name}.teamwork.com/``, or ``.eu.teamwork.com`` for the EU region (B1).

Credentials: ``auth_type`` ``basic`` sends the ``api_key`` as the user name of HTTP Basic auth
(any password, B2); ``oauth2`` sends the stored secret ``access_token`` as a Bearer token.
Spaces takes OAuth 2.0 only, as the connection form (seed 003) offers it: a Spaces connection
with an API key is refused here too, not only by the form's validation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.errors import ConfigError
from ticketlake.secret import Secret

SOURCE = "teamwork"
CENTRAL_LAUNCHPAD = "https://www.teamwork.com"
API_TYPES = ("projects", "desk", "spaces")
TOKEN_SECRET = "access_token"  # noqa: S105 - the secret's field name, not a secret
ENDPOINT_FIELD = "api_endpoint"
HOSTS = {"us": "teamwork.com", "eu": "eu.teamwork.com"}
SPACES_OAUTH = (
    "a Spaces connection signs in with OAuth 2.0 only: the connection form offers Spaces an "
    "OAuth 2.0 client, no API key"
)
SPACES_OAUTH_FIX = (
    "`ticketlake connections edit {name} --set auth_type=oauth2 --set oauth_client_id=ID "
    "--secret oauth_client_secret`, then `ticketlake authorize {name}`."
)


@dataclass(frozen=True)
class TeamworkSettings:
    """Everything the Teamwork.com connector needs to reach and read one site."""

    name: str
    api_type: str
    """``projects``, ``desk`` or ``spaces``."""
    site_url: str
    """The site's root, ending in ``/``."""
    api_key: Secret | None = None
    access_token: Secret | None = None
    api_version: str | None = None
    launchpad_url: str = CENTRAL_LAUNCHPAD
    user_id: int | None = None
    space_id: str | None = None

    @property
    def bearer(self) -> bool:
        """Whether calls carry an OAuth 2.0 access token (else the API key, Basic)."""
        return self.access_token is not None

    @property
    def secrets(self) -> tuple[Secret, ...]:
        """The secrets calls carry (to redact)."""
        return tuple(s for s in (self.api_key, self.access_token) if s is not None)

    @classmethod
    def from_connection(cls, conn: ConnectionSettings) -> TeamworkSettings:
        """Read and check a connection; a ``ConfigError`` names what is missing or wrong."""
        api_type = str(conn.require("api_type")).lower()
        if api_type not in API_TYPES:
            raise ConfigError(
                f"unknown Teamwork.com API type {api_type!r}",
                fix=f"choose one of {', '.join(API_TYPES)}",
            )
        oauth = conn.value("auth_type", "basic") == "oauth2"
        if api_type == "spaces" and not oauth:
            raise ConfigError(SPACES_OAUTH, fix=SPACES_OAUTH_FIX.format(name=conn.name))
        key, token = _credentials(conn, oauth)
        user = conn.value("user_id")
        return cls(
            name=conn.name,
            api_type=api_type,
            site_url=site_root(conn, oauth),
            api_key=key,
            access_token=token,
            api_version=conn.value("api_version"),
            launchpad_url=str(conn.value("launchpad_url", CENTRAL_LAUNCHPAD)).rstrip("/"),
            user_id=int(user) if user is not None else None,
            space_id=conn.value("space_id"),
        )


def _credentials(conn: ConnectionSettings, oauth: bool) -> tuple[Secret | None, Secret | None]:
    if oauth:
        token = conn.secret(TOKEN_SECRET)
        if token is None:
            raise ConfigError(
                f"connection {conn.name!r} is not authorized with Teamwork.com yet",
                fix=f"Save and authorize the connection {conn.name} (sign in with Teamwork.com "
                "and Accept)",
            )
        return None, token
    key = conn.secret("api_key")
    if key is None:
        raise ConfigError(
            f"connection {conn.name!r} has no API key",
            fix=f"`ticketlake connections edit {conn.name} --secret api_key`",
        )
    return key, None


def site_root(conn: ConnectionSettings, oauth: bool = False) -> str:
    """The site's root URL (ending in ``/``) by the rules of this module's docstring."""
    found = conn.value(ENDPOINT_FIELD) if oauth else None
    found = found or conn.value("site_url")
    if found:
        return url_root(str(found))
    region = str(conn.value("region", "us")).lower()
    if region not in HOSTS:
        raise ConfigError(f"unknown region {region!r}", fix="choose us or eu")
    site = str(conn.require("site_name")).strip().lower()
    return f"https://{site}.{HOSTS[region]}/"


def url_root(url: str) -> str:
    """An http(s) URL as a root calls are made under (ending in ``/``)."""
    text = url.strip()
    if not text.startswith(("http://", "https://")):
        raise ConfigError(f"{url!r} is not an http(s) URL", fix="https://yourcompany.teamwork.com")
    return text.rstrip("/") + "/"

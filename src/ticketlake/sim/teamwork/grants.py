"""OAuth state of the site: authorization codes handed out by the launchpad and the access
tokens they were exchanged for (reference B2)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field

from ticketlake.sim.teamwork.setup import App


@dataclass
class Grant:
    """A code the launchpad redirected with."""

    client_id: str
    redirect_uri: str
    person: int
    issued_at: float
    challenge: str | None = None
    """The PKCE ``code_challenge`` (S256) when the standards-based flow was used."""
    used: bool = False


@dataclass
class Grants:
    """Codes and tokens; the app's redirect URL when the scenario registered none."""

    app: App
    codes: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=dict)
    pending: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    """Signed-in users on the permissions page: ticket -> (person, the request's fields)."""
    registered: str | None = None

    def redirect_ok(self, uri: str) -> bool:
        """Whether ``uri`` is the app's redirect URL (healthy: the first one used)."""
        allowed = self.app.redirect_uris
        if allowed is not None:
            return uri in allowed
        if not uri.startswith(("http://", "https://")):
            return False
        self.registered = self.registered or uri
        return uri == self.registered

    def issue(self, grant: Grant) -> str:
        """A new code for ``grant``."""
        code = secrets.token_urlsafe(24)
        self.codes[code] = grant
        return code

    def token(self, person: int) -> str:
        """A new access token for ``person``."""
        token = f"tkn.v1_{secrets.token_urlsafe(30)}"
        self.tokens[token] = person
        return token


def s256(verifier: str) -> str:
    """The S256 ``code_challenge`` of a verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

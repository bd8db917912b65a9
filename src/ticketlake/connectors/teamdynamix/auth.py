"""TeamDynamix login: a JWT from ``api/auth`` (username/password) or ``api/auth/loginadmin``
(BEID + WebServicesKey), used until shortly before its ``exp``.

The token lives 24 h with no refresh token (reference §1). We read its life from the JWT
(``exp - nbf``; the signature cannot be checked without the tenant's key, and need not be: the
server does that) and log in again ``margin`` seconds before that life is over, counted from
when the token arrived on the server's clock as the transport estimates it. The life is taken
from the token, not ``exp`` compared with a clock: a server whose tokens are stamped on another
clock than its ``Date`` header (or ours) would otherwise look like it issued expired tokens and
have every call log in first. A 401 means the token expired or the
account lacks a permission (§1), so the transport calls ``refresh`` once and retries once;
concurrent refreshes share one login. The body may be bare text or a JSON-quoted string.
"""

from __future__ import annotations

import asyncio
import base64
from typing import TYPE_CHECKING, Any, TypeGuard

import orjson

from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.settings import ADMIN, TdxSettings
from ticketlake.errors import AuthError, SourceError
from ticketlake.secret import Secret

if TYPE_CHECKING:
    from ticketlake.transport import Transport

DEFAULT_MARGIN = 600.0
"""Log in again this many (server) seconds before the token's ``exp``."""
DOCUMENTED_LIFE = 86400.0
"""A token's life when it does not tell (reference §1: "expire 24 hours after it has been
issued")."""


def token_from_body(body: str) -> str:
    """The JWT in a login response: trimmed, surrounding quotes stripped (some instances
    reportedly quote it; reference §1)."""
    token = body.strip()
    if len(token) >= 2 and token[0] == token[-1] == '"':
        token = token[1:-1].strip()
    return token


def jwt_claims(token: str) -> dict[str, Any]:
    """The JWT's payload, unverified (only the server holds the signing key)."""
    try:
        payload = token.split(".")[1]
        claims = orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, orjson.JSONDecodeError):
        raise AuthError("the login answer is not a JWT", excerpt="(token withheld)") from None
    if not isinstance(claims, dict):
        raise AuthError("the login answer is not a JWT", excerpt="(token withheld)")
    return claims


class TdxAuth:
    """Bearer-token auth for the transport: logs in when needed, before ``exp``, and on 401."""

    def __init__(self, settings: TdxSettings, *, margin: float = DEFAULT_MARGIN) -> None:
        self._settings = settings
        self._margin = margin
        self._token: Secret | None = None
        self._expires_at = 0.0
        self._renew_at = 0.0
        self._lock = asyncio.Lock()
        self._refused: SourceError | None = None
        self.logins = 0
        """How many logins this run made (shown in the summary; a login burns auth budget)."""

    @property
    def token(self) -> Secret | None:
        """The current token (masked when printed)."""
        return self._token

    @property
    def expires_at(self) -> float:
        """The current token's ``exp`` (server epoch seconds), 0 when none."""
        return self._expires_at

    async def apply(self, headers: dict[str, str], transport: Transport) -> None:
        """Add the bearer header, logging in first when there is no fresh token."""
        if self._token is None or transport.server_now() >= self._renew_at:
            seen = self._token
            async with self._lock:
                # Another call may have logged in while this one waited for the lock.
                if self._token is seen:
                    await self._login(transport)
        assert self._token is not None
        headers["Authorization"] = f"Bearer {self._token.reveal()}"

    async def refresh(self, transport: Transport) -> None:
        """Log in again after a 401 (once for all the calls that saw the same token fail)."""
        seen = self._token
        async with self._lock:
            if self._token is seen:
                await self._login(transport)

    async def _login(self, transport: Transport) -> None:
        # A login that failed is failed for the whole run: credentials refused once are refused
        # again (asking for every waiting call would burn the auth budget and may lock the
        # account), and a tenant that did not answer through every retry is down for now —
        # each stream retrying on its own would only repeat the wait and the message.
        if self._refused is not None:
            raise self._refused
        try:
            await self._send_login(transport)
        except SourceError as exc:
            self._refused = exc
            raise

    async def _send_login(self, transport: Transport) -> None:
        s = self._settings
        if s.auth_mode == ADMIN:
            assert s.beid is not None
            assert s.web_services_key is not None
            template = ep.LOGIN_ADMIN
            body = {"BEID": s.beid.reveal(), "WebServicesKey": s.web_services_key.reveal()}
        else:
            assert s.username is not None
            assert s.password is not None
            template = ep.LOGIN
            body = {"username": s.username, "password": s.password.reveal()}
        response = await transport.call("POST", template, json=body, authenticate=False)
        token = token_from_body(response.text)
        now = transport.server_now()
        lifetime = token_life(jwt_claims(token), now)
        transport.register_secret(token)
        self._token = Secret(token)
        self._expires_at = now + lifetime
        # A token shorter-lived than twice the margin is renewed at half its life instead,
        # so a short-lived token never makes every call log in.
        self._renew_at = self._expires_at - min(self._margin, lifetime / 2)
        self.logins += 1


def token_life(claims: dict[str, Any], now: float) -> float:
    """Seconds a token lives from now: ``exp - nbf`` (or ``exp - iat``) as the token itself
    says; else ``exp - now`` when that is plausible; else the documented 24 h."""
    exp = claims.get("exp")
    start = claims.get("nbf", claims.get("iat"))
    if _number(exp) and _number(start) and exp > start:
        return float(exp - start)
    if _number(exp) and 0 < exp - now <= 2 * DOCUMENTED_LIFE:
        return float(exp - now)
    return DOCUMENTED_LIFE


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)

"""The TDX bearer token: a JWT (HS256) with ``iss`` TD, ``aud`` https://www.teamdynamix.com/,
``unique_name``, ``nbf`` and ``exp`` = ``nbf`` + 24 h, all in virtual time.

Claims and header are in the order of the official example token.
"""

from __future__ import annotations

import hashlib

import jwt

ISSUER = "TD"
AUDIENCE = "https://www.teamdynamix.com/"
LIFETIME_SECONDS = 86_400


class TokenError(Exception):
    """The token is missing, malformed, forged, not yet valid or expired."""


class TokenIssuer:
    """Signs and checks tokens with the tenant's own secret."""

    def __init__(self, seed: int, beid: str) -> None:
        self._key = hashlib.sha256(f"ticketlake-sim:{seed}:{beid}".encode()).hexdigest()

    def issue(self, username: str, now: float) -> str:
        """A token for ``username`` valid from ``now`` for 24 virtual hours."""
        nbf = int(now)
        claims = {"iss": ISSUER, "aud": AUDIENCE, "nbf": nbf, "exp": nbf + LIFETIME_SECONDS,
                  "unique_name": username}  # fmt: skip
        return jwt.encode(claims, self._key, algorithm="HS256", headers={"typ": "JWT"},
                          sort_headers=False)  # fmt: skip

    def check(self, token: str, now: float) -> str:
        """The ``unique_name`` of a valid token; raises ``TokenError`` otherwise."""
        try:
            claims = jwt.decode(
                token, self._key, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER,
                options={"verify_exp": False, "verify_nbf": False},
            )  # fmt: skip
        except jwt.PyJWTError as exc:
            raise TokenError(str(exc)) from exc
        if not claims.get("nbf", 0) <= now < claims.get("exp", 0):
            raise TokenError("token not valid at this time")
        name = claims.get("unique_name")
        if not isinstance(name, str):
            raise TokenError("token has no unique_name")
        return name

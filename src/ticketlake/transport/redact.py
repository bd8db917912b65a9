"""Redaction: secrets never leave the transport in a log line, an error or a body excerpt.

Two nets. The values registered with a ``Redactor`` (the connection's ``Secret``s and the
tokens obtained at login) are masked wherever they appear, also URL- or JSON-encoded. Patterns
catch what was never registered: bearer tokens, JWTs, and the values of fields named like
credentials (``"password": "..."``, ``WebServicesKey=...``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from ticketlake.secret import MASK, Secret

_CREDENTIAL_NAMES = (
    r"password|passwd|pwd|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token"
    r"|api[_-]?key|apikey|web[_-]?services[_-]?key|integration[_-]?code|authorization"
)
# "Password": "hunter2"  (JSON, any case, escaped quotes inside the value)
_JSON_FIELD = re.compile(rf'("(?:{_CREDENTIAL_NAMES})"\s*:\s*")((?:[^"\\]|\\.)*)(")', re.IGNORECASE)
# password=hunter2  (query strings, form bodies, log text); stops at a separator
_PAIR_FIELD = re.compile(rf"(\b(?:{_CREDENTIAL_NAMES})\s*[=:]\s*)([^\s&,;\"']+)", re.IGNORECASE)
_BEARER = re.compile(r"(\bBearer\s+)[^\s\"',;]+", re.IGNORECASE)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")


class Redactor:
    """Masks registered secret values and credential-shaped text."""

    def __init__(self, secrets: Iterable[Secret | str] = ()) -> None:
        self._values: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: Secret | str) -> None:
        """Register a value to mask from now on (its encoded forms too)."""
        value = secret.reveal() if isinstance(secret, Secret) else str(secret)
        if not value:
            return
        forms = {value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1]}
        self._values.update(f for f in forms if f)

    def __call__(self, text: str) -> str:
        """Return ``text`` with every secret masked."""
        # Longest first, so a secret containing another is masked whole.
        for value in sorted(self._values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, MASK)
        text = _JWT.sub(MASK, text)
        text = _BEARER.sub(rf"\g<1>{MASK}", text)
        text = _JSON_FIELD.sub(rf"\g<1>{MASK}\g<3>", text)
        return _PAIR_FIELD.sub(rf"\g<1>{MASK}", text)

    def excerpt(self, body: str, limit: int = 300) -> str:
        """A one-line, redacted, bounded excerpt of a response body for an error message."""
        # Redact before cutting: a cut could split a secret and hide it from the patterns.
        flat = " ".join(self(body).split())
        return flat if len(flat) <= limit else flat[: limit - 1] + "…"

"""Who is calling (reference B2, C): ``Authorization: Basic`` with the API key as user name and
any password (or a person's e-mail and password), ``Bearer`` with an API key or an OAuth access
token. Anything else is a 401, in the calling API's error shape, without rate-limit headers."""

from __future__ import annotations

import base64
import binascii

from starlette.requests import Request

from ticketlake.sim.teamwork.config import DEFAULT_PASSWORD
from ticketlake.sim.teamwork.directory import Directory
from ticketlake.sim.teamwork.wire import Api, unauthorized


def _basic(value: str) -> tuple[str, str] | None:
    try:
        text = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, _, password = text.partition(":")
    return user, password


def authenticate(request: Request, keys: dict[str, int], tokens: dict[str, int],
                 directory: Directory, api: Api) -> int:  # fmt: skip
    """The person index the credentials name, or the 401 Teamwork answers."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        token = value.strip()
        person = keys.get(token, tokens.get(token))
        if person is not None:
            return person
    elif scheme == "basic" and (pair := _basic(value)) is not None:
        user, password = pair
        if user in keys:
            return keys[user]
        for k, p in enumerate(directory.people):
            if p.email == user.lower() and password == DEFAULT_PASSWORD and k in keys.values():
                return k
    raise unauthorized(api)

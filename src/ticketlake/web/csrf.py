"""CSRF protection: every unsafe request carries a token only our own pages can know.

The token is an HMAC of a cookie the browser holds (the session cookie, or a random pre-session
cookie on the login and invite pages) under the server's signing key. A cross-site page can make
the browser send the cookie but can neither read it nor compute the HMAC. Forms carry the token
in a hidden ``csrf`` field; scripts send it as ``X-CSRF-Token``. A request a browser labels as
coming from another site (``Sec-Fetch-Site``, ``Origin``) is refused as well, as a second line.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from ticketlake.web.cookies import BINDING_COOKIES, PRE_COOKIE, cookie_name

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "X-CSRF-Token"
FIELD = "csrf"


def token_for(key: bytes, binding: str) -> str:
    """The CSRF token bound to one cookie value."""
    return hmac.new(key, f"csrf:{binding}".encode(), hashlib.sha256).hexdigest()


def new_binding() -> str:
    """A fresh random value for the pre-session cookie."""
    return secrets.token_urlsafe(24)


def _bindings(request: Request, secure: bool) -> list[str]:
    names = [cookie_name(n, secure) for n in (*BINDING_COOKIES, PRE_COOKIE)]
    return [v for v in (request.cookies.get(n) for n in names) if v]


def _same_origin(request: Request) -> bool:
    # Browsers label every request with where it came from; only our own pages (or the user
    # typing an address) may change anything.
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        # Our pages send no referrer, so browsers send "Origin: null" on our own forms; the
        # token check below is what decides then.
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")


async def verify(request: Request, key: bytes, secure: bool) -> None:
    """Raise 403 unless an unsafe request carries a token bound to one of its cookies."""
    if request.method not in UNSAFE_METHODS:
        return
    if not _same_origin(request):
        raise HTTPException(403, "cross-origin request refused")
    supplied = request.headers.get(HEADER, "")
    content_type = request.headers.get("content-type", "")
    if not supplied and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(FIELD)
        supplied = value if isinstance(value, str) else ""
    for binding in _bindings(request, secure):
        if supplied and hmac.compare_digest(supplied, token_for(key, binding)):
            return
    raise HTTPException(403, "missing or invalid CSRF token; reload the page and try again")

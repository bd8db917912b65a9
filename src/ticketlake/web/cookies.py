"""The web app's cookies: names, flags, and how they are set and cleared.

With ``Secure`` cookies the names carry the ``__Host-`` prefix, which browsers only accept from
a secure origin, for the whole host, without a ``Domain`` — so no sibling subdomain can plant
or overwrite them.
"""

from __future__ import annotations

from typing import Literal

from fastapi import Request, Response

OPERATOR_COOKIE = "tl_op"
CUSTOMER_COOKIE = "tl_cust"
PRE_COOKIE = "tl_pre"
BINDING_COOKIES = (OPERATOR_COOKIE, CUSTOMER_COOKIE)


def cookie_name(base: str, secure: bool) -> str:
    """The cookie's name as set (``__Host-`` prefixed when Secure)."""
    return f"__Host-{base}" if secure else base


def read(request: Request, base: str, secure: bool) -> str | None:
    """A cookie's value, or ``None``."""
    return request.cookies.get(cookie_name(base, secure))


def put(
    response: Response,
    base: str,
    value: str,
    *,
    secure: bool,
    max_age: int | None = None,
    same_site: Literal["lax", "strict"] = "lax",
) -> None:
    """Set an HttpOnly cookie for the whole host."""
    response.set_cookie(
        cookie_name(base, secure),
        value,
        max_age=max_age,
        path="/",
        secure=secure,
        httponly=True,
        samesite=same_site,
    )


def clear(response: Response, base: str, *, secure: bool) -> None:
    """Remove a cookie."""
    response.delete_cookie(
        cookie_name(base, secure), path="/", secure=secure, httponly=True, samesite="lax"
    )

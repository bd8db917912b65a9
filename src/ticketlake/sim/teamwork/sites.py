"""Which site (or the central launchpad) a request is for, by Host header or path prefix.

On Teamwork.com a site is ``{site}.teamwork.com`` (US) or ``{site}.eu.teamwork.com`` (EU) and the
central launchpad ``www.teamwork.com`` (reference B1-B2). On 127.0.0.1 the same places are path
prefixes: ``/us/{site}/...``, ``/eu/{site}/...``; ``/launchpad/...`` and ``/.well-known/...``
are the central launchpad; any other path is the simulated site itself, in its own region.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

SUFFIX = ".teamwork.com"
CENTRAL_PATHS = ("launchpad", ".well-known")


@dataclass(frozen=True)
class Place:
    """Where a request is addressed."""

    central: bool
    region: str
    name: str
    base: str
    """The URL root as the client reached it (``http://127.0.0.1:8770/us/acme``)."""
    rest: str
    """The path below ``base`` (starting with ``/``)."""


def locate(request: Request, home_region: str, home_name: str) -> Place:
    """The place a request is for."""
    url = request.url
    origin = f"{url.scheme}://{url.netloc}"
    host = (request.headers.get("host") or url.hostname or "").split(":")[0].lower()
    path = url.path or "/"
    if host.endswith(SUFFIX) or host == SUFFIX[1:]:
        sub = host[: -len(SUFFIX)] if host.endswith(SUFFIX) else ""
        if sub in ("", "www"):
            return Place(True, "", "", origin, path)
        region, name = ("eu", sub[:-3]) if sub.endswith(".eu") else ("us", sub)
        return Place(False, region, name, origin, path)
    parts = path.split("/")
    if len(parts) > 2 and parts[1] in ("us", "eu") and parts[2]:
        rest = "/" + "/".join(parts[3:])
        return Place(False, parts[1], parts[2].lower(), f"{origin}/{parts[1]}/{parts[2]}", rest)
    if len(parts) > 1 and parts[1] in CENTRAL_PATHS:
        return Place(True, "", "", origin, path)
    return Place(False, home_region, home_name, origin, path)


def relocate(place: Place, region: str, name: str) -> str:
    """The URL root of a site reached the way ``place`` was (host or path prefix)."""
    if place.base.endswith(SUFFIX) or place.base.endswith("://" + SUFFIX[1:]):
        scheme = place.base.split("://", 1)[0]
        return f"{scheme}://{name}{'.eu' if region == 'eu' else ''}{SUFFIX}"
    origin = place.base.rsplit("/", 2)[0] if place.base.count("/") > 2 else place.base
    return f"{origin}/{region}/{name}"

"""Following ``nextPageUrl``: by POST with the same body, and only on the zone's host.

A query answers 500 records at most, with ``pageDetails.nextPageUrl`` naming the next page
(reference A4). A GET on it answers 405, and clients that swallow that stop silently at 500
records; it must be POSTed with the query's body again. The URL is the server's to choose, so
before credentials go with it, it must stay on the zone: the same scheme, host and port, under
the zone's REST root (a security review of another client asked exactly that, A4). Some
sources describe it relative (``/Companies/query/next?paging=…``); that is read against the
zone's ``V1.0`` root.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from ticketlake.connectors.autotask.endpoints import next_page
from ticketlake.errors import SourceError

VERSION = "V1.0/"


def next_call(next_url: str, zone_root: str, entity: str) -> tuple[str, dict[str, str]]:
    """(the path relative to the zone's root, the query parameters) of ``entity``'s next page;
    a ``SourceError`` when the URL leaves the zone."""
    target, root = urlsplit(next_url.strip()), urlsplit(zone_root)
    absolute = bool(target.scheme or target.netloc)
    here = (target.scheme.lower(), _netloc(target.netloc))
    if absolute and here != (root.scheme.lower(), _netloc(root.netloc)):
        raise _elsewhere(next_url, zone_root, entity)
    path = target.path
    base = root.path if root.path.endswith("/") else root.path + "/"
    if path.lower().startswith(base.lower()):
        relative = path[len(base) :]
    elif target.netloc:
        raise _elsewhere(next_url, zone_root, entity)
    else:
        relative = path.lstrip("/")
        if not relative.lower().startswith(VERSION.lower()):
            relative = VERSION + relative
    return relative, dict(parse_qsl(target.query, keep_blank_values=True))


def _netloc(netloc: str) -> str:
    """Host and port as compared: the host without case, default ports as given."""
    host, _, port = netloc.rpartition("@")[2].partition(":")
    return f"{host.lower()}:{port}"


def _elsewhere(next_url: str, zone_root: str, entity: str) -> SourceError:
    shown = urlsplit(next_url)
    return SourceError(
        f"Autotask named a next page of {entity} at {shown.scheme}://{shown.netloc}, not on the "
        f"zone {zone_root}; ticketlake sends the API user's credentials only to the zone, so "
        "it stopped reading there",
        method="POST",
        endpoint=next_page(entity),
        fix="report this answer to Autotask; run the sync again to retry",
    )

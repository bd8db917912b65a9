"""Zone discovery: which Autotask zone holds the API user's database (reference A1).

``GET {discovery root}V1.0/zoneInformation?user={user name}``, with no credentials, answers
``{zoneName, url, webUrl, ci}``; ``url`` is the zone's REST root (``…/ATServicesRest/``), where
every other call goes. The version is pinned to ``V1.0``: ``versioninformation`` also lists
``V2.0``, whose ``zoneInformation`` is a 404 (the 2026 trap, A1). An unknown or blank user
name answers 500 "Zone information could not be determined", so a zone found also proves the
user name.

The zone is cached for ``CACHE_SECONDS`` of real time (django-autotask keeps it 12 h) per
discovery root and user name, so the checks and the syncs of one process ask once; the auth
asks again, bypassing the cache, once on a 401 (the tenant may have moved). Credentials go
only to the zone's host: a zone named on another domain than the discovery host's is refused.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from ticketlake.connectors.autotask import answers
from ticketlake.connectors.autotask.endpoints import ZONE_INFORMATION
from ticketlake.connectors.autotask.settings import AutotaskSettings, rest_root
from ticketlake.errors import AuthError, ConfigError, SourceError
from ticketlake.transport import Clock, Endpoint, Transport

CACHE_SECONDS = 43_200.0
ZONE_ENDPOINTS = (Endpoint("GET", ZONE_INFORMATION),)
"""The discovery host's allow-list: zone information only."""

_CACHE: dict[tuple[str, str], tuple[Zone, float]] = {}


@dataclass(frozen=True)
class Zone:
    """Where a tenant lives: the zone's name, REST root, web UI root and CI number."""

    name: str
    url: str
    web_url: str | None = None
    ci: int | None = None


class ZoneFinder:
    """Looks the API user's zone up on the discovery host, through a transport of its own
    (no credentials, not counted against the tenant's threshold, no thread)."""

    def __init__(
        self,
        settings: AutotaskSettings,
        *,
        clock: Clock | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._http = http_transport
        self.lookups = 0
        """Zone information calls made (not counted against the tenant's threshold)."""

    def _key(self) -> tuple[str, str]:
        return self.settings.discovery_url.lower(), self.settings.username.lower()

    async def zone(self, *, fresh: bool = False) -> Zone:
        """The zone: pinned by the connection, cached, or looked up (``fresh``: looked up)."""
        if self.settings.zone_url:
            return Zone("pinned", self.settings.zone_url)
        now = time.monotonic()
        cached = _CACHE.get(self._key())
        if cached is not None and not fresh and now - cached[1] < CACHE_SECONDS:
            return cached[0]
        zone = await self.lookup()
        _CACHE[self._key()] = (zone, now)
        return zone

    async def lookup(self) -> Zone:
        """Ask the discovery host (``SourceError`` when it cannot say, or names a zone
        ticketlake will not send credentials to)."""
        self.lookups += 1
        async with self._transport() as transport:
            try:
                body = await transport.json(
                    "GET", ZONE_INFORMATION, params={"user": self.settings.username},
                    authenticate=False,
                )  # fmt: skip
            except SourceError as exc:
                if exc.status != 500:
                    raise
                raise self._unknown(exc) from None
        zone = parse_zone(body)
        trusted(zone.url, self.settings.discovery_url)
        return zone

    def _unknown(self, exc: SourceError) -> AuthError:
        """Zone information's 500: Autotask knows no such user (A1)."""
        return answers.refusal(
            exc,
            f"Autotask found no zone for the user name {self.settings.username}: no API user "
            "has that name",
            "copy the user name Autotask generated for the API user (API user, step 4) into "
            f"the connection: `ticketlake connections edit {self.settings.name} "
            "--set api_username=NAME`",
        )

    def _transport(self) -> Transport:
        return Transport(
            self.settings.discovery_url,
            ZONE_ENDPOINTS,
            connection=self.settings.name,
            clock=self._clock,
            http_transport=self._http,
            headers={"Accept": "application/json"},
            classify=answers.verdict,
        )


def parse_zone(body: Any) -> Zone:
    """A ``ZoneInformation`` answer (camelCase live, PascalCase in the 2024 Swagger)."""
    fields = {str(k).lower(): v for k, v in body.items()} if isinstance(body, dict) else {}
    url = fields.get("url")
    if not isinstance(url, str) or not url:
        raise SourceError(
            "zone information named no zone URL",
            endpoint=ZONE_INFORMATION,
            fix="check the discovery URL (it should end in /ATServicesRest)",
        )
    ci = fields.get("ci")
    try:
        root = rest_root(url)
    except ConfigError as exc:
        raise SourceError(f"zone information named {url!r}, not a URL", fix=exc.fix) from None
    return Zone(
        name=str(fields.get("zonename") or ""),
        url=root,
        web_url=fields.get("weburl") if isinstance(fields.get("weburl"), str) else None,
        ci=ci if isinstance(ci, int) and not isinstance(ci, bool) else None,
    )


def trusted(zone_url: str, discovery_url: str) -> None:
    """Refuse a zone on another scheme, or on another domain than the discovery host's
    (``webservices5.autotask.net`` for ``webservices2.autotask.net``; an address must be
    the discovery host's own): credentials go to the zone."""
    zone, origin = urlsplit(zone_url), urlsplit(discovery_url)
    if zone.scheme == origin.scheme and _same_site(zone, origin):
        return
    raise SourceError(
        f"zone information named {zone_url}, which is not on the discovery host's domain "
        f"({origin.hostname}); ticketlake sends the API user's credentials only there",
        endpoint=ZONE_INFORMATION,
        fix="pin the zone with `--zone-url` if it really is elsewhere",
    )


def _same_site(zone: Any, origin: Any) -> bool:
    host, home = (zone.hostname or "").lower(), (origin.hostname or "").lower()
    if not host or not home:
        return False
    if _is_address(home) or _is_address(host):
        return host == home and zone.port == origin.port
    return host.split(".")[-2:] == home.split(".")[-2:]


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost"
    return True


def forget_zones() -> None:
    """Empty the zone cache (tests; a process that knows a tenant moved)."""
    _CACHE.clear()

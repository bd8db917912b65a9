"""What the Teamwork checks share in one run: the connection, the site they read, the calls
made (each one evidence), and what earlier checks found.

Every call goes through the connector's own ``TeamworkApi`` over its ``transport_for`` (the
allow-list, each API's account budget, the credentials, secrets redacted), recorded by a
``CallRecorder``: the checks make the calls a sync makes. Before any credential goes out, the
site's root must be on a Teamwork host over HTTPS or on a host the connection names itself, and
pass the network guard under the switches the connection was saved with. The site is opened on
first use: an OAuth 2.0 connection that was never authorized has no token to build it with, and
its authorization check says so before any call is tried. Checks only read, a call or two each.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ticketlake.checks import CheckOptions, Evidence
from ticketlake.checks.guide import Guide
from ticketlake.checks.recorder import CallRecorder
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.netguard import NetworkPolicy, UnsafeURL
from ticketlake.connectors.teamwork import oauth
from ticketlake.connectors.teamwork.api import TeamworkApi
from ticketlake.connectors.teamwork.checks.guide import GUIDE
from ticketlake.connectors.teamwork.settings import TeamworkSettings
from ticketlake.connectors.teamwork.transport import teamwork_transport
from ticketlake.errors import SourceError
from ticketlake.secret import Secret
from ticketlake.transport import Transport


@dataclass(frozen=True)
class Answer:
    """One read's answer: its status (None: no answer) and what it read (None: refused)."""

    status: int | None
    body: Any = None


@dataclass
class Findings:
    """What earlier checks learnt (and the preview builds on)."""

    root: str = ""
    """The site's URL root the calls go to (no trailing slash)."""
    me: dict[str, Any] = field(default_factory=dict)
    backfill: Any = None
    """The first sync's plan (``preview.Backfill``), or why it could not be made."""


@dataclass(frozen=True)
class Site:
    """One site root opened for reading: its transport, the recorder and the API over it."""

    transport: Transport
    recorder: CallRecorder
    api: TeamworkApi


def other_region(root: str) -> str | None:
    """The same site in the other region (host ``.eu.``, or the simulator's ``/us/``/``/eu/``
    path prefix); None when the root shows neither."""
    parts = urlsplit(root)
    host = parts.hostname or ""
    if host.endswith(".eu.teamwork.com"):
        return root.replace(".eu.teamwork.com", ".teamwork.com", 1)
    if host.endswith(".teamwork.com"):
        return root.replace(".teamwork.com", ".eu.teamwork.com", 1)
    for here, there in (("/us/", "/eu/"), ("/eu/", "/us/")):
        if parts.path.startswith(here):
            return root.replace(parts.path, there + parts.path[len(here) :], 1)
    return None


class CheckContext:
    """One check run against one Teamwork.com site."""

    def __init__(
        self, settings: ConnectionSettings, network: NetworkPolicy, options: CheckOptions
    ) -> None:
        self.settings = settings
        self.network = network
        self.options = options
        self.found = Findings()
        self._sites: dict[str, Site] = {}
        own = [settings.value("site_url"), settings.value("launchpad_url")]
        self._own = tuple(sorted({(urlsplit(str(u)).hostname or "").lower() for u in own if u}))

    @property
    def connection(self) -> str:
        """The connection's name."""
        return self.settings.name

    @property
    def guide(self) -> Guide:
        """Seed 003 as the checks cite it."""
        return GUIDE

    @property
    def oauth(self) -> bool:
        """Whether the connection signs in with OAuth 2.0."""
        return bool(self.settings.value("auth_type") == "oauth2")

    def teamwork(self) -> TeamworkSettings:
        """The connection as the connector reads it (a ``ConfigError`` names what is missing)."""
        return TeamworkSettings.from_connection(self.settings)

    def root(self) -> str:
        """Where calls go: the token's ``apiEndPoint``, ``site_url``, or region and site name."""
        return self.teamwork().site_url.rstrip("/")

    async def site(self, root: str = "") -> Site:
        """The site at ``root`` (the connection's own by default), opened on first use once
        the root passed the host allow-list and the network guard (``UnsafeURL`` if not)."""
        root = root or self.root()
        if root not in self._sites:
            app = oauth.OAuthApp("", "", Secret(""), "", self.network, self._own)
            await oauth.guarded(root, app)
            tw = dataclasses.replace(self.teamwork(), site_url=root + "/")
            transport = teamwork_transport(
                tw, clock=self.options.clock, http_transport=self.options.http_transport
            )
            recorder = CallRecorder(transport)
            api = TeamworkApi(recorder.recorded())
            self._sites[root] = Site(transport, recorder, api)
        return self._sites[root]

    async def read(self, call: Callable[[TeamworkApi], Awaitable[Any]], root: str = "") -> Answer:
        """``call`` on the site's API: what it read, or the status it was refused with."""
        site = await self.site(root)
        try:
            return Answer(200, await call(site.api))
        except SourceError as exc:
            return Answer(exc.status)

    def take_evidence(self) -> tuple[Evidence, ...]:
        """The calls made since the last take."""
        return tuple(e for s in self._sites.values() for e in s.recorder.take_evidence())

    async def aclose(self) -> None:
        """Close every transport opened."""
        for site in self._sites.values():
            await site.transport.aclose()


__all__ = ["Answer", "CheckContext", "Site", "UnsafeURL", "other_region"]

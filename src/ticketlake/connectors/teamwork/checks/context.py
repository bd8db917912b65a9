"""What the Teamwork checks share in one run: the connection, where and how to call, the
calls made (each one evidence), and what earlier checks found.

Reads go through ``read``, a small GET of our own (the connector's API module is not in this
build yet): before any credential goes out, the URL must be on a Teamwork host over HTTPS or on
a host the connection names itself, and pass the network guard under the switches the
connection was saved with. Checks only read, a call or two each.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from ticketlake.checks import Evidence
from ticketlake.checks.guide import Guide
from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.netguard import NetworkPolicy, UnsafeURL
from ticketlake.connectors.teamwork import oauth
from ticketlake.connectors.teamwork.checks.guide import GUIDE
from ticketlake.secret import Secret

TIMEOUT = 30.0


@dataclass(frozen=True)
class Answer:
    """One GET's answer: its status (None: no answer) and its JSON body (None: not JSON)."""

    status: int | None
    body: Any = None


@dataclass
class Findings:
    """What earlier checks learnt."""

    root: str = ""
    """The site's URL root the calls go to (no trailing slash)."""
    me: dict[str, Any] = field(default_factory=dict)


def site_root(settings: ConnectionSettings) -> str:
    """Where an API key is sent: ``site_url``, else ``https://{site}[.eu].teamwork.com``."""
    override = settings.value("site_url")
    if override:
        return str(override).rstrip("/")
    eu = ".eu" if settings.value("region") == "eu" else ""
    return f"https://{settings.value('site_name')}{eu}.teamwork.com"


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
        self, settings: ConnectionSettings, network: NetworkPolicy, http: httpx.AsyncClient
    ) -> None:
        self.settings = settings
        self.network = network
        self.http = http
        self.found = Findings()
        self._evidence: list[Evidence] = []
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

    def take_evidence(self) -> tuple[Evidence, ...]:
        """The calls made since the last take."""
        taken, self._evidence = tuple(self._evidence), []
        return taken

    def _authorization(self) -> str:
        if self.oauth:
            token = self.settings.secret(oauth.TOKEN_SECRET)
            return f"Bearer {token.reveal()}" if token else ""
        key = self.settings.secret("api_key")
        pair = f"{key.reveal() if key else ''}:X".encode()
        return "Basic " + base64.b64encode(pair).decode()

    async def read(self, url: str, params: dict[str, str] | None = None) -> Answer:
        """GET ``url`` with the connection's credentials, once it passed the allow-list and
        the network guard (``UnsafeURL`` otherwise, nothing sent); recorded as evidence."""
        app = oauth.OAuthApp("", "", Secret(""), "", self.network, self._own)
        await oauth.guarded(url, app)
        started = time.perf_counter()
        shown = urlsplit(url)
        where = f"{shown.netloc}{shown.path}"
        try:
            answer = await self.http.get(
                url,
                params=params,
                headers={"Authorization": self._authorization(), "Accept": "application/json"},
            )
        except httpx.HTTPError as exc:
            self._note(where, None, type(exc).__name__, started)
            return Answer(None)
        self._note(where, answer.status_code, answer.text[:200], started)
        try:
            return Answer(answer.status_code, orjson.loads(answer.content))
        except orjson.JSONDecodeError:
            return Answer(answer.status_code)

    def _note(self, where: str, status: int | None, excerpt: str, started: float) -> None:
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        self._evidence.append(Evidence("GET", where, status, excerpt, elapsed))


__all__ = ["Answer", "CheckContext", "UnsafeURL", "other_region", "site_root"]

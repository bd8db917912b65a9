"""What the TeamDynamix checks share in one run: the transport, the settings, what earlier
checks found, and the evidence of every call a check makes.

Every call goes through ``CheckContext.call``: the transport's read-only guard refuses anything
outside the connector's allow-list before the network, and the call is written down as
evidence (method, concrete path, status, a redacted excerpt, elapsed time) for the check that
is running, whether it succeeded or not.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

import httpx

from ticketlake.checks import Evidence
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.api import TdxApi
from ticketlake.connectors.teamdynamix.auth import TdxAuth
from ticketlake.connectors.teamdynamix.settings import TdxSettings
from ticketlake.errors import SourceError
from ticketlake.secret import MASK
from ticketlake.transport import Transport, parse_body

if TYPE_CHECKING:
    from ticketlake.connectors.teamdynamix.checks.preview import Backfill

Json = Any

_REDACT_CHARS = 20_000
# The org's BEID is a credential of the admin login; getuser shows it in password mode too,
# where it is not one of the connection's registered secrets.
_BEID = re.compile(r'("BEID"\s*:\s*")[^"]*(")', re.IGNORECASE)


@dataclass
class Findings:
    """What earlier checks learnt and later checks (and the preview) build on."""

    searches: list[tuple[Any, list[dict[str, Any]]]] = field(default_factory=list)
    """Every ticket search made (body, rows): the sync plan's probe among them."""
    user: dict[str, Any] | None = None
    user_evidence: Evidence | None = None
    """The getuser call that read ``user`` (the least-privilege check judges the same answer)."""
    application: dict[str, Any] | None = None
    search_rows: list[dict[str, Any]] = field(default_factory=list)
    ticket: dict[str, Any] | None = None
    ticket_feed: list[dict[str, Any]] | None = None
    feed_page: dict[str, Any] | None = None
    feed_agrees: bool | None = None
    attribute_defs: list[dict[str, Any]] | None = None
    people: int | None = None
    people_capped: bool = False
    groups: int | None = None
    time_readable: bool | None = None
    backfill: Backfill | None = None

    @property
    def probe_rows(self) -> list[dict[str, Any]]:
        """The rows of the widest ticket search made."""
        return max((rows for _, rows in self.searches), key=len, default=[])


class CheckContext:
    """One check run against one tenant."""

    def __init__(
        self,
        settings: TdxSettings,
        transport: Transport,
        auth: TdxAuth,
        *,
        expected_tickets: int | None = None,
        network: NetworkPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.transport = transport
        self.auth = auth
        self.network = network
        """The allowances the base URL was saved under (re-checked before any call)."""
        self.expected_tickets = expected_tickets
        self.found = Findings()
        self._evidence: list[Evidence] = []
        self.api = TdxApi(cast(Transport, _Recorded(self)), settings.app_id)
        """The connector's API (the calls the sync makes), its calls recorded as evidence."""

    @property
    def app_id(self) -> int:
        """The configured ticketing application."""
        return self.settings.app_id

    def take_evidence(self) -> tuple[Evidence, ...]:
        """The calls made since the last take (the finishing check's evidence)."""
        taken, self._evidence = tuple(self._evidence), []
        return taken

    @property
    def last_evidence(self) -> Evidence | None:
        """The evidence of the latest call of the running check."""
        return self._evidence[-1] if self._evidence else None

    def note(self, evidence: Evidence) -> None:
        """Add evidence that did not come from ``call`` (the login, made by the auth)."""
        self._evidence.append(evidence)

    async def call(self, method: str, template: str, **options: Any) -> Json:
        """``respond``, returning the parsed body."""
        return parse_body((await self.respond(method, template, **options)).content)

    async def respond(
        self,
        method: str,
        template: str,
        *,
        path: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        authenticate: bool = True,
    ) -> httpx.Response:
        """One call through the transport, recorded as evidence (the call the sync would make).

        Errors (``ticketlake.errors``) are recorded with their status and excerpt, then raised.
        """
        values = {"appId": self.app_id} | dict(path or {})
        shown = concrete(template, values, params)
        started = time.perf_counter()
        try:
            response = await self.transport.call(
                method, template, path=values, params=params, json=body, authenticate=authenticate
            )
        except SourceError as exc:
            self._record(method, shown, exc.status, exc.excerpt, started)
            raise
        self._record(method, shown, response.status_code, response.text, started)
        if template == ep.TICKET_SEARCH:
            answer = parse_body(response.content)
            if isinstance(answer, list):
                self.found.searches.append((body, answer))
        return response

    def _record(
        self, method: str, path: str, status: int | None, text: str, started: float
    ) -> None:
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        self._evidence.append(Evidence(method, path, status, self.sanitize(text), elapsed))

    def sanitize(self, text: str) -> str:
        """A one-line excerpt with every secret, token and BEID masked."""
        # Only the start is shown; redacting a long list whole would cost time for nothing.
        head = text[:_REDACT_CHARS]
        return self.transport.redactor.excerpt(_BEID.sub(rf"\g<1>{MASK}\g<2>", head))


class _Recorded:
    """The transport as ``TdxApi`` uses it, each call going through ``CheckContext.call``."""

    def __init__(self, ctx: CheckContext) -> None:
        self._ctx = ctx

    async def call(
        self,
        method: str,
        template: str,
        *,
        path: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        """``Transport.call``, recorded."""
        return await self._ctx.respond(method, template, path=path, params=params, body=json)

    def server_now(self) -> float:
        """The server's clock as the transport estimates it."""
        return self._ctx.transport.server_now()


def concrete(template: str, values: Mapping[str, Any], params: Mapping[str, Any] | None) -> str:
    """The path as called: placeholders filled, the (non-secret) query appended."""
    path = re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)
    if params:
        path += "?" + urlencode({k: v for k, v in params.items() if v is not None})
    return path

"""What the TeamDynamix checks share in one run: the settings, the login, the connector's API,
and what earlier checks found.

Every call is recorded as evidence by ``ticketlake.checks.recorder.CallRecorder`` (the base of
``CheckContext``): the TDX API the sync uses is handed the recording transport, so the checks
make the sync's own calls. TDX adds two things to the recording: ``appId`` filled in every
path, and the BEID masked in excerpts; and it keeps every ticket search answered, for the
plan's probe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import httpx

from ticketlake.checks import Evidence
from ticketlake.checks.guide import Guide
from ticketlake.checks.recorder import CallRecorder
from ticketlake.connectors.netguard import NetworkPolicy
from ticketlake.connectors.teamdynamix import endpoints as ep
from ticketlake.connectors.teamdynamix.api import TdxApi
from ticketlake.connectors.teamdynamix.auth import TdxAuth
from ticketlake.connectors.teamdynamix.checks.backfill import Backfill
from ticketlake.connectors.teamdynamix.settings import TdxSettings
from ticketlake.connectors.teamdynamix.spec import INTEGRATION_GUIDE
from ticketlake.transport import Transport, parse_body

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


class CheckContext(CallRecorder):
    """One check run against one TeamDynamix tenant."""

    def __init__(
        self,
        settings: TdxSettings,
        transport: Transport,
        auth: TdxAuth,
        *,
        expected_tickets: int | None = None,
        network: NetworkPolicy | None = None,
    ) -> None:
        super().__init__(transport, path={"appId": settings.app_id}, masks=(_BEID,))
        self.settings = settings
        self.auth = auth
        self.network = network
        """The allowances the base URL was saved under (re-checked before any call)."""
        self.expected_tickets = expected_tickets
        self.found = Findings()
        self.api = TdxApi(self.recorded(), settings.app_id)
        """The connector's API (the calls the sync makes), its calls recorded as evidence."""

    @property
    def connection(self) -> str:
        """The connection's name."""
        return self.settings.name

    @property
    def guide(self) -> Guide:
        """The TeamDynamix integration guide, as the checks cite it."""
        return INTEGRATION_GUIDE

    @property
    def app_id(self) -> int:
        """The configured ticketing application."""
        return self.settings.app_id

    def answered(self, template: str, body: Any, response: httpx.Response) -> None:
        """Every ticket search's answer is kept (the plan's probe is among them)."""
        if template == ep.TICKET_SEARCH:
            answer = parse_body(response.content)
            if isinstance(answer, list):
                self.found.searches.append((body, answer))

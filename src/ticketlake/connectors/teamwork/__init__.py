"""The Teamwork.com connector: Projects and Desk extracted, Spaces verified.

``Teamwork()`` is the ``Connector``: ``transport(settings)`` builds a transport over the
read-only allow-list (``endpoints.py``) with each API's account budget; ``streams(settings,
transport)`` lists what a sync reads (``streams/``). ``transport.transport_for(connection)``
is the one way from ``ConnectionSettings`` to an authenticated transport (an API key, or an
OAuth 2.0 ``access_token`` with its ``api_endpoint``); ``api.TeamworkApi`` reads through it.
How Teamwork's concepts map: ``docs/extraction-teamwork.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from ticketlake.connectors.base import ConnectionSettings, Stream
from ticketlake.connectors.teamwork.api import TeamworkApi
from ticketlake.connectors.teamwork.endpoints import ENDPOINTS
from ticketlake.connectors.teamwork.settings import TeamworkSettings
from ticketlake.connectors.teamwork.streams import build_streams
from ticketlake.connectors.teamwork.transport import teamwork_transport, transport_for
from ticketlake.transport import BudgetBackend, Clock, Transport
from ticketlake.transport.endpoint import Endpoint

__all__ = ["ENDPOINTS", "Teamwork", "TeamworkApi", "TeamworkSettings", "transport_for"]


class Teamwork:
    """The Teamwork.com ``Connector``."""

    name = "teamwork"
    endpoints: tuple[Endpoint, ...] = ENDPOINTS

    def transport(
        self,
        settings: ConnectionSettings,
        *,
        clock: Clock | None = None,
        http_transport: httpx.AsyncBaseTransport | None = None,
        budgets: BudgetBackend | None = None,
        **_: Any,
    ) -> Transport:
        """A transport for ``settings``: the site, the credentials, each API's budget."""
        tw = TeamworkSettings.from_connection(settings)
        return teamwork_transport(tw, clock=clock, http_transport=http_transport, budgets=budgets)

    def streams(self, settings: ConnectionSettings, transport: Transport) -> Sequence[Stream]:
        """The streams of ``settings`` over ``transport``."""
        tw = TeamworkSettings.from_connection(settings)
        return build_streams(tw, TeamworkApi(transport), transport.server_now)

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
from typing import Unpack

from ticketlake.connectors.base import Stream
from ticketlake.connectors.source import SourceConnector, TransportOptions
from ticketlake.connectors.teamwork.api import TeamworkApi
from ticketlake.connectors.teamwork.endpoints import ENDPOINTS
from ticketlake.connectors.teamwork.settings import TeamworkSettings
from ticketlake.connectors.teamwork.streams import build_streams
from ticketlake.connectors.teamwork.transport import teamwork_transport, transport_for
from ticketlake.transport import Transport
from ticketlake.transport.endpoint import Endpoint

__all__ = ["ENDPOINTS", "Teamwork", "TeamworkApi", "TeamworkSettings", "transport_for"]


class Teamwork(SourceConnector[TeamworkSettings]):
    """The Teamwork.com ``Connector``."""

    name = "teamwork"
    endpoints: tuple[Endpoint, ...] = ENDPOINTS
    settings_type = TeamworkSettings

    def open_transport(
        self, settings: TeamworkSettings, **options: Unpack[TransportOptions]
    ) -> Transport:
        """A transport to the site: the credentials, each API's budget."""
        return teamwork_transport(settings, **options)

    def build_streams(self, settings: TeamworkSettings, transport: Transport) -> Sequence[Stream]:
        """Projects' or Desk's streams over ``transport``."""
        return build_streams(settings, TeamworkApi(transport), transport.server_now)

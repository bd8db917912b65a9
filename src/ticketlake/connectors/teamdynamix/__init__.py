"""The TeamDynamix connector: endpoints and limits, login, streams, mapping.

``TeamDynamix()`` is the ``Connector``: ``transport(settings)`` builds a budgeted, guarded
transport with the tenant's login; ``streams(settings, transport)`` lists what a sync reads.
The spec is ``spec.py`` and the onboarding checks are ``checks/`` (see ``connectors/base.py``
for the contract every connector follows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from ticketlake.connectors.base import Stream
from ticketlake.connectors.source import SourceConnector, TransportOptions
from ticketlake.connectors.teamdynamix.api import TdxApi
from ticketlake.connectors.teamdynamix.auth import TdxAuth
from ticketlake.connectors.teamdynamix.endpoints import ENDPOINTS
from ticketlake.connectors.teamdynamix.settings import TdxSettings
from ticketlake.connectors.teamdynamix.streams import build_streams
from ticketlake.connectors.teamdynamix.transport import tdx_transport
from ticketlake.transport import Transport
from ticketlake.transport.endpoint import Endpoint

__all__ = ["ENDPOINTS", "TdxSettings", "TeamDynamix"]


class TeamDynamix(SourceConnector[TdxSettings]):
    """The TeamDynamix ``Connector``."""

    name = "teamdynamix"
    endpoints: tuple[Endpoint, ...] = ENDPOINTS
    settings_type = TdxSettings

    def open_transport(
        self, settings: TdxSettings, **options: Unpack[TransportOptions]
    ) -> Transport:
        """A transport: the allow-list, documented limits, login, redaction."""
        return tdx_transport(settings, TdxAuth(settings), **options)

    def build_streams(self, settings: TdxSettings, transport: Transport) -> Sequence[Stream]:
        """The app's streams over ``transport``."""
        return build_streams(settings, TdxApi(transport, settings.app_id))

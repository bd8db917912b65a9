"""The Autotask PSA connector: zone discovery, the tenant's budget, streams, mapping.

``Autotask()`` is the ``Connector``: ``transport(settings)`` builds a transport over the
read-only allow-list that finds the tenant's zone on its first call and keeps to a share of the
tenant's hourly threshold; ``streams(settings, transport)`` lists what a sync reads. The spec is
``spec.py`` and the onboarding checks are ``checks/``; the API client the streams and the
checks share is ``api.py`` (see ``connectors/base.py`` for the contract every connector
follows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from ticketlake.connectors.autotask.api import AutotaskApi
from ticketlake.connectors.autotask.endpoints import ENDPOINTS
from ticketlake.connectors.autotask.settings import AutotaskSettings
from ticketlake.connectors.autotask.streams import build_streams
from ticketlake.connectors.autotask.transport import autotask_transport
from ticketlake.connectors.base import Stream
from ticketlake.connectors.source import SourceConnector, TransportOptions
from ticketlake.transport import Transport
from ticketlake.transport.endpoint import Endpoint

__all__ = ["ENDPOINTS", "Autotask", "AutotaskApi", "AutotaskSettings"]


class Autotask(SourceConnector[AutotaskSettings]):
    """The Autotask ``Connector``."""

    name = "autotask"
    endpoints: tuple[Endpoint, ...] = ENDPOINTS
    settings_type = AutotaskSettings

    def open_transport(
        self, settings: AutotaskSettings, **options: Unpack[TransportOptions]
    ) -> Transport:
        """A transport: zone, header auth, allow-list, the tenant's budget."""
        return autotask_transport(settings, **options)

    def build_streams(self, settings: AutotaskSettings, transport: Transport) -> Sequence[Stream]:
        """The tenant's streams over ``transport``."""
        return build_streams(settings, AutotaskApi.of(transport))

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
from typing import Any

import httpx

from ticketlake.connectors.autotask.api import AutotaskApi
from ticketlake.connectors.autotask.endpoints import ENDPOINTS
from ticketlake.connectors.autotask.settings import AutotaskSettings
from ticketlake.connectors.autotask.streams import build_streams
from ticketlake.connectors.autotask.transport import autotask_transport
from ticketlake.connectors.base import ConnectionSettings, Stream
from ticketlake.transport import BudgetBackend, Clock, Transport
from ticketlake.transport.endpoint import Endpoint

__all__ = ["ENDPOINTS", "Autotask", "AutotaskApi", "AutotaskSettings"]


class Autotask:
    """The Autotask ``Connector``."""

    name = "autotask"
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
        """A transport for ``settings``: zone, header auth, allow-list, the tenant's budget."""
        at = AutotaskSettings.from_connection(settings)
        return autotask_transport(at, clock=clock, http_transport=http_transport, budgets=budgets)

    def streams(self, settings: ConnectionSettings, transport: Transport) -> Sequence[Stream]:
        """The streams of ``settings`` over ``transport``."""
        at = AutotaskSettings.from_connection(settings)
        return build_streams(at, AutotaskApi.of(transport))

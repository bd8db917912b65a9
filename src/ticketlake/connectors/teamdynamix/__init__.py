"""The TeamDynamix connector: endpoints and limits, login, streams, mapping.

``TeamDynamix()`` is the ``Connector``: ``transport(settings)`` builds a budgeted, guarded
transport with the tenant's login; ``streams(settings, transport)`` lists what a sync reads.
The spec is ``spec.py`` and the onboarding checks are ``checks/`` (see ``connectors/base.py``
for the contract every connector follows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from ticketlake.connectors.base import ConnectionSettings, Stream
from ticketlake.connectors.teamdynamix.api import TdxApi
from ticketlake.connectors.teamdynamix.auth import TdxAuth
from ticketlake.connectors.teamdynamix.endpoints import ENDPOINTS
from ticketlake.connectors.teamdynamix.settings import TdxSettings
from ticketlake.connectors.teamdynamix.streams import build_streams
from ticketlake.connectors.teamdynamix.transport import tdx_transport
from ticketlake.transport import BudgetBackend, Clock, Transport
from ticketlake.transport.endpoint import Endpoint

__all__ = ["ENDPOINTS", "TdxSettings", "TeamDynamix"]


class TeamDynamix:
    """The TeamDynamix ``Connector``."""

    name = "teamdynamix"
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
        """A transport for ``settings``: the allow-list, documented limits, login, redaction."""
        tdx = TdxSettings.from_connection(settings)
        auth = TdxAuth(tdx)
        return tdx_transport(tdx, auth, clock=clock, http_transport=http_transport, budgets=budgets)

    def streams(self, settings: ConnectionSettings, transport: Transport) -> Sequence[Stream]:
        """The streams of ``settings`` over ``transport``."""
        tdx = TdxSettings.from_connection(settings)
        return build_streams(tdx, TdxApi(transport, tdx.app_id))

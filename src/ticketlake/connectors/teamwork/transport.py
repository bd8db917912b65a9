"""The transport one Teamwork.com connection talks through, for the sync, the checks and the
OAuth flow alike: the allow-list with each API's account budget, JSON, the credentials, and
the secrets redacted from logs and errors.

``transport_for(connection)`` is the one way in from ``ConnectionSettings`` (an API key, or a
stored ``access_token`` with its ``api_endpoint``)."""

from __future__ import annotations

from typing import Any

import httpx

from ticketlake.connectors.base import ConnectionSettings
from ticketlake.connectors.teamwork.auth import TeamworkAuth
from ticketlake.connectors.teamwork.endpoints import endpoints
from ticketlake.connectors.teamwork.settings import TeamworkSettings
from ticketlake.transport import BudgetBackend, Clock, Transport

HEADERS = {"Accept": "application/json"}


def teamwork_transport(
    settings: TeamworkSettings,
    *,
    clock: Clock | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
    budgets: BudgetBackend | None = None,
) -> Transport:
    """A transport to ``settings``' site root."""
    return Transport(
        settings.site_url,
        endpoints(),
        connection=settings.name,
        clock=clock,
        http_transport=http_transport,
        auth=TeamworkAuth(settings),
        budgets=budgets,
        redact=list(settings.secrets),
        headers=HEADERS,
    )


def transport_for(conn: ConnectionSettings, **options: Any) -> Transport:
    """A transport for a connection (``options``: ``clock``, ``http_transport``,
    ``budgets``); a ``ConfigError`` when the connection lacks what it needs."""
    return teamwork_transport(TeamworkSettings.from_connection(conn), **options)

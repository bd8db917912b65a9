"""The transport one TeamDynamix connection talks through, for the sync and the checks alike:
the allow-list with its documented limits, JSON headers on every call, the login, and every
secret of the connection redacted from logs and errors."""

from __future__ import annotations

import httpx

from ticketlake.connectors.teamdynamix.auth import TdxAuth
from ticketlake.connectors.teamdynamix.endpoints import ENDPOINTS
from ticketlake.connectors.teamdynamix.settings import TdxSettings
from ticketlake.secret import Secret
from ticketlake.transport import BudgetBackend, Clock, Transport

HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
"""Sent with every call, GETs included: the API takes JSON only ("requests must include
Content-Type: application/json", reference §0), and the guide's curl examples send it on GETs."""


def tdx_transport(
    tdx: TdxSettings,
    auth: TdxAuth,
    *,
    clock: Clock | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
    budgets: BudgetBackend | None = None,
) -> Transport:
    """A transport for the connection ``tdx``, logging in through ``auth``."""
    secrets: list[Secret | str] = [
        s for s in (tdx.password, tdx.beid, tdx.web_services_key) if s is not None
    ]
    return Transport(
        tdx.base_url,
        ENDPOINTS,
        connection=tdx.name,
        clock=clock,
        http_transport=http_transport,
        auth=auth,
        budgets=budgets,
        redact=secrets,
        headers=HEADERS,
    )

"""The transport one Autotask connection talks through, for the sync and the checks alike:
the allow-list with the tenant's budget at the connection's share, JSON headers, the header
auth (which finds the zone first), answers read by their words (``answers.py``), and the
secret and tracking identifier redacted from logs and errors."""

from __future__ import annotations

import httpx

from ticketlake.connectors.autotask import answers
from ticketlake.connectors.autotask.auth import AutotaskAuth
from ticketlake.connectors.autotask.endpoints import endpoints
from ticketlake.connectors.autotask.settings import AutotaskSettings
from ticketlake.connectors.autotask.zone import ZoneFinder
from ticketlake.transport import BudgetBackend, Clock, Transport

HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
"""Sent with every call (django-autotask sends Content-Type on every call, GETs included)."""


def autotask_transport(
    settings: AutotaskSettings,
    *,
    clock: Clock | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
    budgets: BudgetBackend | None = None,
) -> Transport:
    """A transport for ``settings``; its ``auth`` (``AutotaskAuth``) finds the zone on the
    first call and moves the transport there (``Transport.base_url`` until then: the
    discovery root)."""
    zones = ZoneFinder(settings, clock=clock, http_transport=http_transport)
    return Transport(
        settings.zone_url or settings.discovery_url,
        endpoints(settings.share),
        connection=settings.name,
        clock=clock,
        http_transport=http_transport,
        auth=AutotaskAuth(settings, zones),
        budgets=budgets,
        redact=[settings.secret, settings.integration_code],
        headers=HEADERS,
        classify=answers.verdict,
    )
